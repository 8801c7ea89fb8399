"""A network of nodes on one machine, for `make demo-exchange` and the multi-node tests: each
node its own data directory and database (SQLite, or PostgreSQL when given a URL), the demo
data, its keys, and one trust list signed by a throwaway secretariat key that every node
imports. `python -m rogatory.exchange.network FOLDER` prepares two nodes and runs them (the
web server and the exchange worker of each) until Ctrl-C."""

import json
import os
import signal
import subprocess  # nosec B404 starts the project's own commands (demo, tests, bench)
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from joserfc.jwk import OKPKey

from rogatory.exchange import keys, pades, trustlist

BIN = Path(sys.executable).parent
TRUST_DAYS = 30
# Each node's web server: gunicorn as docs/deploy.md runs it, sized for a 2-core machine that
# runs two nodes (bench/exchange.py gives its floor the same).
WEB_SERVER = ("--worker-class", "gthread", "--workers", "2", "--threads", "4",
              "--timeout", "60", "--keep-alive", "5")
# Prints the ids of the directory authorities of a State and makes sure each has a demo
# officer (the demo has one per State, at its central authority; a request may be routed to
# another authority of that State).
AUTHORITIES = """
import json
from rogatory.accounts.demo import DEMO_PASSWORD
from rogatory.accounts.models import Role, User
from rogatory.directory.models import Authority
ids = []
for authority in Authority.objects.filter(state_id=STATE).order_by("pk"):
    ids.append(str(authority.pk))
    if not User.objects.filter(authority=authority, role=Role.OFFICER).exists():
        User.objects.create_user(f"officer.{STATE.lower()}.{authority.pk}@example.org",
                                 DEMO_PASSWORD, full_name=f"Demo Officer {authority.pk}",
                                 role=Role.OFFICER, state_id=STATE, authority=authority)
print("AUTHORITIES=" + json.dumps(ids))
"""


@dataclass
class NodeSpec:
    node_id: str
    port: int
    state: str          # the demo authorities of this State are served by the node
    folder: Path
    database_url: str = ""  # empty: SQLite in the folder
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {**os.environ, "ROGATORY_DATA_DIR": str(self.folder), "DEBUG": "0",
               "ALLOWED_HOSTS": "127.0.0.1,localhost", **self.extra_env}
        env.pop("DATABASE_URL", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env


class CommandFailed(RuntimeError):
    """A `rogatory` command of a node failed; the message carries its stderr."""


def rogatory(spec: NodeSpec, *args: str) -> str:
    result = subprocess.run([str(BIN / "rogatory"), *args], env=spec.env(),  # noqa: S603  # nosec B603 own binary, argument list
                            capture_output=True, text=True, check=False)
    if result.returncode:
        # The exit status alone hides why; the traceback is on stderr.
        raise CommandFailed(f"rogatory {args[0]} failed for {spec.node_id} "
                            f"(exit {result.returncode}):\n{result.stderr[-4000:]}")
    return result.stdout


def _fresh_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _set_up(spec: NodeSpec) -> list[str]:
    spec.folder.mkdir(parents=True, exist_ok=True)
    if spec.database_url:
        _fresh_postgres(spec.database_url)
    rogatory(spec, "migrate", "--noinput", "-v", "0")
    rogatory(spec, "load-reference")
    rogatory(spec, "demo")
    code = AUTHORITIES.replace("STATE", repr(spec.state))
    found = rogatory(spec, "shell", "-v", "0", "-c", code)
    line = next(row for row in found.splitlines() if row.startswith("AUTHORITIES="))
    return json.loads(line.removeprefix("AUTHORITIES="))


def prepare(specs: list[NodeSpec]) -> None:
    """Set every node up (in parallel), make its keys, sign and install the trust list."""
    with ThreadPoolExecutor(max_workers=len(specs)) as pool:
        served = list(pool.map(_set_up, specs))
    now = datetime.now(UTC)
    nodes = [keys.init_node(spec.folder / "node", spec.node_id, f"{spec.url}/exchange/inbox/",
                            now - timedelta(minutes=10))
             for spec in specs]
    publish_trust_list(specs, [
        trustlist.entry(node.public_document([pades.ca_certificate(
            spec.folder / "node", node.id, now).decode("ascii")]), authorities)
        for spec, node, authorities in zip(specs, nodes, served, strict=True)])


def publish_trust_list(specs: list[NodeSpec], entries: list[dict]) -> None:
    secretariat = OKPKey.generate_key("Ed25519")
    now = datetime.now(UTC)
    token = trustlist.publish(entries, secretariat, now - timedelta(minutes=10),
                              now + timedelta(days=TRUST_DAYS))
    for spec in specs:
        (spec.folder / "trust-list.jws").write_text(token, encoding="ascii")
        (spec.folder / "trust-anchors.json").write_text(
            json.dumps([secretariat.as_dict(private=False)]), encoding="utf-8")


def start_web(spec: NodeSpec) -> subprocess.Popen:
    log = (spec.folder / "web.log").open("a")
    return subprocess.Popen(  # noqa: S603  # nosec B603 own binary, argument list
        [str(BIN / "gunicorn"), "rogatory.wsgi:application", "--bind",
         f"127.0.0.1:{spec.port}", *WEB_SERVER],
        env=spec.env(), stdout=log, stderr=log)


def start_worker(spec: NodeSpec) -> subprocess.Popen:
    log = (spec.folder / "worker.log").open("a")
    return subprocess.Popen(  # noqa: S603  # nosec B603 own binary, argument list
        [str(BIN / "rogatory"), "exchange", "worker", "--interval", "0.2"],
        env=spec.env(), stdout=log, stderr=log)


def demo_specs(folder: Path, first_port: int = 8000) -> list[NodeSpec]:
    return [NodeSpec("node-nl", first_port, "NL", folder / "node-nl"),
            NodeSpec("node-fr", first_port + 1, "FR", folder / "node-fr")]


def run_until_stopped(processes: list[subprocess.Popen]) -> None:
    """Wait until one of `processes` ends, Ctrl-C, `kill` or a closed terminal; then stop
    them all. (Python's default SIGTERM and SIGHUP end this process without `finally`,
    which would leave the nodes running on their ports.)"""
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, lambda *_: sys.exit(0))
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "var/demo-exchange").resolve()
    port = int(os.environ.get("PORT", "8000"))
    specs = demo_specs(folder, port)
    if not all((spec.folder / "node" / keys.NODE_FILE).exists() for spec in specs):
        print(f"Preparing two nodes in {folder} (a minute or two)...", flush=True)
        prepare(specs)
    processes = [start(spec) for spec in specs for start in (start_web, start_worker)]
    for spec in specs:
        print(f"{spec.node_id}: {spec.url}/  (serves the {spec.state} demo authorities; "
              f"logs in {spec.folder})")
    print("Sign in on the first as officer.nl@example.org (password rogatory-demo-2026), "
          "review the 'Operation Heron' draft and 'Send through Rogatory'; on the second, "
          "sign in as officer.fr.<authority id>@example.org of the authority it reached "
          "(docs/exchange.md, 'Trying it'). Ctrl-C stops.")
    run_until_stopped(processes)


if __name__ == "__main__":
    main()

