"""The secretariat-wide statistics summary: counts of cases per month sent and per figure,
kept by database triggers in the same transaction as every change to a case, whatever
wrote it (services, the API, a bulk import, raw SQL), and rebuilt from the cases on demand.

Each case contributes one row per figure to `cases_casesummary` (month, dimension, value):
  status       "direction:status"            every case
  kind, counterpart, basis                   every case
  days         days from sent to executed    executed cases with a duration
  ground       each ground of refusal        refused cases
  due          due date (YYYY-MM-DD)         open cases with a due date (for "overdue")
The month is YYYY-MM of `sent_at`, or "" when the case was not sent yet.
"""

import datetime
import json
from collections import Counter
from collections.abc import Iterator

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Sum

from rogatory.cases import workflow
from rogatory.cases.models import Case, CaseAction, CaseSummary

TABLE = CaseSummary._meta.db_table
# The columns whose change moves a case between summary rows (the order `case_rows` takes).
WATCHED = ("status", "direction", "kind", "counterpart_state_id", "legal_basis", "sent_at",
           "days_to_outcome", "refusal_grounds", "due_date")
CLOSED_SQL = ", ".join(f"'{status}'" for status in sorted(workflow.CLOSED))

VENDOR_SQL = {
    "sqlite": {"month": "coalesce(substr({r}.sent_at, 1, 7), '')",
               "days": "CAST({r}.days_to_outcome AS TEXT)",
               # CAST: a bare date column would make Django parse every value as a date.
               "due": "CAST({r}.due_date AS TEXT)",
               "grounds": "json_each({r}.refusal_grounds) g"},
    "postgresql": {"month": "coalesce(to_char({r}.sent_at, 'YYYY-MM'), '')",
                   "days": "{r}.days_to_outcome::text",
                   "due": "to_char({r}.due_date, 'YYYY-MM-DD')",
                   "grounds": "jsonb_array_elements_text({r}.refusal_grounds) g(value)"},
}


def _vendor(conn: BaseDatabaseWrapper) -> dict[str, str]:
    if conn.vendor not in VENDOR_SQL:
        raise NotImplementedError(f"no case summary for {conn.vendor}")
    return VENDOR_SQL[conn.vendor]


def rows_sql(conn: BaseDatabaseWrapper, r: str, source: str = "", where: str = "TRUE",
             only: str | None = None) -> str:
    """SELECT (month, dimension, value) for every summary row of the case row `r`: the
    trigger's NEW or OLD (no `source`), or an alias of `source` for a recount; `only` one
    dimension."""
    sql = {key: text.format(r=r) for key, text in _vendor(conn).items()}
    tables = [source] if source else []
    branches = [
        ("status", f"{r}.direction || ':' || {r}.status", tables, "TRUE"),
        ("kind", f"{r}.kind", tables, "TRUE"),
        ("counterpart", f"{r}.counterpart_state_id", tables, "TRUE"),
        ("basis", f"{r}.legal_basis", tables, "TRUE"),
        ("days", sql["days"], tables,
         f"{r}.status = '{workflow.EXECUTED}' AND {r}.days_to_outcome IS NOT NULL"),
        ("ground", "g.value", [*tables, sql["grounds"]], f"{r}.status = '{workflow.REFUSED}'"),
        ("due", sql["due"], tables,
         f"{r}.status NOT IN ({CLOSED_SQL}) AND {r}.due_date IS NOT NULL"),
    ]
    # Every piece is a constant of this module; the only parameters are bound by the caller.
    return " UNION ALL ".join(
        f"SELECT {sql['month']} AS month, '{dimension}' AS dimension, {value} AS item"  # noqa: S608
        + (f" FROM {', '.join(sources)}" if sources else "") + f" WHERE {condition} AND {where}"
        for dimension, value, sources, condition in branches if only in (None, dimension))


def _changed(conn: BaseDatabaseWrapper) -> str:
    if conn.vendor == "postgresql":
        old = ", ".join(f"OLD.{c}" for c in WATCHED)
        new = ", ".join(f"NEW.{c}" for c in WATCHED)
        return f"({old}) IS DISTINCT FROM ({new})"
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)


