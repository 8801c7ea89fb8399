"""Several application servers: two gunicorns behind nginx, PostgreSQL, Redis, one killed.

    pip install -e '.[bench]'                         # locust
    apt-get install nginx-light redis-server          # the proxy and the shared cache
    .venv/bin/python bench/cluster.py                 # 100 users, 5-minute mix
    .venv/bin/python bench/cluster.py --duration 90s  # shorter

One command: a fresh PostgreSQL database (dropped at the end), the data of bench/load.py
(same seed: directory, officers with API tokens, cases, a multilingual library), a
redis-server (cache, sessions, login rate limits, API throttles), two gunicorn servers and
nginx in front of them, all on 127.0.0.1 ports --base-port .. +3. Then:

  1. checks across servers, made through each server directly: a session opened on server A
     is signed in on server B; five failed sign-ins split over A and B lock the account on
     both (allauth's 5 per 5 minutes per address and account); the anonymous API throttle
     (600 a minute per address) counts one address's requests on A and B together;
  2. capacity with ONE server behind nginx (closed loop, the mix of bench/load.py, no think
     time), then with TWO: their throughput ratio (target >= 1.6);
  3. the mix of bench/load.py with think time for --duration, through nginx; half-way
     server A is killed (SIGKILL, all its workers) and restarted --down seconds later; the
     periodic job (`rogatory send-reminders`, what the worker/cron runs) runs during the mix.

Reported: errors in the mix, apart those in flight on the killed server (started before
the kill, answered after it); p99; the checks; the capacity ratio; the load average; and,
for each phase, where the machine's CPU went (psutil, sampled every second): how busy the
cores were and each part's share (servers A and B, nginx, Redis, PostgreSQL, the load
generator), with its CPU milliseconds per request, so that a capacity ratio below the target
can be told apart as the application's or the machine's.
Everything stops by itself; only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
import load

HOST = load.HOST
PASSWORD = "cluster-bench-" + os.urandom(6).hex()
NGINX = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {work}/nginx-body;
  proxy_temp_path {work}/nginx-proxy;
  upstream rogatory_app {{
{servers}
    keepalive 32;
    # Shorter than gunicorn's --keep-alive 5: otherwise gunicorn may close an idle
    # connection just as nginx reuses it ("Connection reset by peer", a failed attempt
    # counted against a live server).
    keepalive_timeout 4s;
  }}
  server {{
    listen {host}:{port};
    location / {{
      proxy_pass http://rogatory_app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Request-ID $request_id;
      # A dead server: idempotent requests go to the other one; after 3 failures it gets
      # none for 10 s (with 1, one slow answer of the live server took both out: 502s).
      proxy_next_upstream error timeout http_502;
      proxy_connect_timeout 2s;
      proxy_max_temp_file_size 0;  # no temporary files: pass large answers through
    }}
  }}
}}
"""


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=load.seconds, default=300.0, help="of the mix (5m)")
    parser.add_argument("--capacity-duration", type=load.seconds, default=30.0,
                        help="of each closed-loop capacity phase (one server, two)")
    parser.add_argument("--down", type=load.seconds, default=15.0,
                        help="how long the killed server stays down")
    parser.add_argument("--base-port", type=int, default=8300,
                        help="nginx; servers A and B on +1, +2; Redis on +79")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes per server")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", default="rogatory_cluster")
    parser.add_argument("--passages", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "cluster.json")
    return parser.parse_args()


