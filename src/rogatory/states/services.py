"""Writes to States, instruments and treaty facts: the importers the secretariat uses.

Every importer goes through core.importing: the whole file is validated first (line and
reason for each bad row), then written in one transaction, or rejected whole.
"""

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from rogatory.core.importing import RowInvalid, import_csv
from rogatory.legalbasis.engine import (
    CONSENT_KINDS,
    COOPERATION_TYPES,
    INSTRUMENT_KINDS,
    OFFENCE_CATEGORIES,
    YES_NO_FACTS,
)
from rogatory.states.models import (
    TREATY_STATUSES,
    Article,
    FactKind,
    Instrument,
    InstrumentKind,
    Organisation,
    SourceKind,
    State,
    TreatyFact,
    UNStatus,
)
from rogatory.states.sources import classify_source

Source = str | Path | bytes
INSTRUMENT_COLUMNS = ("code", "name", "kind", "scope", "offences", "parties", "adopted",
                      "in_force", "source")
FACT_COLUMNS = ("state", "instrument", "fact", "value", "source", "as_of")
ARTICLE_COLUMNS = ("instrument", "number", "title_en", "title_fr", "title_es", "title_ru",
                   "title_ar", "title_zh")
MEMBERSHIP_COLUMNS = ("state", "status", "source", "as_of")
TITLE_LANGUAGES = ("fr", "es", "ru", "ar", "zh")
UNTERM_LANGUAGES = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French",
                    "ru": "Russian", "es": "Spanish"}
CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,39}")
ISO_639_1 = re.compile(r"[a-z]{2}")
PROVISION = re.compile(r"\d{1,3}(\(\d{1,2}\))?(\([a-z]\))?")


@contextmanager
def changes_by(user) -> Iterator[None]:
    """Every change written inside is recorded in the history as made by `user` (an import
    run from the command line has no request to take the user from)."""
    previous = getattr(HistoricalRecords.context, "request", None)
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        HistoricalRecords.context.request = previous


def history_user():
    """The user changes are being recorded for (changes_by or the web request), or None."""
    user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user if getattr(user, "is_authenticated", False) else None


# --- cell parsers: each raises RowInvalid with a reader-facing reason ----------------------
def _date(value: str, column: str, required: bool = True) -> dt.date | None:
    if not value and not required:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise RowInvalid(_("%(column)s: %(value)r is not a date (YYYY-MM-DD)")
                         % {"column": column, "value": value}) from error