def _sqlite_triggers(conn: BaseDatabaseWrapper) -> list[str]:
    add = (f"INSERT INTO {TABLE} (month, dimension, value, n) "  # noqa: S608  # nosec B608 constant table/columns
           f"SELECT month, dimension, item, count(*) FROM ({rows_sql(conn, 'NEW')}) "
           "WHERE TRUE GROUP BY month, dimension, item "
           "ON CONFLICT (month, dimension, value) DO UPDATE SET n = n + excluded.n;")
    # Removal only updates existing rows: a case's rows exist while it does (and deleting
    # the summary before the cases, as a test database flush may, leaves no negative rows).
    old = rows_sql(conn, "OLD")
    remove = (f"UPDATE {TABLE} SET n = n - (SELECT count(*) FROM ({old}) o "  # noqa: S608  # nosec B608 constant table/columns
              f"WHERE o.month = {TABLE}.month AND o.dimension = {TABLE}.dimension "
              f"AND o.item = {TABLE}.value) WHERE (month, dimension, value) IN ({old});")
    columns = ", ".join(WATCHED)
    return [
        f"CREATE TRIGGER cases_summary_insert AFTER INSERT ON cases_case BEGIN {add} END",
        f"CREATE TRIGGER cases_summary_delete AFTER DELETE ON cases_case BEGIN {remove} END",
        f"CREATE TRIGGER cases_summary_update AFTER UPDATE OF {columns} ON cases_case "
        f"WHEN {_changed(conn)} BEGIN {remove} {add} END",
    ]


def _postgresql_triggers(conn: BaseDatabaseWrapper) -> list[str]:
    # One statement per change, its rows in key order: two transactions changing cases
    # lock summary rows in the same order, so they wait for each other but never deadlock.
    function = f"""
CREATE OR REPLACE FUNCTION cases_summary_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {TABLE} AS s (month, dimension, value, n)
  SELECT month, dimension, item, sum(n) FROM (
    SELECT month, dimension, item, -1 AS n FROM ({rows_sql(conn, 'OLD')}) o
     WHERE TG_OP <> 'INSERT'
    UNION ALL
    SELECT month, dimension, item, 1 AS n FROM ({rows_sql(conn, 'NEW')}) w
     WHERE TG_OP <> 'DELETE') d
  GROUP BY month, dimension, item HAVING sum(n) <> 0 ORDER BY month, dimension, item
  ON CONFLICT (month, dimension, value) DO UPDATE SET n = s.n + EXCLUDED.n;
  RETURN NULL;
END $$"""  # noqa: S608  # nosec B608 trigger DDL from constant names
    return [
        function,
        "CREATE TRIGGER cases_summary_write AFTER INSERT OR DELETE ON cases_case "
        "FOR EACH ROW EXECUTE FUNCTION cases_summary_apply()",
        f"CREATE TRIGGER cases_summary_update AFTER UPDATE OF {', '.join(WATCHED)} "
        f"ON cases_case FOR EACH ROW WHEN ({_changed(conn)}) "
        "EXECUTE FUNCTION cases_summary_apply()",
    ]


def install(conn: BaseDatabaseWrapper) -> None:
    """Create the triggers (from the migration), then count what is already there."""
    statements = (_postgresql_triggers(conn) if conn.vendor == "postgresql"
                  else _sqlite_triggers(conn))
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    rebuild(conn)


