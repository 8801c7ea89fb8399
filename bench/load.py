"""Load test: a production-like server (gunicorn, PostgreSQL) under a realistic mix of users.

    pip install -e '.[bench]'                       # locust
    .venv/bin/python bench/load.py                  # 100 users for 5 minutes (issue #10)
    .venv/bin/python bench/load.py --quick          # smoke check: 10 users, 20 s
    .venv/bin/python bench/load.py --users 20 --duration 60s

One command does everything: creates a fresh PostgreSQL database (--database, dropped at the
end), migrates it, loads the reference and demo data, adds what the mix needs (directory
authorities of many States, officers with API tokens, cases of several authorities, a
multilingual library: a slice of ../shared/data/corpus/cn-laws.jsonl.gz when present plus
generated legislation in five languages), starts gunicorn on 127.0.0.1 with DEBUG off, and
runs locust (as a library, headless) in three phases with the same number of users:

  1. trivial: every user requests /healthz/live (a JSON view that touches nothing) without
     pause: the server's ceiling on this machine, in this run (--trivial-duration);
  2. capacity: the mix below, also without pause: the mix's ceiling (--trivial-duration).
     Its throughput over the trivial one is the app's cost relative to the bare stack;
  3. mix: people, each pausing --wait seconds (2 to 8) between actions, for --duration:
     the public searches the library in six languages (some with filters), reads items and
     asks the legal-basis finder; officers (API tokens) look up the directory (list, detail,
     route), list their cases, read statistics and update cases of their own authority (GET,
     then PATCH with If-Match). A 409 on a genuinely concurrent update is counted apart.

Reported (Markdown on stdout, JSON in --out), per phase, per kind of request and overall:
requests, throughput, median / p95 / p99 latency, errors (any other non-2xx, or no answer)
and 409s; the capacity/trivial ratio; the machine's load average while it ran (the load
generator shares the machine with the server: on 2 cores it takes a good part of one).

--restart-db-at SECONDS restarts the PostgreSQL cluster that far into the mix phase (it needs
root and stops every other user of the cluster for a moment: not for shared machines) and
reports the errors during the outage and the time until requests succeed again.

Traffic goes to 127.0.0.1 only; every phase stops by itself after its duration.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_ADMIN = os.environ.get("ROGATORY_LOAD_PG", f"postgres://postgres@{HOST}:5432")
SHARED = Path(os.environ.get("ROGATORY_SHARED_DATA") or ROOT.parent / "shared" / "data")
# How --restart-db-at restarts PostgreSQL; ROGATORY_LOAD_RESTART overrides it (another
# cluster layout, a container, or `sleep 3` to rehearse without touching the server).
RESTART_PG = os.environ.get("ROGATORY_LOAD_RESTART",
                            "pg_ctlcluster --skip-systemctl-redirect {version} main restart")

# Library queries in the six languages; words the generated text and the Chinese corpus
# hold, from rare to common, phrases, and some with filters (as the search page sends them).
SEARCHES = [
    ("引渡", {}), ("司法协助", {}), ("洗钱", {"country": "CN"}), ('"国际刑事司法协助"', {}),
    ("mutual legal assistance", {}), ('"legal assistance"', {"language": "en"}),
    ("extradition", {"type": "legislation"}), ("confiscation proceeds", {}),
    ("entraide judiciaire", {"language": "fr"}), ("blanchiment", {}),
    ("extradición", {}), ("decomiso bienes", {"language": "es"}),
    ("выдача", {}), ("конфискация имущество", {"language": "ru"}),
    ("تسليم المجرمين", {}), ("غسل الأموال", {"language": "ar"}),
    ("", {"crime_type": "money_laundering"}), ("witness protection", {"article": "18"}),
]
LEGAL_STATES = ["CN", "NL", "FR", "MX", "US", "BR", "NG", "ZA", "RU", "DE", "IT", "ES", "EG",
                "IN", "JP", "CA", "AU", "AR", "CO", "TR", "GB", "CH", "MA", "KZ"]
COOPERATION = ["mla", "mla", "mla", "extradition", "extradition", "confiscation",
               "transfer_of_sentenced_persons"]
OFFENCES = ["money_laundering", "drug_trafficking", "corruption", "trafficking_in_persons",
            "cybercrime", "participation_in_ocg", "firearms_trafficking"]
ROUTED = ["mla", "mla", "extradition", "e_evidence", "law_enforcement", "asset_recovery"]
CASE_STATUSES = ["", "", "sent", "under_execution", "received", "executed"]


# --- command line ----------------------------------------------------------------------------

def seconds(text: str) -> float:
    """`300`, `300s`, `5m` or `1h` as seconds."""
    units = {"s": 1, "m": 60, "h": 3600}
    text = text.strip().lower()
    if text and text[-1] in units:
        return float(text[:-1]) * units[text[-1]]
    return float(text)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=seconds, default=300.0, help="of the mix (5m)")
    parser.add_argument("--trivial-duration", type=seconds, default=30.0,
                        help="of each closed-loop phase (trivial view, mix capacity)")
    parser.add_argument("--spawn-rate", type=float, default=20.0, help="users started per s")
    parser.add_argument("--wait", type=float, nargs=2, default=(2.0, 8.0),
                        metavar=("MIN", "MAX"),
                        help="think time between a person's actions in the mix (s)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="rogatory_load")
    parser.add_argument("--passages", type=int, default=20_000, help="library provisions")
    parser.add_argument("--authorities", type=int, default=20,
                        help="authorities whose officers update cases")
    parser.add_argument("--officers", type=int, default=3, help="officers per authority")
    parser.add_argument("--cases", type=int, default=50, help="cases per authority")
    parser.add_argument("--restart-db-at", type=seconds, default=None, metavar="SECONDS")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "load.json")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--quick", action="store_true",
                        help="smoke check: 10 users, 20 s mix, 5 s trivial, small data")
    parser.add_argument("--role", choices=["seed", "locust"], help=argparse.SUPPRESS)
    parser.add_argument("--plan", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.users, args.duration, args.trivial_duration, args.wait = 10, 20.0, 5.0, (0.5, 2.0)
        args.passages, args.authorities, args.cases = 2000, 5, 10
    return args


# --- database and server -------------------------------------------------------------------

def admin_sql(statement: str) -> None:
    """One statement on the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(f"{PG_ADMIN}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def server_env(args: argparse.Namespace, data_dir: Path) -> dict[str, str]:
    """Production-like settings: DEBUG off, a secret key, one trusted proxy (the load
    generator plays it, so each simulated person has an address of its own for the throttles)."""
    return {**os.environ, "DATABASE_URL": f"{PG_ADMIN}/{args.database}", "DEBUG": "0",
            "SECRET_KEY": "load-test-" + os.urandom(24).hex(), "ROGATORY_DATA_DIR": str(data_dir),
            "ALLOWED_HOSTS": HOST, "ROGATORY_TRUSTED_PROXIES": "1", "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT / "src")}


def rogatory(env: dict[str, str], *command: str) -> None:
    subprocess.run([str(BIN / "rogatory"), *command], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def start_gunicorn(args: argparse.Namespace, env: dict[str, str], log: Path) -> subprocess.Popen:
    """gthread: a process per core (+1 so one is always runnable while another waits on
    PostgreSQL) for CPU, and a few threads each to overlap database waits and hold the
    clients' keep-alive connections, which sync workers would close after every answer."""
    command = [str(BIN / "gunicorn"), "rogatory.wsgi", "--bind", f"{HOST}:{args.port}",
               "--worker-class", "gthread", "--workers", str(args.workers),
               "--threads", str(args.threads), "--timeout", "60", "--keep-alive", "5",
               "--backlog", "2048", *no_control_socket()]
    return subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def no_control_socket() -> list[str]:
    """Recent gunicorns open a control socket at one path in the home directory, which
    another server on the same machine would share: this one needs none."""
    usage = subprocess.run([str(BIN / "gunicorn"), "--help"], capture_output=True, text=True,
                           check=False).stdout
    return ["--no-control-socket"] if "--no-control-socket" in usage else []


def wait_ready(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # gunicorn: graceful shutdown of every worker
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


# --- data for the mix (runs in a child process with Django) ----------------------------------

def seed(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rogatory.settings")
    import django

    django.setup()
    rng = random.Random(10)
    authorities = seed_directory(rng)
    officers = seed_officers(authorities[: args.authorities], args.officers)
    for authority, tokens in officers:
        seed_cases(authority, tokens[0][0], args.cases, rng)
    seed_library(args.passages)
    args.plan.write_text(json.dumps(plan(officers, authorities)))


def seed_directory(rng: random.Random) -> list:
    """Three authorities for each of the States the mix asks about: a central authority for
    MLA and extradition, a second part-1 one, and a police contact point."""
    from django.db import transaction

    from rogatory.directory.models import Authority, Channel, Contact, Designation

    made = []
    with transaction.atomic():
        for state in LEGAL_STATES:
            for index, functions in enumerate((["mla", "extradition", "asset_recovery"],
                                               ["transfer_of_sentenced_persons", "mla"],
                                               ["law_enforcement", "e_evidence"])):
                authority = Authority.objects.create(
                    state_id=state, part=1 if index < 2 else 2, functions=functions,
                    name=f"Load-test authority {state} {index}",
                    languages=rng.sample(["en", "fr", "es", "ar", "zh", "ru"], 2),
                    channels=rng.sample(Channel.values, 2), source="bench/load.py")
                Contact.objects.create(authority=authority, name=f"Duty officer {index}",
                                       phones=["+31703707911"], email="duty@example.org")
                Designation.objects.create(authority=authority, basis="untoc_18_13",
                                           instrument="UNTOC")
                made.append(authority)
    return [a for a in made if a.part == 1 and "extradition" in a.functions]


def seed_officers(authorities: list, per_authority: int) -> list[tuple]:
    """Officers of each authority, each with an API token: [(authority, [(user, key)])]."""
    from rogatory.accounts.models import Role, User
    from rogatory.accounts.services import create_token

    made = []
    for authority in authorities:
        tokens = []
        for index in range(per_authority):
            user = User.objects.create_user(
                f"officer{index}.{authority.pk}@load.example.org", role=Role.OFFICER,
                state=authority.state, authority=authority, full_name=f"Officer {index}")
            tokens.append((user, create_token(user, "bench/load.py")[1]))
        made.append((authority, tokens))
    return made


def seed_cases(authority, officer, count: int, rng: random.Random) -> None:
    from rogatory.cases import services

    for number in range(count):
        direction = rng.choice(["outgoing", "incoming"])
        services.register_case(
            authority=authority, created_by=officer, direction=direction,
            kind=rng.choice(["mla", "mla", "mla", "extradition", "confiscation"]),
            counterpart_state=rng.choice([s for s in LEGAL_STATES if s != authority.state_id]),
            legal_basis=rng.choice(["UNTOC", "UNCAC", "reciprocity"]),
            offences=[rng.choice(OFFENCES)], title=f"Load-test case {number}",
            status="sent" if direction == "outgoing" else "", summary="Generated by load.py.")


def seed_library(passages: int) -> None:
    """Half from the real Chinese corpus when present, the rest generated (bench/search.py)."""
    sys.path.insert(0, str(Path(__file__).parent))
    import search as search_bench

    from rogatory.library.models import Passage
    from rogatory.library.services import run_import

    corpus = SHARED / "corpus" / "cn-laws.jsonl.gz"
    if corpus.exists():
        run_import(search_bench.corpus_records(corpus, passages // 2), batch_size=200)
    missing = passages - Passage.objects.count()
    if missing > 0:
        run_import(search_bench.generated_items(missing), batch_size=200)


def plan(officers: list[tuple], authorities: list) -> dict:
    from rogatory.cases.models import Case
    from rogatory.library.models import Item

    return {
        "officers": [{"key": key, "authority": authority.pk,
                      "cases": list(Case.objects.filter(authority=authority)
                                    .values_list("pk", flat=True))}
                     for authority, tokens in officers for _user, key in tokens],
        "authorities": [a.pk for a in authorities],
        # The public reads public items only (restricted ones are 404 to it, rightly).
        "items": list(Item.objects.filter(restricted=False).order_by("?")
                      .values_list("pk", flat=True)[:200]),
    }


# --- the load (runs in a child process: locust patches the standard library with gevent) ----

def run_locust(args: argparse.Namespace) -> None:
    import gevent
    from locust import between, constant, events, task
    from locust.contrib.fasthttp import FastHttpUser
    from locust.env import Environment

    data = json.loads(args.plan.read_text())
    samples: list[tuple] = []
    phase = {"name": "trivial"}
    think = constant(0) if args.wait[1] <= 0 else between(*args.wait)
    counter = iter(range(10**6))

    @events.request.add_listener
    def record(name, response_time, response=None, exception=None, start_time=0.0, **_kw):
        status = getattr(response, "status_code", 0) or 0
        samples.append((phase["name"], name, start_time, response_time,
                        0 if exception and not status else status))

    class Person(FastHttpUser):
        """A connection through the proxy (the server trusts one): the proxy tells the
        client's address in X-Forwarded-For, a loopback one here."""

        abstract = True
        wait_time = constant(0)
        host = f"http://{HOST}:{args.port}"

        def on_start(self) -> None:
            self.number = next(counter)
            self.headers = {"X-Forwarded-For": address(self.number),
                            "Accept-Language": random.choice(["en", "fr", "es", "ar", "ru"])}

        def get(self, path: str, name: str, **kw):
            return self.client.get(path, name=name, headers=self.headers, **kw)

    class Trivial(Person):
        @task
        def live(self) -> None:
            self.get("/healthz/live", "trivial /healthz/live")

    class Public(Person):
        """The public: without think time one connection carries many people, so each
        request comes from one of 4,000 addresses; otherwise the anonymous throttle (600 a
        minute per address) would be what is measured."""

        weight = 6

        def get(self, path: str, name: str, **kw):
            self.headers["X-Forwarded-For"] = address(random.randrange(4000))
            return super().get(path, name, **kw)

        @task(6)
        def search(self) -> None:
            q, filters = random.choice(SEARCHES)
            self.get("/api/v1/library/search/", "search", params={"q": q, **filters})

        @task(1)
        def item(self) -> None:
            self.get(f"/api/v1/library/items/{random.choice(data['items'])}/", "library item")

        @task(3)
        def legal_basis(self) -> None:
            requesting, requested = random.sample(LEGAL_STATES, 2)
            self.get("/api/v1/legal-basis/", "legal basis", params={
                "requesting": requesting, "requested": requested,
                "type": random.choice(COOPERATION), "offence": random.choice(OFFENCES)})

    class Officer(Person):
        """An officer of one authority: only its own authority's cases are updated."""

        weight = 4

        def on_start(self) -> None:
            super().on_start()
            me = data["officers"][self.number % len(data["officers"])]
            self.cases = me["cases"]
            self.headers["Authorization"] = f"Token {me['key']}"

        @task(2)
        def authorities(self) -> None:
            self.get("/api/v1/authorities/", "directory list",
                     params={"state": random.choice(LEGAL_STATES)})

        @task(2)
        def authority(self) -> None:
            self.get(f"/api/v1/authorities/{random.choice(data['authorities'])}/",
                     "directory detail")

        @task(2)
        def route(self) -> None:
            self.get("/api/v1/directory/route/", "directory route", params={
                "state": random.choice(LEGAL_STATES), "assistance": random.choice(ROUTED)})

        @task(2)
        def cases(self) -> None:
            self.get("/api/v1/cases/", "case list",
                     params={"status": random.choice(CASE_STATUSES)})

        @task(1)
        def statistics(self) -> None:
            self.get("/api/v1/stats/cases/", "case statistics")

        @task(3)
        def update(self) -> None:
            case = random.choice(self.cases)
            read = self.get(f"/api/v1/cases/{case}/", "case read")
            if read.status_code != 200:
                return
            self.client.patch(f"/api/v1/cases/{case}/", name="case update",
                              json={"counterpart_reference": f"LT-{random.randrange(10**6)}"},
                              headers={**self.headers, "If-Match": read.headers.get("ETag")})

    marks, extra = {}, {}
    # The two ceilings first, closed loops without think time: the trivial view's, then
    # the mix's (their ratio is the app's cost); then people, with think time, for long.
    for name, users in (("trivial", [Trivial]), ("capacity", [Public, Officer])):
        phase["name"] = name
        marks[name] = run_phase(Environment(user_classes=users, events=events), args,
                                args.trivial_duration)
    phase["name"] = "mix"
    Person.wait_time = think
    loads = gevent.spawn(sample_load, ramp(args) + args.duration)
    restart = None
    if args.restart_db_at is not None:
        restart = gevent.spawn_later(ramp(args) + args.restart_db_at, restart_postgres)
    marks["mix"] = run_phase(Environment(user_classes=[Public, Officer], events=events), args,
                             args.duration)
    extra["load_average_1min"] = loads.get(timeout=30)
    if restart is not None:
        extra["restart"] = restart.get(timeout=120)
    args.plan.with_suffix(".samples.json").write_text(json.dumps(
        {"samples": samples, "marks": marks, **extra}))


def address(number: int) -> str:
    return f"127.1.{number // 250}.{number % 250 + 1}"


def sample_load(duration: float, every: float = 5.0) -> dict:
    """The machine's 1-minute load average every few seconds while the mix runs: the other
    users of a shared machine show here."""
    import gevent

    seen = []
    for _ in range(int(duration // every) + 1):
        seen.append(os.getloadavg()[0])
        gevent.sleep(every)
    return {"mean": round(statistics.mean(seen), 2), "max": round(max(seen), 2)}


def ramp(args: argparse.Namespace) -> float:
    return args.users / args.spawn_rate


def run_phase(environment, args: argparse.Namespace, duration: float) -> dict:
    """Spawn the users, let them run `duration` seconds once all are up, stop. Returns the
    steady window (after the ramp-up) that the report measures."""
    import gevent

    runner = environment.create_local_runner()
    runner.start(args.users, spawn_rate=args.spawn_rate)
    gevent.sleep(ramp(args))
    started = time.time()
    gevent.sleep(duration)
    ended = time.time()
    runner.quit()
    return {"start": started, "end": ended}


def restart_postgres() -> dict:
    """Restart the whole cluster (every database on it) and note when it was back."""
    versions = sorted(os.listdir("/etc/postgresql")) if Path("/etc/postgresql").is_dir() else []
    command = RESTART_PG.format(version=versions[-1] if versions else "").split()
    began = time.time()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return {"command": " ".join(command), "began": began, "ended": time.time(),
            "returncode": done.returncode,
            "output": (done.stdout + done.stderr)[-500:]}


# --- report ----------------------------------------------------------------------------------

def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def classify(name: str, status: int) -> str:
    """ok, conflict (409 on an update: someone saved first) or error."""
    if 200 <= status < 300:
        return "ok"
    return "conflict" if status == 409 and name == "case update" else "error"


def summarise(rows: list[tuple], seconds_: float) -> dict:
    times = sorted(r[3] for r in rows)
    kinds = [classify(r[1], r[4]) for r in rows]
    return {"requests": len(rows), "throughput": round(len(rows) / seconds_, 1),
            "median_ms": round(statistics.median(times), 1) if times else 0.0,
            "p95_ms": round(percentile(times, 0.95), 1),
            "p99_ms": round(percentile(times, 0.99), 1),
            "errors": kinds.count("error"), "conflicts": kinds.count("conflict"),
            "statuses": dict(sorted(_count(r[4] for r in rows).items()))}


def _count(values) -> dict:
    counts: dict = defaultdict(int)
    for value in values:
        counts[str(value)] += 1
    return counts


def outage(samples: list[tuple], restart: dict | None) -> dict | None:
    """Errors from the restart on, and how long until the last of them."""
    if not restart:
        return None
    after = [s for s in samples if s[0] == "mix" and s[2] >= restart["began"]]
    failed = [s for s in after if classify(s[1], s[4]) == "error"]
    last = max((s[2] + s[3] / 1000 for s in failed), default=restart["began"])
    return {**restart, "errors": len(failed),
            "restart_seconds": round(restart["ended"] - restart["began"], 1),
            "recovered_after_seconds": round(last - restart["began"], 1)}


def report(args: argparse.Namespace, result: dict, load: dict) -> dict:
    samples, marks = result["samples"], result["marks"]
    body: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "users":
                  args.users, "wait_s": list(args.wait), "workers": args.workers,
                  "threads": args.threads, "cpus": os.cpu_count(), "load_average": load,
                  "phases": {}}
    for name, mark in marks.items():
        window = [s for s in samples if s[0] == name and mark["start"] <= s[2] < mark["end"]]
        span = mark["end"] - mark["start"]
        by_kind = defaultdict(list)
        for row in window:
            by_kind[row[1]].append(row)
        body["phases"][name] = {
            "seconds": round(span, 1), "overall": summarise(window, span),
            "kinds": {k: summarise(v, span) for k, v in sorted(by_kind.items())}}
    trivial = body["phases"]["trivial"]["overall"]["throughput"]
    capacity = body["phases"]["capacity"]["overall"]["throughput"]
    body["mix_to_trivial"] = round(capacity / trivial, 3) if trivial else None
    body["outage"] = outage(samples, result.get("restart"))
    return body


def markdown(body: dict) -> str:
    lines = [f"Load test, {body['date']}: {body['users']} users, think time in the mix "
             f"{body['wait_s'][0]}-{body['wait_s'][1]} s, gunicorn gthread "
             f"{body['workers']}x{body['threads']}, {body['cpus']} CPUs, load average "
             f"{body['load_average']}", "",
             "| phase | kind | requests | req/s | median ms | p95 ms | p99 ms | errors | 409 |",
             "|---|---|---|---|---|---|---|---|---|"]
    for phase, data in body["phases"].items():
        for kind, s in [*data["kinds"].items(), ("**all**", data["overall"])]:
            lines.append(f"| {phase} | {kind} | {s['requests']} | {s['throughput']} | "
                         f"{s['median_ms']} | {s['p95_ms']} | {s['p99_ms']} | {s['errors']} | "
                         f"{s['conflicts']} |")
    lines += ["", "Mix throughput / trivial view throughput, both closed loops at "
              f"{body['users']} users: {body['mix_to_trivial']}"]
    if body["outage"]:
        o = body["outage"]
        lines.append(f"PostgreSQL restart: {o['restart_seconds']} s, {o['errors']} errors, "
                     f"requests succeed again {o['recovered_after_seconds']} s after it began")
    return "\n".join(lines)


# --- the whole run ---------------------------------------------------------------------------

def child(args: argparse.Namespace, role: str, env: dict[str, str]) -> None:
    command = [sys.executable, __file__, "--role", role, "--plan", str(args.plan),
               *sys.argv[1:]]
    subprocess.run(command, env=env, check=True)


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main() -> None:
    args = parse()
    if args.role == "seed":
        return seed(args)
    if args.role == "locust":
        return run_locust(args)
    try:
        import locust  # noqa: F401  (only checked here: the load runs in a child process)
    except ImportError:
        sys.exit("locust is missing: pip install -e '.[bench]'")
    work = Path(tempfile.mkdtemp(prefix="rogatory-load-"))
    args.plan = work / "plan.json"
    env = server_env(args, work)
    admin_sql(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{args.database}"')
    server = None
    try:
        started = time.monotonic()
        for command in (["migrate", "--noinput"], ["load-reference"], ["demo"]):
            rogatory(env, *command)
        child(args, "seed", env)
        print(f"data ready in {time.monotonic() - started:.0f} s", flush=True)
        server = start_gunicorn(args, env, work / "gunicorn.log")
        wait_ready(args.port)
        before = load_average()
        child(args, "locust", {**os.environ, "PYTHONPATH": str(ROOT / "src")})
        result = json.loads(args.plan.with_suffix(".samples.json").read_text())
        load = {"before": before, "during_1min": result.get("load_average_1min"),
                "after_1_5_15min": load_average()}
    finally:
        if server is not None:
            stop(server)
        if not args.keep:
            admin_sql(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    body = report(args, result, load)
    args.out.write_text(json.dumps(body, indent=1))
    print(markdown(body))
    print(f"\nJSON: {args.out}; server log: {work / 'gunicorn.log'}")
    shutil.rmtree(work / "uploads", ignore_errors=True)


if __name__ == "__main__":
    main()