def _choices(value: str, allowed: tuple[str, ...], column: str) -> list[str]:
    items = [item.strip() for item in value.split("|") if item.strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise RowInvalid(_("%(column)s: unknown value %(value)r (allowed: %(allowed)s)")
                         % {"column": column, "value": unknown[0],
                            "allowed": ", ".join(allowed)})
    return items


def _source(value: str) -> str:
    if not value:
        raise RowInvalid(_("source: every fact needs its source"))
    return value


@dataclass(frozen=True)
class StateCodes:
    """The known alpha-2 codes, loaded once per import."""

    codes: frozenset[str]

    @classmethod
    def load(cls) -> "StateCodes":
        return cls(frozenset(State.objects.values_list("alpha2", flat=True)))

    def check(self, value: str, column: str = "state") -> str:
        code = value.upper()
        if code not in self.codes:
            raise RowInvalid(_("%(column)s: unknown State code %(value)r")
                             % {"column": column, "value": value})
        return code


# --- instruments -------------------------------------------------------------------------
def _parse_instrument(row: dict, states: StateCodes, organisations: frozenset[str]) -> dict:
    code = row["code"].upper()
    if not CODE.fullmatch(code):
        raise RowInvalid(_("code: %(value)r is not an instrument code (A-Z, 0-9, -)")
                         % {"value": row["code"]})
    kind = row["kind"]
    if kind not in INSTRUMENT_KINDS:
        raise RowInvalid(_("kind: %(value)r is not one of %(allowed)s")
                         % {"value": kind, "allowed": ", ".join(INSTRUMENT_KINDS)})
    if not row["name"]:
        raise RowInvalid(_("name: the instrument needs a name"))
    scope = _choices(row["scope"], COOPERATION_TYPES, "scope")
    if not scope:
        raise RowInvalid(_("scope: give at least one cooperation type"))
    parties = [states.check(code, "parties") for code in row["parties"].split("|") if code]
    if kind == InstrumentKind.BILATERAL and len(set(parties)) != 2:
        raise RowInvalid(_("parties: a bilateral treaty has exactly two different parties"))
    if kind != InstrumentKind.BILATERAL and parties:
        raise RowInvalid(_("parties: only bilateral treaties list their parties"))
    adopted = _date(row["adopted"], "adopted", required=False)
    in_force = _date(row["in_force"], "in_force", required=False)
    if adopted and in_force and in_force < adopted:
        raise RowInvalid(_("in_force: entry into force before adoption"))
    open_to = row.get("open_to", "").upper()
    if open_to and open_to not in organisations:
        raise RowInvalid(_("open_to: unknown organisation %(value)r") % {"value": open_to})
    names = {"en": row["name"]} | {language: row[f"title_{language}"] for language in
                                   TITLE_LANGUAGES if row.get(f"title_{language}")}
    return {"code": code, "name": row["name"], "kind": kind, "scope": scope,
            "offences": _choices(row["offences"], OFFENCE_CATEGORIES, "offences"),
            "parties": parties, "adopted": adopted, "in_force": in_force,
            "source": _source(row["source"]), "open_to": open_to, "names": names}


def import_instruments(source: Source) -> int:
    """Create or update instruments by code; a code twice in one file rejects the file.
    Optional columns: open_to (an organisation code) and title_fr … title_zh."""
    states, seen = StateCodes.load(), set()
    organisations = frozenset(Organisation.objects.values_list("code", flat=True))
    existing = {i.code: i for i in Instrument.objects.all()}

    new: list[Instrument] = []

    def write(line: int, values: dict) -> None:
        if values["code"] in seen:
            raise RowInvalid(_("code: %(code)s appears twice in the file") % values)
        seen.add(values["code"])
        current = existing.get(values["code"])
        if current is None:
            new.append(Instrument(**values))
        elif any(getattr(current, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            current.save()

    with transaction.atomic():
        count = import_csv(source, INSTRUMENT_COLUMNS,
                           lambda row: _parse_instrument(row, states, organisations), write)
        bulk_create_with_history(new, Instrument, default_user=history_user())
    return count


# --- treaty facts ------------------------------------------------------------------------
def parse_fact_value(fact: str, value: str) -> str:
    """Check a fact's value against its kind; return it in its canonical form."""
    if not value:
        raise RowInvalid(_("value: empty (leave an unknown fact out instead)"))
    if fact == FactKind.CONSENT:
        kind, _space, day = value.partition(" ")
        if kind not in CONSENT_KINDS:
            raise RowInvalid(_("value: the kind of consent must be one of %(allowed)s")
                             % {"allowed": ", ".join(CONSENT_KINDS)})
        return f"{kind} {_date(day.strip(), 'value')}"
    if fact in (FactKind.SIGNATURE, FactKind.ENTRY_INTO_FORCE):
        return str(_date(value, "value"))
    if fact == FactKind.NOT_PARTY and value != "yes":
        raise RowInvalid(_("value: not_party is yes (leave it out where not known)"))
    if fact == FactKind.TREATY_STATUS and value not in TREATY_STATUSES:
        raise RowInvalid(_("value: the status of a treaty is one of %(allowed)s")
                         % {"allowed": ", ".join(TREATY_STATUSES)})
    if fact == FactKind.RECIPROCITY_CONDITION and not PROVISION.fullmatch(value):
        raise RowInvalid(_("value: %(value)r is not a provision, e.g. 46 or 44(6)")
                         % {"value": value})
    if fact in (*YES_NO_FACTS, FactKind.DUAL_CRIMINALITY_REQUIRED):
        if value not in ("yes", "no"):
            raise RowInvalid(_("value: %(fact)s is yes or no") % {"fact": fact})
        return value
    if fact == FactKind.LANGUAGES:
        codes = [code.strip() for code in value.split("|") if code.strip()]
        if not codes or not all(ISO_639_1.fullmatch(code) for code in codes):
            raise RowInvalid(_("value: languages are ISO 639-1 codes separated by |"))
        return "|".join(codes)
    return value


def _source_kind(row: dict) -> str:
    """The row's kind of source; a file without the column gets it from the source's
    address (rogatory.states.sources), so files in the former format still import."""
    kind = row.get("source_kind", "")
    if not kind:
        return classify_source(row["source"])
    if kind not in SourceKind.values:
        raise RowInvalid(_("source_kind: %(value)r is not one of %(allowed)s")
                         % {"value": kind, "allowed": ", ".join(SourceKind.values)})
    return kind


def _parse_fact(row: dict, states: StateCodes, instruments: frozenset[str]) -> dict:
    fact = row["fact"]
    if fact not in FactKind.values:
        raise RowInvalid(_("fact: unknown fact %(value)r (allowed: %(allowed)s)")
                         % {"value": fact, "allowed": ", ".join(FactKind.values)})
    code = row["instrument"].upper()
    if code not in instruments:
        raise RowInvalid(_("instrument: unknown instrument code %(value)r")
                         % {"value": row["instrument"]})
    return {"state": states.check(row["state"]), "instrument": code, "fact": fact,
            "value": parse_fact_value(fact, row["value"]), "source": _source(row["source"]),
            "source_kind": _source_kind(row), "as_of": _date(row["as_of"], "as_of")}


FACT_FIELDS = ("value", "source_kind", "as_of")


@dataclass
class FactPlan:
    """What importing a file would do: facts added, facts of the same source changed, and
    the subset of both that disagree with another source's value (shown side by side)."""

    added: list[dict]
    changed: list[tuple[dict, dict]]  # (the fact as it was, the row replacing it)
    conflicting: list[dict]

    def rows(self) -> list[dict]:
        return self.added + [row for _fact, row in self.changed]


class FactWriter:
    """Collects parsed fact rows, then plans and applies them. One fact per State,
    instrument, fact and source: a later row from the same source replaces the earlier one,
    which stays in the history; an identical row is a duplicate. Re-importing a file whose
    rows are already current writes nothing. New facts are written in bulk (the reference
    data is loaded often, e.g. before every test)."""

    def __init__(self) -> None:
        self.instruments = dict(Instrument.objects.values_list("code", "pk"))
        self.codes = {pk: code for code, pk in self.instruments.items()}
        self.current = {(f.state_id, f.instrument_id, f.fact, f.source): f
                        for f in TreatyFact.objects.all()}
        self.rows: dict[tuple, list[dict]] = {}
        self.seen: set[tuple] = set()

    def write(self, line: int, row: dict) -> None:
        key = (row["state"], self.instruments[row["instrument"]], row["fact"], row["source"])
        content = (key, row["value"], row["as_of"])
        if content in self.seen:
            raise RowInvalid(_("duplicate of an earlier row (same State, instrument, fact, "
                               "value, source and as_of)"))
        self.seen.add(content)
        self.rows.setdefault(key, []).append(row)

    def plan(self) -> FactPlan:
        plan = FactPlan([], [], [])
        values: dict[tuple, set[str]] = {}
        for (state, instrument, fact, _source), current in self.current.items():
            values.setdefault((state, instrument, fact), set()).add(current.value)
        for key, rows in self.rows.items():
            current, last = self.current.get(key), rows[-1]
            if current is None:
                plan.added.append(last)
            elif not _same(current, last):
                plan.changed.append(({f: getattr(current, f) for f in FACT_FIELDS}, last))
            else:
                continue
            others = values.get(key[:3], set()) - {current.value if current else None}
            if others - {last["value"]}:
                plan.conflicting.append(last)
        return plan

    def apply(self) -> None:
        new: list[TreatyFact] = []
        for key, rows in self.rows.items():
            current = self.current.get(key)
            if current is not None and _same(current, rows[-1]):
                continue  # already imported: the file's final word is the current fact
            if current is None:
                current = TreatyFact(state_id=key[0], instrument_id=key[1], fact=key[2],
                                     source=key[3], **{f: rows[-1][f] for f in FACT_FIELDS})
                if len(rows) == 1:
                    new.append(current)
                    continue
            for row in rows:  # one save per row: each earlier value stays in the history
                if current.pk is None or not _same(current, row):
                    for field in FACT_FIELDS:
                        setattr(current, field, row[field])
                    current.save()
        bulk_create_with_history(new, TreatyFact, default_user=history_user())


def _same(fact: TreatyFact, row: dict) -> bool:
    return all(getattr(fact, field) == row[field] for field in FACT_FIELDS)


def plan_treaty_facts(source: Source) -> FactPlan:
    """What importing the file would change, without writing (the --dry-run)."""
    writer = _collect_facts(source)
    return writer.plan()


def _collect_facts(source: Source) -> FactWriter:
    states = StateCodes.load()
    instruments = frozenset(Instrument.objects.values_list("code", flat=True))
    writer = FactWriter()
    import_csv(source, FACT_COLUMNS, lambda row: _parse_fact(row, states, instruments),
               writer.write)
    return writer


@transaction.atomic
def import_treaty_facts(source: Source) -> int:
    writer = _collect_facts(source)
    writer.apply()  # inside this transaction: a failure here undoes the whole file
    return sum(len(rows) for rows in writer.rows.values())


# --- articles ----------------------------------------------------------------------------
def _parse_article(row: dict, instruments: dict[str, int]) -> dict:
    code = row["instrument"].upper()
    if code not in instruments:
        raise RowInvalid(_("instrument: unknown instrument code %(value)r")
                         % {"value": row["instrument"]})
    try:
        number = int(row["number"])
    except ValueError as error:
        raise RowInvalid(_("number: %(value)r is not an article number")
                         % {"value": row["number"]}) from error
    titles = {column.removeprefix("title_"): row[column] for column in ARTICLE_COLUMNS[2:]
              if row[column]}
    if "en" not in titles:
        raise RowInvalid(_("title_en: every article needs its English title"))
    return {"instrument_id": instruments[code], "number": number, "titles": titles}


def import_articles(source: Source) -> int:
    instruments = dict(Instrument.objects.values_list("code", "pk"))
    existing = {(a.instrument_id, a.number): a for a in Article.objects.all()}
    new: dict[tuple, Article] = {}
    seen: set[tuple] = set()

    def write(line: int, values: dict) -> None:
        key = (values["instrument_id"], values["number"])
        if key in seen:
            raise RowInvalid(_("article %(number)s appears twice in the file") % values)
        seen.add(key)
        current = existing.get(key)
        if current is None:
            new[key] = Article(**values)
        elif current.titles != values["titles"]:
            current.titles = values["titles"]
            current.save(update_fields=["titles"])

    with transaction.atomic():
        count = import_csv(source, ARTICLE_COLUMNS,
                           lambda row: _parse_article(row, instruments), write)
        Article.objects.bulk_create(new.values())
    return count


# --- States: UN membership and UNTERM formal names --------------------------------------
def import_un_membership(source: Source) -> int:
    """Mark Member and observer States; every other ISO entry is `other`."""
    states = StateCodes.load()

    def parse(row: dict) -> dict:
        if row["status"] not in (UNStatus.MEMBER, UNStatus.OBSERVER):
            raise RowInvalid(_("status: member or observer"))
        return {"alpha2": states.check(row["state"]), "un_status": row["status"],
                "un_status_source": _source(row["source"]),
                "un_status_as_of": _date(row["as_of"], "as_of")}

    rows: list[dict] = []
    count = import_csv(source, MEMBERSHIP_COLUMNS, parse, lambda line, row: rows.append(row))
    with transaction.atomic():
        listed = {row["alpha2"]: row for row in rows}
        changed = []
        for state in State.objects.all():
            row = listed.get(state.alpha2, {"un_status": UNStatus.OTHER,
                                            "un_status_source": "", "un_status_as_of": None})
            if any(getattr(state, key) != value for key, value in row.items()
                   if key != "alpha2"):
                for key, value in row.items():
                    setattr(state, key, value)
                changed.append(state)
        State.objects.bulk_update(changed, ["un_status", "un_status_source",
                                            "un_status_as_of"])
    return count


def unterm_columns() -> list[str]:
    return ["ISO3166-1-Alpha-2"] + [f"UNTERM {name} {form}" for name in
                                    UNTERM_LANGUAGES.values() for form in ("Formal", "Short")]


def _unterm_name(value: str) -> str:
    """UNTERM marks observer States with "*" and other entities with "**": a footnote, not
    part of the name."""
    return value.rstrip(" *")


def import_countries(source: Source) -> int:
    """Load the UN formal and short names (UNTERM, six languages) of known States.

    Rows for codes that are not ISO 3166-1 States here are rejected, so nothing is lost
    silently; rows without an alpha-2 code (e.g. regions) are skipped.
    """
    states = StateCodes.load()

    def parse(row: dict) -> dict | None:
        code = row["ISO3166-1-Alpha-2"]
        if not code:
            return None
        names = {form: {lang: _unterm_name(row[f"UNTERM {name} {form.title()}"])
                        for lang, name in UNTERM_LANGUAGES.items()
                        if _unterm_name(row[f"UNTERM {name} {form.title()}"])}
                 for form in ("formal", "short")}
        return {"alpha2": states.check(code, "ISO3166-1-Alpha-2"),
                "formal_names": names["formal"], "short_names": names["short"]}

    rows: list[dict] = []
    import_csv(source, unterm_columns(), parse,
               lambda line, row: rows.append(row) if row else None)
    with transaction.atomic():
        by_code = {row["alpha2"]: row for row in rows}
        changed = []
        for state in State.objects.filter(alpha2__in=by_code):
            row = by_code[state.alpha2]
            if (state.formal_names, state.short_names) != (row["formal_names"],
                                                           row["short_names"]):
                state.formal_names, state.short_names = row["formal_names"], row["short_names"]
                changed.append(state)
        State.objects.bulk_update(changed, ["formal_names", "short_names"])
    return len(rows)