def uninstall(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS cases_summary_apply() CASCADE")
        else:
            for name in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS cases_summary_{name}")


def rebuild(conn: BaseDatabaseWrapper = connection) -> int:
    """Recount the summary from the cases; returns its number of rows. Writers wait (the
    cases are locked against change on PostgreSQL; SQLite has one writer at a time)."""
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("LOCK TABLE cases_case IN SHARE MODE")
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608  # nosec B608 constant table/columns
        cursor.execute(
            f"INSERT INTO {TABLE} (month, dimension, value, n) "  # noqa: S608  # nosec B608 constant table/columns
            f"SELECT month, dimension, item, count(*) FROM "
            f"({rows_sql(conn, 'c', 'cases_case c')}) r GROUP BY month, dimension, item")
        return cursor.rowcount


# --- reading -------------------------------------------------------------------------------

def _month(day: datetime.date) -> str:
    return f"{day:%Y-%m}"


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def _split(date_from: datetime.date | None, date_to: datetime.date | None
           ) -> tuple[str, str, list[tuple[datetime.date, datetime.date]]]:
    """The whole months of the period (read from the summary, as a YYYY-MM range) and the
    partial months at its ends (recounted from the cases)."""
    lowest, highest = "", "9999-12"
    edges = []
    if date_from:
        lowest = _month(date_from)
        if date_from.day != 1:
            lowest = _month(_month_end(date_from) + datetime.timedelta(days=1))
            edges.append((date_from, min(_month_end(date_from), date_to or datetime.date.max)))
    if date_to:
        highest = _month(date_to)
        if date_to != _month_end(date_to):
            highest = _month(date_to.replace(day=1) - datetime.timedelta(days=1))
            start = max(date_to.replace(day=1), date_from or datetime.date.min)
            if not edges or edges[0][0] < start:
                edges.append((start, date_to))
    if date_from or date_to:
        lowest = max(lowest, "0000-01")  # a period excludes cases never sent (month "")
    return lowest, highest, [(a, b) for a, b in edges if a <= b]


def case_rows(status: str, direction: str, kind: str, counterpart: str, basis: str,
              sent_at: datetime.date | str, days: int | None, grounds: list | str | None,
              due: datetime.date | str | None) -> Iterator[tuple[str, str, str]]:
    """(month, dimension, value) of every summary row of one sent case, from its columns as
    a cursor returns them (dates as dates or ISO text, grounds as a list or JSON text):
    `rows_sql` in Python (the tests check both give the same rows for every case)."""
    month = str(sent_at)[:7]
    yield month, "status", f"{direction}:{status}"
    yield month, "kind", kind
    yield month, "counterpart", counterpart
    yield month, "basis", basis
    if status == workflow.EXECUTED and days is not None:
        yield month, "days", str(days)
    if status == workflow.REFUSED:
        for ground in (json.loads(grounds) if isinstance(grounds, str) else grounds) or ():
            yield month, "ground", ground
    if status not in workflow.CLOSED and due is not None:
        yield month, "due", str(due)


def _recount(edges: list[tuple[datetime.date, datetime.date]], dimension: str | None = None
             ) -> list[tuple[str, str, str, int]]:
    """The summary rows of the cases sent in the partial months, read from the index
    `cases_sent_counted` alone in one query (one range per month, joined by UNION ALL: an
    OR of the ranges would make PostgreSQL visit the cases). One figure is grouped in SQL;
    every figure is counted here from one read of the counted columns (faster than grouping
    each figure in SQL, and than the ORM's conversions: see docs/cases.md "Measured")."""
    if not edges:
        return []
    sent = "c.sent_at BETWEEN %s AND %s"
    days = [day for edge in edges for day in edge]
    # Every piece is a constant of this module; the dates are bound parameters.
    with connection.cursor() as cursor:
        if dimension:
            figure = " UNION ALL ".join(
                [rows_sql(connection, "c", "cases_case c", sent, only=dimension)] * len(edges))
            cursor.execute(f"SELECT month, dimension, item, count(*) FROM ({figure}) r "  # noqa: S608  # nosec B608 constant table/columns
                           "GROUP BY month, dimension, item", days)
            return cursor.fetchall()
        cursor.execute(" UNION ALL ".join(
            [f"SELECT {', '.join(WATCHED)} FROM cases_case c WHERE {sent}"] * len(edges)),  # noqa: S608  # nosec B608 constant table/columns
            days)
        counted = Counter(row for values in cursor.fetchall() for row in case_rows(*values))
    return [(*row, n) for row, n in counted.items()]


def rows(date_from: datetime.date | None = None, date_to: datetime.date | None = None,
         dimension: str | None = None) -> list[tuple[str, str, str, int]]:
    """(month, dimension, value, count) of every case sent in the period (every case
    without one), exact: whole months from the summary, partial months recounted."""
    lowest, highest, edges = _split(date_from, date_to)
    found = CaseSummary.objects.filter(n__gt=0, month__gte=lowest, month__lte=highest)
    if dimension:
        found = found.filter(dimension=dimension)
    return [*found.values_list("month", "dimension", "value", "n"), *_recount(edges, dimension)]


def totals(date_from: datetime.date | None = None, date_to: datetime.date | None = None
           ) -> Counter:
    """{(dimension, value): count} over the period."""
    lowest, highest, edges = _split(date_from, date_to)
    counted: Counter = Counter()
    whole = (CaseSummary.objects.filter(n__gt=0, month__gte=lowest, month__lte=highest)
             .values_list("dimension", "value").annotate(total=Sum("n")).order_by())
    for dimension, value, n in whole:
        counted[dimension, value] += n
    for _month_key, dimension, value, n in _recount(edges):
        counted[dimension, value] += n
    return counted


def late_by_action(on: datetime.date, date_from: datetime.date | None,
                   date_to: datetime.date | None) -> int:
    """Open cases overdue only through an action (their own due date is not past)."""
    late = CaseAction.objects.filter(done_at__isnull=True, due_date__lt=on).values("case_id")
    cases = (Case.objects.filter(pk__in=late).exclude(status__in=workflow.CLOSED)
             .exclude(due_date__lt=on))
    if date_from:
        cases = cases.filter(sent_at__gte=date_from)
    if date_to:
        cases = cases.filter(sent_at__lte=date_to)
    return cases.count()
