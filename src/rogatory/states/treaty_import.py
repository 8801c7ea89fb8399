"""`rogatory import-treaty-facts`: the project's own fact files and the research formats
(participation, declarations, bilateral: rogatory.states.transcribe), told apart by their
header. All or nothing: every row is checked first (line and reason), then everything is
written in one transaction; a dry run writes the same way and rolls back, so what it shows
is exactly what the import would do. Importing the same file twice changes nothing."""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from rogatory.core.importing import RowInvalid, parse_rows, read_csv
from rogatory.states import transcribe
from rogatory.states.models import Instrument, State, StateFact, TreatyFact
from rogatory.states.organisations import STATE_FACT_COLUMNS, import_state_facts
from rogatory.states.services import (
    FACT_COLUMNS,
    INSTRUMENT_COLUMNS,
    FactPlan,
    Source,
    _collect_facts,
    changes_by,
    import_instruments,
)

OWN = "facts"
FORMATS = {"participation": transcribe.PARTICIPATION, "declarations": transcribe.DECLARATIONS,
           "bilateral": transcribe.BILATERAL}
NOT_FOUND = "not-found"


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    format: str
    rows: int
    plan: FactPlan
    instruments: int = 0
    state_facts: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


def detect(rows: list[tuple[int, dict]]) -> str:
    header = set(rows[0][1]) if rows else set()
    return next((name for name, columns in FORMATS.items() if set(columns) <= header), OWN)


def _check_research_row(row: dict, kind: str, states: frozenset[str],
                        instruments: frozenset[str]) -> dict:
    """A research row whose cells the transcription can read: known States and instrument,
    dates ISO or `not-found`, a source address."""
    for column in ("iso2", "iso2_a", "iso2_b"):
        if column in row and row[column].upper() not in states | {"EU"}:
            raise RowInvalid(_("%(column)s: unknown State code %(value)r")
                             % {"column": column, "value": row[column]})
    code = transcribe.INSTRUMENT_CODES.get(row.get("instrument", ""), row.get("instrument"))
    if kind == "participation" and code not in instruments:
        raise RowInvalid(_("instrument: unknown instrument code %(value)r")
                         % {"value": row["instrument"]})
    for column in ("signature_date", "consent_date", "entry_into_force", "signed", "in_force"):
        value = row.get(column, NOT_FOUND)
        if value != NOT_FOUND and not _iso_date(value):
            raise RowInvalid(_("%(column)s: %(value)r is not a date (YYYY-MM-DD) or not-found")
                             % {"column": column, "value": value})
    if not row["source_url"].startswith(("http://", "https://")):
        raise RowInvalid(_("source_url: every fact needs the address of its source"))
    return row


def _iso_date(value: str) -> bool:
    """A calendar date written YYYY-MM-DD (one later than the research could know, e.g. a
    two-digit year expanded wrongly, is left out by the transcription, not rejected)."""
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _as_csv(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _transcribe(kind: str, rows: list[dict]) -> transcribe.Transcription:
    out = transcribe.Transcription()
    members = frozenset(State.objects.filter(un_status="member")
                        .values_list("alpha2", flat=True))
    rows = [row for row in rows if "EU" not in (row.get("iso2"), row.get("iso2_a"),
                                                  row.get("iso2_b"))]
    if kind == "participation":
        transcribe.participation_facts(rows, out, members)
    elif kind == "declarations":
        transcribe.declaration_facts(rows, out, _deposits())
    else:
        names = {state.alpha2: state.name("en") for state in State.objects.all()}
        transcribe.bilateral_facts(rows, out, names)
    return out


def _deposits() -> dict:
    """The latest deposit recorded per (State, instrument): an undated declaration's date."""
    found: dict = {}
    for state, code, value in TreatyFact.objects.filter(fact="consent").values_list(
            "state_id", "instrument__code", "value"):
        day = transcribe._date(value.rpartition(" ")[2])
        if day and day > found.get((state, code), day.min):
            found[(state, code)] = day
    return found


def import_file(source: Source, dry_run: bool = False, user=None) -> ImportReport:
    """Import a fact file of any known format; ImportRejected (nothing written) on error."""
    rows = list(read_csv(source, ()))
    kind = detect(rows)
    with changes_by(user), transaction.atomic():
        report = _import_own(source) if kind == OWN else _import_research(source, kind)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _import_own(source: Source) -> ImportReport:
    writer = _collect_facts(source)
    plan = writer.plan()
    writer.apply()
    return ImportReport(OWN, sum(len(r) for r in writer.rows.values()), plan)


def _import_research(source: Source, kind: str) -> ImportReport:
    states = frozenset(State.objects.values_list("alpha2", flat=True))
    instruments = frozenset(Instrument.objects.values_list("code", flat=True))
    checked = parse_rows(read_csv(source, FORMATS[kind]),
                         lambda row: _check_research_row(row, kind, states, instruments))
    out = _transcribe(kind, [row for _line, row in checked])
    report = ImportReport(kind, len(checked), FactPlan([], [], []), skipped=dict(out.skipped))
    if out.instruments:
        before = Instrument.history.count()
        import_instruments(_as_csv(INSTRUMENT_COLUMNS, out.instruments))
        report.instruments = Instrument.history.count() - before
    if out.state_facts:
        before = StateFact.history.count()
        import_state_facts(_as_csv(STATE_FACT_COLUMNS, out.state_facts))
        report.state_facts = StateFact.history.count() - before
    if out.facts:
        writer = _collect_facts(_as_csv((*FACT_COLUMNS, "source_kind"), out.facts))
        report.plan = writer.plan()
        writer.apply()
    return report
