"""A crash during an import leaves the data as before the import (issue #10).

The importer runs as its own process (`rogatory import-directory`, `import-treaty-facts`,
`library import-jsonl`) on a generated file, against a database this test can read too. As
soon as the process is demonstrably in the middle of writing, it is killed with SIGKILL (no
handler, no clean-up), and the tables are compared with their state before the import.

"Mid-write": on PostgreSQL the importer's backend has a transaction id (`backend_xid`), given
only once its open transaction has written a row; on SQLite its write transaction holds the
database lock and has already spilled uncommitted pages into the -wal file."""

import csv
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from rogatory.directory.csvio import COLUMNS
from rogatory.directory.models import Authority
from tests.conftest import copy_sqlite_test_database

pytestmark = pytest.mark.django_db(transaction=True)

ROGATORY = Path(sys.executable).parent / "rogatory"
APPLICATION = "rogatory-crash-test"
STATES = ["NL", "FR", "DE", "ES", "IT", "BE", "PT", "AT", "SE", "FI", "DK", "PL", "CZ"]


@dataclass
class Database:
    """The database the importer process writes, seen from the test."""

    env: dict[str, str]
    cursor: Callable[[], object]  # a context manager giving a DB-API cursor
    mid_write: Callable[[], bool]
    settle: Callable[[], None]  # wait until the killed process' session is gone

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(ROGATORY), *args], env=self.env, capture_output=True,  # noqa: S603
                              text=True, timeout=300, check=True)

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([str(ROGATORY), *args], env=self.env,  # noqa: S603
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def query(self, sql: str) -> list[tuple]:
        with self.cursor() as cursor:
            cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()]


