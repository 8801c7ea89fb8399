"""Exchange between two nodes on one machine, against a bare HTTP POST of the same bytes.

    .venv/bin/python bench/exchange.py [--envelopes 40] [--one-by-one 10] [--port 8700]

Two nodes as real processes on loopback (rogatory.exchange.network, as `make demo-exchange`
and the multi-node tests start them: each its SQLite database, its gunicorn (`WEB_SERVER`) and
its exchange worker, delivering with ROGATORY_EXCHANGE_WORKER_THREADS threads). A sender
process with node A's settings sends a request whose parts are the body (the structured
10-page request), its PDF rendered by the application (as bench/render.py does) and three
annexes (the same request rendered in French, Arabic and Chinese):
- one by one: send, wait for the Delivery evidence on A, send the next (latency alone);
- burst: --envelopes sent at once (throughput, and latency under queueing).
Latency is from the send (before sealing) to the Delivery evidence stored on A (the outbox row
finishes in the same transaction). Memory: tracemalloc peak of one send in the sender, and the
RSS growth of A's worker and B's web workers over the burst, per envelope. CPU: the seconds
each process of both nodes (and the sender) spent over the burst, per envelope: where the
time goes once the deliveries overlap.
The floor: two bare processes equivalent to the nodes' — a gunicorn with the nodes' settings
(`WEB_SERVER`) whose WSGI app only reads the body and answers a short JSON, and one Python
process POSTing the same sealed envelope bytes with urllib from as many threads as the
exchange worker has, each POST on a new connection, as the exchange worker does.
Target: the exchange at least half the floor's throughput.
"""

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rogatory.exchange.network import (  # noqa: E402
    BIN,
    WEB_SERVER,
    NodeSpec,
    demo_specs,
    prepare,
    start_web,
    start_worker,
)
from rogatory.settings import EXCHANGE_WORKER_THREADS  # noqa: E402

ANNEX_LANGUAGES = ("fr", "ar", "zh-hans")
PAGES = 10
POLL = 0.02  # seconds between looks at the outbox: small against the latencies measured


# --- the floor: a bare receiver -----------------------------------------------------------

def floor_app(environ, start_response):
    """WSGI app of the floor's receiver: read the whole body, answer a short JSON."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    received = len(environ["wsgi.input"].read(length))
    body = json.dumps({"received": received}).encode()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]


def start_floor(port: int, folder: Path) -> subprocess.Popen:
    log = (folder / "floor.log").open("a")
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "exchange:floor_app", "--chdir", str(ROOT / "bench"),
         "--bind", f"127.0.0.1:{port}", *WEB_SERVER], stdout=log, stderr=log)


def post(url: str, data: bytes) -> None:
    request = urllib.request.Request(url, data=data, method="POST",  # noqa: S310  # loopback
                                     headers={"Content-Type": "application/jose"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        response.read()


def floor(url: str, data: bytes, count: int, threads: int, server: list[int]) -> dict:
    """POST `data` `count` times from `threads` threads: throughput, latencies, and the CPU
    seconds of this client and of the `server` processes."""

    def timed(_number: int) -> float:
        begin = time.perf_counter()
        post(url, data)
        return time.perf_counter() - begin

    cpu, started = time.process_time() + cpu_seconds(server), time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        latencies = list(pool.map(timed, range(count)))
    return {"per_second": count / (time.perf_counter() - started), "latencies": latencies,
            "cpu_seconds": time.process_time() + cpu_seconds(server) - cpu}


# --- the sender, run with node A's settings ---------------------------------------------------

def request() -> tuple[dict, list[tuple[str, str, bytes]]]:
    """The request of bench/render.py, its facts grown until the English PDF has ten pages,
    and three annexes (the same request in other languages), rendered by the application."""
    sys.path.insert(0, str(ROOT / "bench"))
    from render import ten_page_spec

    from rogatory.core import documents
    from rogatory.writer import document, rules

    spec, ctx = ten_page_spec(), rules.Context()
    paragraph = spec["case"]["facts"].split("\n\n")[0]

    def pdf(language: str) -> bytes:
        return documents.render_pdf(document.build(spec, ctx, language))

    while len(PdfReader(io.BytesIO(main := pdf("en"))).pages) < PAGES:
        spec["case"]["facts"] += "\n\n" + paragraph
    return spec, [("request-en.pdf", "application/pdf", main),
                  *((f"annex-{language}.pdf", "application/pdf", pdf(language))
                    for language in ANNEX_LANGUAGES)]


class Sender:
    """Node A's services, in a process with node A's settings."""

    def __init__(self) -> None:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rogatory.settings")
        django.setup()
        from rogatory.accounts.models import User
        from rogatory.exchange import models, services

        self.models, self.services = models, services
        self.spec, self.parts = request()
        self.authority = User.objects.get(email="officer.nl@example.org").authority
        self.receiver = User.objects.get(email="officer.fr@example.org").authority
        self.to = services.peer_serving(self.receiver.pk)

    def send(self, number: int):
        body = {"spec": self.spec, "reference": f"BENCH-{number}", "kind": "mla",
                "title": f"Benchmark request {number}", "urgent": False, "legal_basis": "",
                "offences": []}
        return self.services.queue_message(
            kind=self.models.Kind.REQUEST, authority=self.authority, to=self.to,
            recipient_authority=str(self.receiver.pk), body=body, documents=self.parts)

    def wait(self, messages) -> list:
        """The outbox rows of `messages` once all are delivered."""
        outbox = self.models.Outbox
        ids = [message.pk for message in messages]
        while outbox.objects.filter(message_id__in=ids, status=outbox.Status.PENDING).exists():
            time.sleep(POLL)
        rows = list(outbox.objects.filter(message_id__in=ids).select_related("message"))
        failed = [row.last_error for row in rows if row.status != outbox.Status.DELIVERED]
        if failed:
            raise SystemExit(f"not delivered: {failed[:3]}")
        return rows

    def legs(self, rows: list) -> dict[str, list[float]]:
        """Where the time goes: send to B's Delivery evidence (same clock), and back."""
        delivered = {evidence.message_id: evidence.issued_at
                     for evidence in self.models.Evidence.objects.filter(
                         message__in=[row.message for row in rows], type="Delivery")}
        return {"to_b": [(delivered[row.message_id] - row.message.created).total_seconds()
                         for row in rows],
                "back": [(row.finished_at - delivered[row.message_id]).total_seconds()
                         for row in rows]}


