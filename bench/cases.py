"""Benchmark of the case register at scale.

    .venv/bin/python bench/cases.py --cases 1000000 --authorities 200
    .venv/bin/python bench/cases.py --database-url postgres://postgres@127.0.0.1:5432/DB

Builds a throw-away SQLite database (in a temporary data directory, never var/) with N cases
spread over the authorities, or adds them to an empty-of-cases PostgreSQL database given by
--database-url (migrated here; the database is kept), then measures, as medians of --repeat
runs:
  * page: one authority's register, filtered (status + direction, then overdue), first page
    of 50 with its count, as the selector runs it and as a full HTTP page;
  * statistics: one authority's statistics (every breakdown, median/p90, monthly counts);
  * statistics over every authority (the secretariat's), read from the summary table that
    triggers keep (cases/summary.py), for all time and for periods with partial months, inside
    one month, of one day and open-ended (PERIODS), each checked equal to a recount of the
    cases; the all-time recount (what it replaces) is timed too.
The cases are inserted by raw SQL, so the summary triggers fire for each (their cost is in
the generation time). Targets: < 50 ms per page, < 500 ms for statistics, either scope.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--authorities", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--data-dir", help="keep the database here (default: temporary)")
    parser.add_argument("--database-url", help="PostgreSQL instead of the embedded SQLite")
    return parser.parse_args()


def setup(data_dir: str, database_url: str | None) -> None:
    os.environ["ROGATORY_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rogatory.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


STATUSES = {
    "outgoing": ["draft", "sent", "acknowledged", "under_execution", "partially_executed",
                 "executed", "executed", "executed", "refused", "withdrawn", "returned",
                 "postponed"],
    "incoming": ["received", "checked", "assigned", "under_execution", "executed", "executed",
                 "executed", "refused", "returned", "postponed"],
}
KINDS = ["mla"] * 6 + ["extradition", "confiscation", "e_evidence_preservation", "jit",
                       "transfer_of_proceedings", "other"]
BASES = ["UNTOC", "UNTOC", "UNCAC", "VIENNA-1988", "BUDAPEST", "reciprocity", "ETS-030", ""]
CLOSED = {"executed", "refused", "withdrawn"}


def generate(n_cases: int, n_authorities: int, batch: int) -> list[int]:
    from django.db import connection, transaction

    from rogatory.directory.models import Authority
    from rogatory.states import reference
    from rogatory.states.models import State

    reference.load(lambda _line: None)
    states = list(State.objects.values_list("pk", flat=True))
    rng = random.Random(42)
    authorities = Authority.objects.bulk_create([
        Authority(state_id=rng.choice(states), name=f"Bench authority {i}")
        for i in range(n_authorities)])
    ids = [a.pk for a in authorities]
    columns = ["version", "authority_id", "direction", "reference", "kind", "title", "status",
               "counterpart_state_id", "counterpart_authority_name", "counterpart_reference",
               "legal_basis", "offences", "urgent", "confidentiality", "summary", "sent_at",
               "closed_at", "days_to_outcome", "refusal_grounds", "refusal_text", "due_date",
               "due_rule", "created_at", "updated_at"]
    # Fixed column names, values bound as parameters.
    sql = (f"INSERT INTO cases_case ({', '.join(columns)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    start = date(2018, 1, 1)
    now = "2026-01-01 00:00:00"
    seq = dict.fromkeys(ids, 0)
    rows = []
    began = time.perf_counter()

    def flush() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        rows.clear()

    for _ in range(n_cases):
        authority = ids[rng.randrange(len(ids))]
        seq[authority] += 1
        direction = "outgoing" if rng.random() < 0.55 else "incoming"
        status = rng.choice(STATUSES[direction])
        sent = start + timedelta(days=rng.randrange(3000))
        closed = sent + timedelta(days=rng.randrange(10, 400)) if status in CLOSED else None
        due = sent + timedelta(days=rng.randrange(30, 200)) if rng.random() < 0.4 else None
        rows.append((1, authority, direction, f"B-{authority}-{seq[authority]}",
                     rng.choice(KINDS), "", status, rng.choice(states), "", "",
                     rng.choice(BASES), "[]", False, "restricted", "", sent, closed,
                     (closed - sent).days if closed else None,
                     '["18_21_b"]' if status == "refused" else "[]", "", due, "", now, now))
        if len(rows) >= batch:
            flush()
    if rows:
        flush()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"generated {n_cases:,} cases over {n_authorities} authorities in "
          f"{time.perf_counter() - began:.1f} s")
    return ids


def median_ms(run, repeat: int) -> float:
    run()  # warm the caches once
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(times), 1)


def measure(authority_id: int, repeat: int) -> dict:
    from django.core.paginator import Paginator
    from django.test import Client

    from rogatory.accounts.models import Role, User
    from rogatory.cases import selectors
    from rogatory.cases.models import Case

    officer = User.objects.filter(email=f"bench{authority_id}@officer.test").first() or \
        User.objects.create_user(f"bench{authority_id}@officer.test", None, role=Role.OFFICER,
                                 authority_id=authority_id,
                                 state_id=Case.objects.filter(authority_id=authority_id)
                                 .values_list("authority__state_id", flat=True).first())
    client = Client()
    client.force_login(officer)

    def page(filters: selectors.CaseFilters):
        def run():
            cases = selectors.filter_cases(selectors.visible_cases(officer), filters)
            found = Paginator(selectors.register_page(cases), 50).get_page(1)
            return list(found), found.paginator.count
        return run

    def http(query: str):
        def run():
            assert client.get(f"/cases/?{query}", HTTP_HOST="127.0.0.1").status_code == 200
        return run

    def stats():
        scope = selectors.statistics_scope(officer)
        selectors.case_statistics(scope.cases)
        selectors.monthly_counts(scope.cases)

    cases_of_authority = Case.objects.filter(authority_id=authority_id).count()
    return {
        "cases_of_authority": cases_of_authority,
        "page_unfiltered_ms": median_ms(page(selectors.CaseFilters()), repeat),
        "page_status_direction_ms": median_ms(page(selectors.CaseFilters(
            status="under_execution", direction="outgoing")), repeat),
        "page_overdue_ms": median_ms(page(selectors.CaseFilters(overdue=True)), repeat),
        "page_counterpart_kind_ms": median_ms(page(selectors.CaseFilters(
            counterpart="FR", kind="mla")), repeat),
        "http_page_filtered_ms": median_ms(http("status=under_execution&direction=outgoing"),
                                           repeat),
        "http_page_counterpart_ms": median_ms(http("counterpart=FR&overdue=on"), repeat),
        "http_home_page_ms (baseline, for comparison)": median_ms(
            lambda: client.get("/", HTTP_HOST="127.0.0.1"), repeat),
        "statistics_ms": median_ms(stats, repeat),
        **measure_all(repeat),
    }


# Periods of the secretariat's statistics, from the summary: (first day, last day).
PERIODS = {
    "all time": (None, None),
    "2019-03-10 to 2023-08-20 (two partial months)": (date(2019, 3, 10), date(2023, 8, 20)),
    "2021-06-03 to 2021-06-27 (inside one month)": (date(2021, 6, 3), date(2021, 6, 27)),
    "2022-02-14 (one day)": (date(2022, 2, 14), date(2022, 2, 14)),
    "from 2024-05-17 (open end)": (date(2024, 5, 17), None),
    "until 2020-11-12 (open start)": (None, date(2020, 11, 12)),
}


def measure_all(repeat: int) -> dict:
    """The secretariat's statistics over every authority, for each period: from the summary
    (what the page and the API run), and checked equal to a recount of the cases (what they
    ran before, timed for all time only)."""
    from rogatory.accounts.models import Role, User
    from rogatory.cases import selectors

    secretariat = User.objects.filter(email="bench@secretariat.test").first() or \
        User.objects.create_user("bench@secretariat.test", None, role=Role.SECRETARIAT)
    scope = selectors.statistics_scope(secretariat)

    def summary(date_from, date_to):
        return lambda: (selectors.scope_statistics(scope, date_from, date_to),
                        selectors.scope_monthly_counts(scope, date_from, date_to))

    def recount(date_from=None, date_to=None):
        return (selectors.case_statistics(scope.cases, date_from, date_to),
                selectors.monthly_counts(scope.cases, date_from, date_to))

    results: dict = {}
    for name, period in PERIODS.items():
        results[f"statistics_all_authorities_ms, {name}"] = median_ms(summary(*period), repeat)
        results[f"statistics_all_authorities_equal_recount, {name}"] = (
            summary(*period)() == recount(*period))
    results["statistics_all_authorities_recount_ms (all time, before the summary)"] = \
        median_ms(recount, 3)
    return results


def main() -> None:
    args = parse()
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="rogatory-bench-cases-")
    setup(data_dir, args.database_url)
    from django.db import connection

    from rogatory.cases.models import Case

    if Case.objects.count() != args.cases:
        ids = generate(args.cases, args.authorities, args.batch)
    else:
        ids = sorted(Case.objects.values_list("authority_id", flat=True).distinct())
        print(f"reusing {args.cases:,} cases in {data_dir}")
    results = measure(ids[len(ids) // 2], args.repeat)
    results.update(cases=args.cases, authorities=args.authorities, repeat=args.repeat,
                   database=connection.vendor, load_average=os.getloadavg())
    print(json.dumps(results, indent=1))
    every = [value for key, value in results.items()
             if key.startswith("statistics_all_authorities_ms")]
    exact = [value for key, value in results.items()
             if key.startswith("statistics_all_authorities_equal_recount")]
    ok = (results["http_page_filtered_ms"] < 50 and results["statistics_ms"] < 500
          and max(every) < 500 and all(exact))
    print("targets met (page < 50 ms, statistics < 500 ms, every authority < 500 ms in every "
          "period, exact)"
          if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
