"""Benchmark: the legal-basis engine over the full matrix of State pairs.

    .venv/bin/python bench/legal_basis.py [--offence money_laundering] [--date 2025-01-01]
                                          [--type mla ...] [--json]

Loads the facts once (a few queries), then evaluates every ordered pair of distinct States
for each cooperation type on one core, and reports the time per evaluation and per matrix.
Needs a database with the reference data loaded (`rogatory load-reference`).
"""

import argparse
import datetime as dt
import os
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rogatory.settings")
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from rogatory.legalbasis.engine import COOPERATION_TYPES, Engine
    from rogatory.legalbasis.services import as_json, load_book

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offence", default="money_laundering")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--type", action="append", choices=COOPERATION_TYPES)
    parser.add_argument("--json", action="store_true",
                        help="also time turning every answer into the API's JSON")
    args = parser.parse_args()

    reset_queries()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        book = load_book()
    load_time = time.perf_counter() - started
    states = sorted(book.states)
    pairs = [(a, b) for a in states for b in states if a != b]
    print(f"{len(states)} States, {len(pairs)} ordered pairs, "
          f"{sum(len(f) for kinds in book.facts.values() for f in kinds.values())} facts, "
          f"{len(book.instruments)} "
          f"instruments; loaded in {load_time * 1000:.0f} ms with {len(queries)} queries")
    print(f"offence {args.offence}, date {args.date}, Python {sys.version.split()[0]}")
    total = 0.0
    for cooperation_type in args.type or COOPERATION_TYPES:
        engine = Engine(book, args.date)  # fresh caches: each type pays its own precomputation
        started, cpu = time.perf_counter(), time.process_time()
        verdicts: dict[str, int] = {}
        for requesting, requested in pairs:
            finding = engine.evaluate(requesting, requested, cooperation_type, args.offence)
            verdicts[finding.candidates[0].verdict] = verdicts.get(
                finding.candidates[0].verdict, 0) + 1
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        total += cpu
        line = (f"{cooperation_type:30} {cpu:6.3f} s CPU ({elapsed:6.3f} s wall) for the "
                f"matrix, {cpu / len(pairs) * 1e6:5.1f} µs CPU per evaluation")
        if args.json:
            started = time.perf_counter()
            for requesting, requested in pairs[:2000]:
                as_json(engine.evaluate(requesting, requested, cooperation_type,
                                        args.offence), book)
            per = (time.perf_counter() - started) / 2000
            line += f"; with JSON {per * 1e6:6.1f} µs per answer"
        print(line)
    print(f"all types: {total:.3f} s CPU")


if __name__ == "__main__":
    main()