def latencies(rows: list) -> list[float]:
    return [(row.finished_at - row.message.created).total_seconds() for row in rows]


def one_by_one(sender: Sender, count: int) -> dict[str, list[float]]:
    rows, calls = [], []
    for number in range(1, count + 1):
        begin = time.perf_counter()
        message = sender.send(number)
        calls.append(time.perf_counter() - begin)
        rows += sender.wait([message])
    return {"one_by_one": latencies(rows), "send_call": calls, **sender.legs(rows)}


def burst(sender: Sender, count: int) -> dict:
    rss_before, cpu_before = _rss_of_nodes(), _cpu_of_nodes()
    rows = sender.wait([sender.send(number) for number in range(1000, 1000 + count)])
    span = (max(row.finished_at for row in rows)
            - min(row.message.created for row in rows)).total_seconds()
    cpu_after, rss_after = _cpu_of_nodes(), _rss_of_nodes()
    return {"burst": latencies(rows), "per_second": count / span,
            "rss_growth_bytes": {role: rss_after[role] - rss_before[role] for role in rss_after},
            "cpu_seconds": {role: cpu_after[role] - cpu_before[role] for role in cpu_after}}


def send_all(count_one_by_one: int, count_burst: int, out: Path) -> None:
    """Measure through node A's services; write the JSON results, and one sealed envelope for
    the floor."""
    sender = Sender()
    tracemalloc.start()
    first = sender.send(0)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    sender.wait([first])
    out.write_bytes(bytes(first.envelope))
    out.with_suffix(".json").write_text(json.dumps({
        "parts": {name: (len(data), len(PdfReader(io.BytesIO(data)).pages))
                  for name, _type, data in sender.parts},
        "envelope_bytes": len(first.envelope), "send_peak_bytes": peak,
        **one_by_one(sender, count_one_by_one), **burst(sender, count_burst)}))


def _roles() -> dict[str, list[int]]:
    """The processes of each role, from BENCH_ROLES (the parent knows them)."""
    return json.loads(os.environ["BENCH_ROLES"])


def _rss_of_nodes() -> dict[str, int]:
    """RSS of A's worker and of B's gunicorn processes."""
    found = {}
    for role in ("A worker", "B web"):
        found[role] = 0
        for pid in _roles()[role]:
            status = Path(f"/proc/{pid}/status").read_text()
            line = next(row for row in status.splitlines() if row.startswith("VmRSS:"))
            found[role] += int(line.split()[1]) * 1024
    return found


