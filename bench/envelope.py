"""Sealing and opening envelopes alone (no database, no network): the cryptographic part of
the cost that `bench/exchange.py` measures end to end.

    .venv/bin/python bench/envelope.py [--pdf-mb 1.5] [--annex-mb 1] [--runs 20]

A request JSON, a request PDF of --pdf-mb (about 10 pages of a scanned-looking PDF) and three
annexes of --annex-mb, all random bytes (incompressible). Reports envelopes per second and
p50/p95 of seal and of open, the sealed size against the parts, and the peak Python memory
of one seal and one open (tracemalloc) against the size of the parts.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from joserfc.jwk import OKPKey

from rogatory.exchange import envelope
from rogatory.exchange.envelope import Header, Part

MB = 2**20


class Trust:
    """The sender's key, found without a list lookup: only the cryptography is timed."""

    def __init__(self, public: dict):
        self.public = public

    def signing_key(self, node_id: str, kid: str, at: datetime) -> dict:
        return self.public

    def serves(self, node_id: str, authority_id: str) -> bool:
        return True


def timings(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def peak_mb(action: Callable[[], object]) -> float:
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / MB


def summary(name: str, times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    p50 = statistics.median(times)
    return (f"{name}: {1 / statistics.mean(times):6.1f}/s  p50 {p50 * 1000:7.1f} ms  "
            f"p95 {p95 * 1000:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf-mb", type=float, default=1.5)
    parser.add_argument("--annex-mb", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    signing, receiving = OKPKey.generate_key("Ed25519"), OKPKey.generate_key("X25519")
    now = datetime.now(UTC)
    header = Header(envelope.new_id(), envelope.new_id(), "request", "node-a", "auth-a",
                    "node-b", "auth-b", now, now + timedelta(days=3))
    parts = [Part("request.json", "application/json", os.urandom(20_000)),
             Part("request.pdf", "application/pdf", os.urandom(int(args.pdf_mb * MB)))]
    parts += [Part(f"annex-{n}.pdf", "application/pdf", os.urandom(int(args.annex_mb * MB)))
              for n in (1, 2, 3)]
    size = sum(len(part.content) for part in parts)
    public = receiving.as_dict(private=False)
    trust = Trust(signing.as_dict(private=False))
    sealed = envelope.seal(header, parts, signing, public)

    def seal() -> bytes:
        return envelope.seal(header, parts, signing, public)

    def open_() -> envelope.Opened:
        return envelope.open_envelope(sealed, [receiving], trust, now, node_id="node-b",
                                      max_bytes=len(sealed))

    print(f"parts {size / MB:.1f} MB, sealed {len(sealed) / MB:.1f} MB "
          f"({len(sealed) / size:.2f}x: base64url of the JWE)")
    print(summary("seal", timings(seal, args.runs)))
    print(summary("open", timings(open_, args.runs)))
    print(f"peak memory: seal {peak_mb(seal):.1f} MB, open {peak_mb(open_):.1f} MB "
          f"(parts {size / MB:.1f} MB)")


if __name__ == "__main__":
    main()
