"""Writes to States, instruments and treaty facts: the importers the secretariat uses.

Every importer goes through core.importing: the whole file is validated first (line and
reason for each bad row), then written in one transaction, or rejected whole.
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
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
    Article,
    FactKind,
    Instrument,
    InstrumentKind,
    State,
    TreatyFact,
    UNStatus,
)

Source = str | Path | bytes
INSTRUMENT_COLUMNS = ("code", "name", "kind", "scope", "offences", "parties", "adopted",
                      "in_force", "source")
FACT_COLUMNS = ("state", "instrument", "fact", "value", "source", "as_of")
ARTICLE_COLUMNS = ("instrument", "number", "title_en", "title_fr", "title_es", "title_ru",
                   "title_ar", "title_zh")
MEMBERSHIP_COLUMNS = ("state", "status", "source", "as_of")
UNTERM_LANGUAGES = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French",
                    "ru": "Russian", "es": "Spanish"}
CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,39}")
ISO_639_1 = re.compile(r"[a-z]{2}")


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
def _parse_instrument(row: dict, states: StateCodes) -> dict:
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
    return {"code": code, "name": row["name"], "kind": kind, "scope": scope,
            "offences": _choices(row["offences"], OFFENCE_CATEGORIES, "offences"),
            "parties": parties, "adopted": adopted, "in_force": in_force,
            "source": _source(row["source"])}


def import_instruments(source: Source) -> int:
    """Create or update instruments by code; a code twice in one file rejects the file."""
    states, seen = StateCodes.load(), set()
    existing = {i.code: i for i in Instrument.objects.all()}

    def write(line: int, values: dict) -> None:
        if values["code"] in seen:
            raise RowInvalid(_("code: %(code)s appears twice in the file") % values)
        seen.add(values["code"])
        current = existing.get(values["code"])
        if current is None:
            Instrument.objects.create(**values)
        elif any(getattr(current, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            current.save()

    return import_csv(source, INSTRUMENT_COLUMNS, lambda row: _parse_instrument(row, states),
                      write)


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
    if fact in YES_NO_FACTS:
        if value not in ("yes", "no"):
            raise RowInvalid(_("value: %(fact)s is yes or no") % {"fact": fact})
        return value
    if fact == FactKind.LANGUAGES:
        codes = [code.strip() for code in value.split("|") if code.strip()]
        if not codes or not all(ISO_639_1.fullmatch(code) for code in codes):
            raise RowInvalid(_("value: languages are ISO 639-1 codes separated by |"))
        return "|".join(codes)
    return value


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
            "as_of": _date(row["as_of"], "as_of")}


class FactWriter:
    """Writes parsed fact rows. A later row for the same State, instrument and fact
    replaces the earlier one, which stays in the history; an identical row is a duplicate.
    Re-importing a file whose last rows are already current writes nothing. New facts are
    written in bulk (the reference data is loaded often, e.g. before every test)."""

    def __init__(self) -> None:
        self.instruments = dict(Instrument.objects.values_list("code", "pk"))
        self.current = {(f.state_id, f.instrument_id, f.fact): f
                        for f in TreatyFact.objects.all()}
        self.rows: dict[tuple, list[dict]] = {}
        self.seen: set[tuple] = set()

    def write(self, line: int, row: dict) -> None:
        key = (row["state"], self.instruments[row["instrument"]], row["fact"])
        content = (key, row["value"], row["source"], row["as_of"])
        if content in self.seen:
            raise RowInvalid(_("duplicate of an earlier row (same State, instrument, fact, "
                               "value, source and as_of)"))
        self.seen.add(content)
        self.rows.setdefault(key, []).append(row)

    def flush(self) -> None:
        new: list[TreatyFact] = []
        updates: list[tuple[tuple, list[dict]]] = []
        for key, rows in self.rows.items():
            current = self.current.get(key)
            if current is not None and _same(current, rows[-1]):
                continue  # already imported: the file's final word is the current fact
            if current is None:
                first = rows[0]
                new.append(TreatyFact(state_id=key[0], instrument_id=key[1], fact=key[2],
                                      value=first["value"], source=first["source"],
                                      as_of=first["as_of"]))
                rows = rows[1:]
            if rows:
                updates.append((key, rows))
        bulk_create_with_history(new, TreatyFact)
        for key, rows in updates:
            fact = TreatyFact.objects.get(state_id=key[0], instrument_id=key[1], fact=key[2])
            for row in rows:  # one save per row: each earlier value stays in the history
                if not _same(fact, row):
                    fact.value, fact.source, fact.as_of = row["value"], row["source"], row["as_of"]
                    fact.save()


def _same(fact: TreatyFact, row: dict | None) -> bool:
    return row is not None and (fact.value, fact.source, fact.as_of) == (
        row["value"], row["source"], row["as_of"])


@transaction.atomic
def import_treaty_facts(source: Source) -> int:
    states = StateCodes.load()
    instruments = frozenset(Instrument.objects.values_list("code", flat=True))
    writer = FactWriter()
    count = import_csv(source, FACT_COLUMNS, lambda row: _parse_fact(row, states, instruments),
                       writer.write)
    writer.flush()  # inside this transaction: a failure here undoes the whole file
    return count


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