def _cpu_of_nodes() -> dict[str, float]:
    """CPU seconds of each role's processes so far, and of this sender."""
    return {"sender": time.process_time(),
            **{role: cpu_seconds(pids) for role, pids in _roles().items()}}


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes `pids` used so far."""
    fields = [Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split() for pid in pids]
    return sum(int(row[11]) + int(row[12]) for row in fields) / os.sysconf("SC_CLK_TCK")


def gunicorn_processes(master: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    return [master.pid, *map(int, children)]


# --- the run -----------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(args: argparse.Namespace, folder: Path) -> None:
    specs = demo_specs(folder, args.port)
    print(f"Preparing two nodes in {folder} (a minute or two)...", flush=True)
    prepare(specs)
    processes = [start(spec) for spec in specs for start in (start_web, start_worker)]
    processes.append(start_floor(args.port + 2, folder))
    try:
        _wait_up([*(spec.url + "/healthz" for spec in specs), f"http://127.0.0.1:{args.port + 2}/"])
        load_before = os.getloadavg()
        roles = {"A web": gunicorn_processes(processes[0]), "A worker": [processes[1].pid],
                 "B web": gunicorn_processes(processes[2]), "B worker": [processes[3].pid]}
        result = _send(specs[0], folder, args, roles)
        sealed = (folder / "envelope.jose").read_bytes()
        bare = floor(f"http://127.0.0.1:{args.port + 2}/", sealed, args.envelopes,
                     EXCHANGE_WORKER_THREADS, gunicorn_processes(processes[4]))
        _report(args, result, bare, load_before, os.getloadavg())
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _wait_up(urls: list[str]) -> None:
    deadline = time.monotonic() + 120
    for url in urls:
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5):  # noqa: S310  # loopback
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)


def _send(spec: NodeSpec, folder: Path, args: argparse.Namespace,
          roles: dict[str, list[int]]) -> dict:
    out = folder / "envelope.jose"
    subprocess.run([sys.executable, __file__, "--sender", str(out), "--envelopes",
                    str(args.envelopes), "--one-by-one", str(args.one_by_one)],
                   env={**spec.env(), "BENCH_ROLES": json.dumps(roles)}, check=True)
    return json.loads(out.with_suffix(".json").read_text())


def _report(args, result: dict, bare: dict, load_before, load_after) -> None:
    mib = 1024 * 1024
    print("parts: " + ", ".join(f"{name} {pages} pages {size / 1024:.0f} KiB"
                                 for name, (size, pages) in result["parts"].items())
          + f"; envelope {result['envelope_bytes'] / mib:.2f} MiB")
    print(f"{'':34}{'env/s':>8}{'p50 ms':>9}{'p95 ms':>9}")
    rows = [("exchange, one by one", None, result["one_by_one"]),
            ("  of which: the send call (seal)", None, result["send_call"]),
            ("  send to B's Delivery evidence", None, result["to_b"]),
            ("  B's evidence stored on A", None, result["back"]),
            (f"exchange, burst of {args.envelopes}", result["per_second"], result["burst"]),
            (f"floor: bare POST x{args.envelopes}, {EXCHANGE_WORKER_THREADS} threads",
             bare["per_second"], bare["latencies"])]
    for name, rate, latencies in rows:
        shown = f"{rate:>8.2f}" if rate else f"{'':>8}"
        print(f"{name:34}{shown}{percentile(latencies, 0.5) * 1000:>9.0f}"
              f"{percentile(latencies, 0.95) * 1000:>9.0f}")
    ratio = result["per_second"] / bare["per_second"]
    print(f"exchange/floor throughput: {ratio:.3f} (target >= 0.5: "
          f"{'met' if ratio >= 0.5 else 'NOT met'})")
    print(f"memory: send peak (tracemalloc) {result['send_peak_bytes'] / mib:.1f} MiB; "
          "RSS growth over the burst per envelope: " + ", ".join(
              f"{role} {grown / args.envelopes / 1024:.0f} KiB"
              for role, grown in result["rss_growth_bytes"].items()))
    cpu = result["cpu_seconds"]
    per_envelope = sum(cpu.values()) / args.envelopes
    per_post = bare["cpu_seconds"] / args.envelopes
    print(f"CPU per envelope over the burst ({per_envelope * 1000:.0f} ms in all): "
          + ", ".join(f"{role} {seconds / args.envelopes * 1000:.0f} ms"
                      for role, seconds in cpu.items()))
    print(f"CPU per bare POST of the floor (client and server): {per_post * 1000:.1f} ms; "
          f"floor/exchange CPU: {per_post / per_envelope:.3f} (the throughput ratio on a "
          "machine whose cores are all the bench's)")
    print(f"web server of the nodes and the floor: gunicorn {' '.join(WEB_SERVER)}; "
          f"exchange worker threads: {EXCHANGE_WORKER_THREADS}")
    print("load average before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}".format(
        *load_before, *load_after))
    print(f"{os.cpu_count()} CPUs; command: {' '.join(sys.argv)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--envelopes", type=int, default=40, help="burst size (default 40)")
    parser.add_argument("--one-by-one", type=int, default=10,
                        help="envelopes sent one after another for latency (default 10)")
    parser.add_argument("--port", type=int, default=8700,
                        help="node A; node B on the next, the floor on the one after")
    parser.add_argument("--sender", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sender:
        send_all(args.one_by_one, args.envelopes, args.sender)
        return
    folder = Path(tempfile.mkdtemp(prefix="rogatory-bench-exchange-"))
    try:
        run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