class Cluster:
    """The processes of the run, each stopped at the end."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args, self.work = args, work
        self.nginx_port, self.redis_port = args.base_port, args.base_port + 79
        self.ports = {"A": args.base_port + 1, "B": args.base_port + 2}
        self.env = {**load.server_env(args, work),
                    "REDIS_URL": f"redis://{HOST}:{self.redis_port}/0",
                    # The load generator plays a first proxy (one address per person), nginx
                    # the second: the throttles key on the generator's address.
                    "ROGATORY_TRUSTED_PROXIES": "2"}
        self.servers: dict[str, subprocess.Popen] = {}
        self.others: list[subprocess.Popen] = []

    def start_redis(self) -> None:
        self.others.append(subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", HOST, "--save", "",
             "--appendonly", "no", "--dir", str(self.work)], stdout=subprocess.DEVNULL))

    def start_server(self, name: str) -> None:
        args = argparse.Namespace(**{**vars(self.args), "port": self.ports[name]})
        process = load.start_gunicorn(args, self.env, self.work / f"gunicorn-{name}.log")
        self.servers[name] = process
        load.wait_ready(self.ports[name])

    def kill_server(self, name: str) -> float:
        """SIGKILL to the master and every worker: requests in flight there are lost."""
        master = self.servers[name].pid
        workers = subprocess.run(["pgrep", "-P", str(master)], capture_output=True,
                                 text=True, check=False).stdout.split()
        at = time.time()
        for pid in [master, *map(int, workers)]:
            os.kill(int(pid), signal.SIGKILL)
        self.servers[name].wait()
        return at

    def nginx(self, names: list[str]) -> None:
        """Write the configuration with these servers; start nginx or reload it."""
        servers = "\n".join(f"    server {HOST}:{self.ports[n]} max_fails=3 fail_timeout=10s;"
                            for n in names)
        conf = self.work / "nginx.conf"
        conf.write_text(NGINX.format(work=self.work, servers=servers, host=HOST,
                                     port=self.nginx_port))
        command = ["nginx", "-p", str(self.work), "-c", str(conf)]
        if (self.work / "nginx.pid").exists():
            subprocess.run([*command, "-s", "reload"], check=True)
            time.sleep(1)
        else:
            subprocess.run(command, check=True)

    def cpu_parts(self) -> dict[str, list[psutil.Process]]:
        """The processes of each part, found by name and command line (a restarted server's
        new processes included)."""
        servers = {f"{HOST}:{port}": f"server {name}" for name, port in self.ports.items()}
        parts: dict[str, list[psutil.Process]] = defaultdict(list)
        for process in psutil.process_iter(["name", "cmdline"]):
            name, line = process.info["name"] or "", " ".join(process.info["cmdline"] or ())
            part = next((label for bind, label in servers.items()
                         if "gunicorn" in line and bind in line), None)
            if part is None and name == "nginx":
                part = "nginx"
            elif part is None and name.startswith("redis") and str(self.redis_port) in line:
                part = "redis"
            elif part is None and name == "postgres" and f" {self.args.database} " in line:
                part = "postgresql"  # the backends serving this run's database only
            elif part is None and "--role locust" in line:
                part = "load generator"
            if part:
                parts[part].append(process)
        return parts

    def stop(self) -> None:
        if (self.work / "nginx.pid").exists():
            conf = self.work / "nginx.conf"
            subprocess.run(["nginx", "-p", str(self.work), "-c", str(conf), "-s", "quit"],
                           check=False)
        for process in [*self.servers.values(), *self.others]:
            load.stop(process)


class CpuMeter:
    """Samples, every `every` seconds, the CPU seconds each part of the cluster used since
    the last sample (per process, so a killed and restarted server is counted right) and
    the machine's busy time; `shares(start, end)` sums a window."""

    def __init__(self, parts, every: float = 1.0) -> None:
        self.parts, self.every = parts, every
        self.seen: dict[int, float] = {}
        self.samples: list[tuple[float, float, float, dict[str, float]]] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()

    def _run(self) -> None:
        self._parts()  # what each process used before the meter started is not counted
        busy, total = self._machine()
        while not self.stopping.wait(self.every):
            now_busy, now_total = self._machine()
            self.samples.append((time.time(), now_busy - busy, now_total - total, self._parts()))
            busy, total = now_busy, now_total

    @staticmethod
    def _machine() -> tuple[float, float]:
        times = psutil.cpu_times()
        total = sum(times)
        return total - times.idle - getattr(times, "iowait", 0.0), total

    def _parts(self) -> dict[str, float]:
        used: dict[str, float] = defaultdict(float)
        for part, processes in self.parts().items():
            for process in processes:
                try:
                    cpu = process.cpu_times()
                    now = cpu.user + cpu.system
                except psutil.Error:
                    continue
                used[part] += max(0.0, now - self.seen.get(process.pid, 0.0))
                self.seen[process.pid] = now
        return used

    def shares(self, start: float, end: float, requests: int) -> dict:
        window = [s for s in self.samples if start < s[0] <= end]
        busy = sum(s[1] for s in window)
        total = sum(s[2] for s in window)
        used: dict[str, float] = defaultdict(float)
        for *_times, parts in window:
            for part, seconds in parts.items():
                used[part] += seconds
        seconds = end - start
        return {"machine_busy_pct": round(100 * busy / total, 1) if total else None,
                "cores_busy": round(busy / seconds, 2),
                "other_cores": round((busy - sum(used.values())) / seconds, 2),
                "parts_cores": {p: round(s / seconds, 2) for p, s in sorted(used.items())},
                "parts_cpu_ms_per_request": {p: round(1000 * s / requests, 1)
                                             for p, s in sorted(used.items())} if requests
                else {}}