def _postgresql(env: dict[str, str]) -> Database:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env["DATABASE_URL"] = (f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:"
                           f"{db['PORT'] or 5432}/{db['NAME']}?application_name={APPLICATION}")

    def sessions(writing: bool = False) -> int:
        """The importer's sessions (only those in a transaction that has written)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
                           "AND (NOT %s OR backend_xid IS NOT NULL)", [APPLICATION, writing])
            return cursor.fetchone()[0]

    def settle() -> None:
        wait_for(lambda: sessions() == 0, "the killed importer's session to end")

    return Database(env, connection.cursor, lambda: sessions(writing=True) > 0, settle)


def _sqlite(env: dict[str, str], folder: Path) -> Database:
    """A file copy of the in-memory test database, which another process cannot open."""
    env.pop("DATABASE_URL", None)
    env["ROGATORY_DATA_DIR"] = str(folder)
    path = folder / "rogatory.sqlite3"
    copy_sqlite_test_database(path)

    @contextmanager
    def cursor() -> Iterator[sqlite3.Cursor]:
        with closing(sqlite3.connect(path, timeout=10)) as database:
            yield database.cursor()

    def writing() -> bool:
        """The write lock is held (our IMMEDIATE transaction cannot start at once) and
        uncommitted pages are already in the -wal file."""
        wal = folder / "rogatory.sqlite3-wal"
        if not wal.exists() or wal.stat().st_size == 0:
            return False
        with closing(sqlite3.connect(path, timeout=0, isolation_level=None)) as probe:
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                return True
            probe.execute("ROLLBACK")
        return False

    return Database(env, cursor, writing, lambda: None)


@pytest.fixture
def database(transactional_db, tmp_path) -> Callable[[], Database]:
    """Call it once the data the test starts from is in the database."""
    env = {**os.environ, "SECRET_KEY": "crash-test-" + "x" * 50, "DEBUG": "0"}

    def make() -> Database:
        if connection.vendor == "postgresql":
            return _postgresql(env)
        return _sqlite(env, tmp_path)

    return make


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def kill_mid_write(db: Database, process: subprocess.Popen,
                   ready: Callable[[], bool] = lambda: True) -> None:
    """SIGKILL the importer as soon as it is writing (and `ready` holds)."""

    def writing() -> bool:
        if process.poll() is not None:
            _out, err = process.communicate()
            pytest.fail(f"the import ended before it could be killed (make the file "
                        f"bigger): {err[-2000:]}")
        return db.mid_write() and ready()

    wait_for(writing, "the importer to write")
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    process.communicate()
    db.settle()


def snapshot(db: Database, prefixes: tuple[str, ...]) -> dict[str, tuple[int, str]]:
    """Row count and checksum of every table of the given apps."""
    tables = [name for name in connection.introspection.table_names()
              if name.startswith(prefixes)]
    result = {}
    for table in tables:
        rows = db.query(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608
        result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


def assert_crash_changes_nothing(db: Database, prefixes: tuple[str, ...], *command: str) -> None:
    before = snapshot(db, prefixes)
    kill_mid_write(db, db.start(*command))
    assert snapshot(db, prefixes) == before


# --- the all-or-nothing CSV importers ----------------------------------------------------------

def _authority_row(state: str, name: str, n: int) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row |= {"state": state, "part": "1", "name": name, "name_en": f"Authority {n}",
            "functions": "mla; extradition", "languages": "en; fr", "channels": "email",
            "email": f"authority{n}@example.org", "designations": "untoc_18_13",
            "contacts": f"Officer {n} | Head | +31 70 370 {n % 10000:04d} | o{n}@example.org | ",
            "links": f"guide | Guide {n} | https://example.org/{n}",
            "source": "https://example.org/notification", "as_of": "2024-01-05",
            # Long texts: the write phase must outgrow SQLite's page cache to be caught.
            "requirements_notes": f"Requirements of authority {n}. " + "Details. " * 200}
    return row


def _csv(path: Path, header: list[str], rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_killed_directory_import_leaves_the_directory_as_it_was(database, tmp_path):
    existing = [Authority.objects.create(state_id=state, name=f"Existing {state}",
                                         functions=["mla"]) for state in STATES[:3]]
    rows = [_authority_row(a.state_id, a.name, n) for n, a in enumerate(existing)]  # updates
    rows += [_authority_row(STATES[n % len(STATES)], f"New authority {n}", n)
             for n in range(len(rows), 600)]
    path = _csv(tmp_path / "directory.csv", COLUMNS, rows)
    assert_crash_changes_nothing(database(), ("directory_",), "import-directory", str(path))


def test_killed_treaty_facts_import_leaves_the_facts_as_they_were(database, tmp_path):
    # Each State's central authority changes many times: one saved row (and history row)
    # per line, long enough to fill SQLite's page cache, so the write phase can be caught.
    rows = [{"state": state, "instrument": "UNTOC", "fact": "central_authority",
             "value": f"Ministry {version} " + "of justice " * 80,
             "source": "https://treaties.un.org/example",
             "as_of": f"{2000 + version % 25}-01-{1 + version // 25 % 28:02d}"}
            for version in range(300) for state in STATES]
    path = _csv(tmp_path / "facts.csv", ["state", "instrument", "fact", "value", "source",
                                         "as_of"], rows)
    assert_crash_changes_nothing(database(), ("states_",), "import-treaty-facts", str(path))


# --- the library's batched, resumable import ---------------------------------------------------

ITEMS, ARTICLES, BATCH = 200, 6, 20
LIBRARY = {
    "items": "SELECT external_id, kind, title, language, state_id, date, text, restricted, "
             "content_hash FROM library_item ORDER BY external_id",
    "provisions": 'SELECT i.external_id, p."order", p.number, p.division, p.heading, p.text '
                  "FROM library_provision p JOIN library_item i ON i.id = p.item_id "
                  "ORDER BY 1, 2",
    "passages": 'SELECT i.external_id, pr."order", pa.kind, pa.language, pa.year, '
                "pa.title_tokens, pa.body_tokens FROM library_passage pa "
                "JOIN library_item i ON i.id = pa.item_id "
                "LEFT JOIN library_provision pr ON pr.id = pa.provision_id ORDER BY 1, 2",
    "tags": "SELECT i.external_id, t.kind, t.value FROM library_tag t "
            "JOIN library_item i ON i.id = t.item_id ORDER BY 1, 2, 3",
}
PER_ITEM = ("SELECT i.external_id, (SELECT count(*) FROM library_provision p "
            "WHERE p.item_id = i.id), (SELECT count(*) FROM library_passage pa "
            "WHERE pa.item_id = i.id), (SELECT count(*) FROM library_tag t "
            "WHERE t.item_id = i.id) FROM library_item i")


def _library_file(path: Path) -> Path:
    records = [{"id": f"law-{n:04d}", "title": f"Criminal Procedure Act {n}", "country": "GB",
                "language": "en", "date": "2003-11-20", "issues": ["extradition"],
                "text": "\n\n".join(f"Section {a} - Heading {a}\nThe text of section {a} of "
                                    f"act {n}, on extradition and assistance."
                                    for a in range(1, ARTICLES + 1))}
               for n in range(ITEMS)]
    path.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
    return path


def library(db: Database) -> dict[str, list[tuple]]:
    return {name: db.query(sql) for name, sql in LIBRARY.items()}


def test_killed_library_import_leaves_whole_items_and_resumes_to_the_same_result(database,
                                                                                 tmp_path):
    db = database()
    command = ("library", "import-jsonl", str(_library_file(tmp_path / "laws.jsonl")),
               "--batch-size", str(BATCH), "--no-progress")
    db.run(*command)
    uninterrupted = library(db)
    whole = {row[0]: row[1:] for row in db.query(PER_ITEM)}
    assert len(whole) == ITEMS and all(row[0] == ARTICLES for row in whole.values())
    db.run("shell", "-c", "from rogatory.library.models import Item; Item.objects.all().delete()")
    assert db.query(PER_ITEM) == []

    # Killed while writing a batch, once at least one batch is in.
    kill_mid_write(db, db.start(*command),
                   ready=lambda: db.query("SELECT count(*) FROM library_item")[0][0] >= BATCH)
    survived = {row[0]: row[1:] for row in db.query(PER_ITEM)}
    assert 0 < len(survived) < ITEMS
    assert len(survived) % BATCH == 0  # whole batches only
    assert all(survived[key] == whole[key] for key in survived)  # whole items only

    db.run(*command)  # run again: the rest is imported, what is there is skipped
    assert library(db) == uninterrupted