# --- checks across servers -------------------------------------------------------------------

def _signed_in_session(base: str, email: str, password: str):
    import requests

    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(f"{base}/accounts/login/", timeout=30,
                          data={"login": email, "password": password,
                                "csrfmiddlewaretoken": token},
                          headers={"Referer": f"{base}/accounts/login/"})
    return session, answer


def session_kept(cluster: Cluster, email: str) -> bool:
    """Signed in through A, the same cookie is signed in through B (and vice versa)."""
    a, b = (f"http://{HOST}:{cluster.ports[n]}" for n in "AB")
    session, _answer = _signed_in_session(a, email, PASSWORD)
    on_b = session.get(f"{b}/accounts/email/", timeout=30, allow_redirects=False)
    return on_b.status_code == 200


def login_limit_shared(cluster: Cluster, email: str) -> dict:
    """Five failed sign-ins alternately on A and B; then the right password, on each."""
    bases = [f"http://{HOST}:{cluster.ports[n]}" for n in "AB"]
    for attempt in range(5):
        _signed_in_session(bases[attempt % 2], email, "wrong password")
    refused = {}
    for name, base in zip("AB", bases, strict=True):
        _session, answer = _signed_in_session(base, email, PASSWORD)
        refused[name] = "Too many failed login attempts" in answer.text
    return refused


def throttle_shared(cluster: Cluster, email: str, limit: int = 10) -> dict:
    """API token creation (throttled to 10 a minute per user) asked alternately of A and B
    with one session: the 11th is refused whichever server gets it."""
    bases = [f"http://{HOST}:{cluster.ports[n]}" for n in "AB"]
    session, _answer = _signed_in_session(bases[0], email, PASSWORD)
    statuses = []
    for number in range(limit + 2):
        answer = session.post(f"{bases[number % 2]}/api/v1/tokens/", timeout=30,
                              json={"name": f"cluster check {number}"},
                              headers={"X-CSRFToken": session.cookies.get("csrftoken", "")})
        statuses.append(answer.status_code)
    return {"statuses": statuses, "first_throttled": statuses.index(429) + 1
            if 429 in statuses else None}


# --- phases ----------------------------------------------------------------------------------

def locust(args: argparse.Namespace, plan: Path, port: int, duration: float,
           capacity: float) -> subprocess.Popen:
    """bench/load.py's users (trivial, capacity, then mix phases) against `port`."""
    command = [sys.executable, load.__file__, "--role", "locust", "--plan", str(plan),
               "--port", str(port), "--users", str(args.users), "--duration", str(duration),
               "--trivial-duration", str(capacity)]
    return subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(load.ROOT / "src")})


def run_load(args, plan: Path, port: int, duration: float, capacity: float,
             during=None) -> dict:
    process = locust(args, plan, port, duration, capacity)
    extra = during() if during else {}
    if process.wait() != 0:
        raise RuntimeError("locust failed")
    result = json.loads(plan.with_suffix(".samples.json").read_text())
    return {**result, **extra}


def in_flight(samples: list, killed_at: float) -> tuple[list, list]:
    """Mix samples split: those in flight when the server was killed, and the others."""
    inside, outside = [], []
    for sample in samples:
        phase, _name, start, elapsed, _status = sample
        if phase != "mix":
            continue
        (inside if start <= killed_at <= start + elapsed / 1000 else outside).append(sample)
    return inside, outside


def main() -> None:
    args = parse()
    work = Path(tempfile.mkdtemp(prefix="rogatory-cluster-"))
    plan = work / "plan.json"
    cluster = Cluster(args, work)
    meter = CpuMeter(cluster.cpu_parts)
    load.admin_sql(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    load.admin_sql(f'CREATE DATABASE "{args.database}"')
    seed_args = ["--database", args.database, "--passages", str(args.passages)]
    email = "cluster-check@bench.example.org"
    body: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                  "users": args.users, "mix_seconds": args.duration,
                  "servers": f"2 x gunicorn gthread {args.workers}x{args.threads}",
                  "load_average_before": load.load_average()}
    try:
        for command in (["migrate", "--noinput"], ["load-reference"], ["demo"]):
            load.rogatory(cluster.env, *command)
        subprocess.run([sys.executable, load.__file__, "--role", "seed", "--plan", str(plan),
                        *seed_args], env=cluster.env, check=True)
        subprocess.run([str(load.BIN / "rogatory"), "create-user", email, "--role",
                        "practitioner", "--state", "NL", "--password-stdin"],
                       input=PASSWORD, text=True, env=cluster.env, check=True,
                       stdout=subprocess.DEVNULL)
        cluster.start_redis()
        for name in "AB":
            cluster.start_server(name)
        meter.start()
        body["session_kept_across_servers"] = session_kept(cluster, email)
        body["token_throttle_over_both"] = throttle_shared(cluster, email)
        body["login_limit_refuses_right_password_on"] = login_limit_shared(cluster, email)
        cluster.nginx(["A"])
        one = run_load(args, plan, cluster.nginx_port, 1, args.capacity_duration)
        cluster.nginx(["A", "B"])

        def kill_and_restart() -> dict:
            ramp = args.users / 20.0  # bench/load.py's spawn rate
            time.sleep(3 * ramp + 2 * args.capacity_duration + args.duration / 2 + 3)
            killed = cluster.kill_server("A")
            reminders = subprocess.run([str(load.BIN / "rogatory"), "send-reminders"],
                                       env=cluster.env, capture_output=True, text=True,
                                       check=False)
            time.sleep(max(0.0, args.down - (time.time() - killed)))
            cluster.start_server("A")
            return {"killed_at": killed, "restarted_at": time.time(),
                    "worker_job": (reminders.returncode,
                                   reminders.stdout.strip().splitlines()[-1:])}

        two = run_load(args, plan, cluster.nginx_port, args.duration, args.capacity_duration,
                       during=kill_and_restart)
    finally:
        if meter.thread.is_alive():
            meter.stop()
        cluster.stop()
        load.admin_sql(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    body.update(report(args, one, two, meter))
    body["load_average_after"] = load.load_average()
    args.out.write_text(json.dumps(body, indent=1))
    print(json.dumps(body, indent=1))
    print(f"\nJSON: {args.out}; logs in {work}")


def report(args: argparse.Namespace, one: dict, two: dict, meter: CpuMeter) -> dict:
    load_args = argparse.Namespace(users=args.users, wait=(2.0, 8.0), workers=args.workers,
                                   threads=args.threads)
    single = load.report(load_args, one, {})
    double = load.report(load_args, two, {})
    capacity_one = single["phases"]["capacity"]["overall"]["throughput"]
    capacity_two = double["phases"]["capacity"]["overall"]["throughput"]
    mix = [s for s in two["samples"] if s[0] == "mix"]
    lost, rest = in_flight(mix, two["killed_at"])
    window = double["phases"]["mix"]["seconds"]
    return {
        "capacity_one_server_rps": capacity_one, "capacity_two_servers_rps": capacity_two,
        "capacity_ratio": round(capacity_two / capacity_one, 2) if capacity_one else None,
        "mix": double["phases"]["mix"]["overall"],
        "mix_errors_not_in_flight": load.summarise(rest, window)["errors"],
        "in_flight_on_killed_server": {"requests": len(lost),
                                       "errors": load.summarise(lost, 1)["errors"]},
        "down_seconds": round(two["restarted_at"] - two["killed_at"], 1),
        "worker_job": two["worker_job"],
        "load_average_during_mix_1min": two.get("load_average_1min"),
        "cpu": {label: meter.shares(result["marks"][phase]["start"],
                                    result["marks"][phase]["end"],
                                    body["phases"][phase]["overall"]["requests"])
                for label, result, body, phase in (
                    ("capacity, one server", one, single, "capacity"),
                    ("capacity, two servers", two, double, "capacity"),
                    ("mix", two, double, "mix"))},
    }


if __name__ == "__main__":
    main()
