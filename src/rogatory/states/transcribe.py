"""Transcription of the research files (../shared/reference/: participation.csv,
declarations.csv, bilateral.csv) into the project's own rows, each fact with its source,
its kind of source and its date. Pure Python: used by `scripts/transcribe_reference.py`
(which writes states/data/) and by `rogatory import-treaty-facts`, which reads these formats
too. The rules are listed in states/data/README.md; `not-found` is never a fact.
"""

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rogatory.states.sources import classify_source

# The research was read on this day: no source can state anything as of a later date.
READ_ON = dt.date(2026, 12, 4)
PARTICIPATION = ("state", "iso2", "instrument", "signature_date", "consent_date",
                 "consent_kind", "entry_into_force", "source_url", "as_of", "notes")
DECLARATIONS = ("state", "iso2", "instrument", "provision", "value", "detail", "source_url",
                "as_of", "notes")
BILATERAL = ("state_a", "iso2_a", "state_b", "iso2_b", "kind", "title", "signed", "in_force",
             "status", "source_url", "as_of", "notes")
# The research's instrument codes that differ from the project's.
INSTRUMENT_CODES = {"CIS-MINSK-1993": "CIS-MINSK"}
CONSENT_KINDS = {"ratification": "ratification", "accession": "accession",
                 "acceptance": "acceptance", "approval": "approval",
                 "succession": "succession", "formal-confirmation": "formal_confirmation",
                 "ratification-or-accession": "unspecified"}
# Tables the NOTES call complete (every participant at their date): a UN Member State they
# do not list, or list with a signature only, was not a party at that date.
COMPLETE_TABLES = ("https://github.com/zmjones/untreaties/",
                   "https://doczz.fr/doc/5534207/")
DECLARATION_FACTS = {"16(5)(a)": "extradition_basis", "44(6)(a)": "extradition_basis",
                     "1988-6(3)": "extradition_basis", "18(13)": "central_authority",
                     "46(13)": "central_authority", "18(14)": "languages",
                     "46(14)": "languages", "35(2)": "not_bound_35_2",
                     "66(3)": "not_bound_35_2",
                     "extradition_requires_treaty": "extradition_requires_treaty"}
RECIPROCITY_PROVISIONS = {"16(5)(a)": "16", "44(6)(a)": "44", "1988-6(3)": "6",
                          "46-reciprocity": "46"}
STATE_LAW_FACTS = {"extradition_without_treaty": "extradites_without_treaty",
                   "extradition_requires_treaty": "extradition_requires_treaty"}
BILATERAL_SCOPES = {"extradition": ["extradition"], "mla": ["mla"],
                    "mla+extradition": ["mla", "extradition"]}
BILATERAL_STATUSES = {"in force": "in_force", "signed, not in force": "signed_not_in_force",
                      "terminated": "terminated"}

ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DAY_FIRST = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b")
MONTHS = {name: number for number, name in enumerate(calendar.month_abbr) if name}
DAY_MONTH_NAME = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r")[a-z]* (\d{4})\b")
LEADING_MONTH = re.compile(r"(\d{4})-(\d{2})(?!-\d)")
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


@dataclass
class Transcription:
    """Rows in the project's own formats, and what was left out, with why."""

    facts: list[dict] = field(default_factory=list)
    state_facts: list[dict] = field(default_factory=list)
    instruments: list[dict] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _full_dates(text: str) -> list[dt.date]:
    found = [(m.start(), _valid(int(m[1]), int(m[2]), int(m[3]))) for m in ISO_DAY.finditer(text)]
    found += [(m.start(), _valid(int(m[3]), int(m[2]), int(m[1])))
              for m in DAY_FIRST.finditer(text)]
    found += [(m.start(), _valid(int(m[3]), MONTHS[m[2]], int(m[1])))
              for m in DAY_MONTH_NAME.finditer(text)]
    return [day for _start, day in sorted(found, key=lambda item: item[0]) if day]


def parse_as_of(text: str) -> dt.date | None:
    """The date a source states its facts at, from the research's free-text `as_of`:
    a leading date (day, month → its last day, year → 31 December); else the first full
    date in the text ("not stated (latest entry: deposit 2021-02-26)"); else the latest
    year named ("BGBl III 111/2008" → 2008-12-31). Never later than the reading date.
    None when the text names no date at all."""
    text = text.strip()
    day = _leading(text) or next(iter(_full_dates(text)), None)
    if day is None:
        years = [int(year) for year in YEAR.findall(text)]
        day = dt.date(max(years), 12, 31) if years else None
    return min(day, READ_ON) if day else None


def _leading(text: str) -> dt.date | None:
    if match := ISO_DAY.match(text):
        return _valid(int(match[1]), int(match[2]), int(match[3]))
    if match := LEADING_MONTH.match(text):
        month = int(match[2])
        return _last_day(int(match[1]), month) if 1 <= month <= 12 else None
    if match := YEAR.match(text):
        return dt.date(int(match[1]), 12, 31)
    return None


def _date(value: str) -> dt.date | None:
    """A date column: an ISO date not after the reading date (the research expands two-digit
    years, and a few came out in the future, e.g. 2094 for 1994: those stay unknown)."""
    match = ISO_DAY.fullmatch(value.strip())
    day = _valid(int(match[1]), int(match[2]), int(match[3])) if match else None
    return day if day and day <= READ_ON else None


def _fact(state: str, instrument: str, fact: str, value: str, source: str,
          as_of: dt.date) -> dict:
    return {"state": state, "instrument": instrument, "fact": fact, "value": value,
            "source": source, "source_kind": classify_source(source), "as_of": as_of.isoformat()}


# --- participation -------------------------------------------------------------------------
def _consent_kind(text: str) -> str | None:
    word = text.split(" (")[0].strip()
    return CONSENT_KINDS.get(word)


def participation_facts(rows: Iterable[dict], out: Transcription,
                        un_members: frozenset[str]) -> None:
    """Signature, consent and entry into force as each row's source states them; a State
    its source lists as a party without a date is `treaty_status in_force` at `as_of`;
    `not_party` from the complete tables."""
    rows = list(rows)
    for row in rows:
        _participation_row(row, out)
    _not_party(rows, out, un_members)


def _participation_row(row: dict, out: Transcription) -> None:
    state, code = row["iso2"].upper(), INSTRUMENT_CODES.get(row["instrument"],
                                                            row["instrument"])
    dates = [d for d in (_date(row["signature_date"]), _date(row["consent_date"]),
                         _date(row["entry_into_force"])) if d]
    as_of = parse_as_of(row["as_of"]) or (max(dates) if dates else None)
    if as_of is None:
        out.skipped["participation: no date in the source or the row"] += 1
        return
    source, before = row["source_url"], len(out.facts)
    if signed := _date(row["signature_date"]):
        out.facts.append(_fact(state, code, "signature", str(signed), source, as_of))
    kind, consented = _consent_kind(row["consent_kind"]), _date(row["consent_date"])
    if kind and consented:
        out.facts.append(_fact(state, code, "consent", f"{kind} {consented}", source, as_of))
    if in_force := _date(row["entry_into_force"]):
        out.facts.append(_fact(state, code, "entry_into_force", str(in_force), source, as_of))
    if row["consent_kind"].startswith("party") and not (consented or in_force):
        out.facts.append(_fact(state, code, "treaty_status", "in_force", source, as_of))
    if len(out.facts) == before:
        out.skipped["participation: the source states no date and no party"] += 1


def _not_party(rows: list[dict], out: Transcription, un_members: frozenset[str]) -> None:
    tables: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        if row["source_url"].startswith(COMPLETE_TABLES):
            tables[(INSTRUMENT_CODES.get(row["instrument"], row["instrument"]),
                    row["source_url"])].append(row)
    for (code, source), listed in tables.items():
        as_of = max(parse_as_of(row["as_of"]) for row in listed)
        parties = {row["iso2"].upper() for row in listed
                   if _date(row["consent_date"]) or row["consent_kind"].startswith("party")}
        for state in sorted(un_members - parties):
            out.facts.append(_fact(state, code, "not_party", "yes", source, as_of))


# --- declarations ------------------------------------------------------------------------
def declaration_facts(rows: Iterable[dict], out: Transcription,
                      deposits: dict[tuple[str, str], dt.date]) -> None:
    """Declarations as treaty facts, national law as State facts. A declaration whose
    source is undated takes the date of the State's deposit for that instrument (the
    declaration came with it), else the latest date its text names (the law it quotes);
    `conditional` is recorded only where the condition is
    reciprocity (as `reciprocity_condition`), other conditions stay in the source."""
    for row in rows:
        state, instrument = row["iso2"].upper(), row["instrument"]
        as_of = (parse_as_of(row["as_of"]) or deposits.get((state, instrument))
                 or parse_as_of(row["detail"] + " " + row["notes"]))
        if as_of is None:
            out.skipped["declarations: no date in the source, no deposit known"] += 1
            continue
        if instrument == "domestic-law" or row["provision"] == "extradition_without_treaty":
            _state_law(row, state, as_of, out)
        else:
            _declaration(row, state, instrument, as_of, out)


def _mentions_reciprocity(row: dict) -> bool:
    return "reciprocity" in (row["detail"] + " " + row["notes"]).lower()


def _declaration(row: dict, state: str, instrument: str, as_of: dt.date,
                 out: Transcription) -> None:
    provision, value, source = row["provision"], row["value"], row["source_url"]
    fact = DECLARATION_FACTS.get(provision)
    if value == "conditional":
        if provision in RECIPROCITY_PROVISIONS and _mentions_reciprocity(row):
            out.facts.append(_fact(state, instrument, "reciprocity_condition",
                                   RECIPROCITY_PROVISIONS[provision], source, as_of))
            if fact == "extradition_basis":
                out.facts.append(_fact(state, instrument, fact, "yes", source, as_of))
        else:
            out.skipped["declarations: a condition other than reciprocity"] += 1
        return
    if fact is None:
        out.skipped[f"declarations: provision {provision} has no fact kind"] += 1
        return
    if fact == "not_bound_35_2" and value != "yes":
        out.skipped["declarations: reservation value other than yes"] += 1
        return
    out.facts.append(_fact(state, instrument, fact, value, source, as_of))


def _state_law(row: dict, state: str, as_of: dt.date, out: Transcription) -> None:
    fact, value = STATE_LAW_FACTS[row["provision"]], row["value"]
    if value == "conditional":
        if fact != "extradites_without_treaty" or not _mentions_reciprocity(row):
            out.skipped["national law: a condition other than reciprocity"] += 1
            return
        value = "yes"  # without a treaty, on reciprocity: the detail stays in the source
    source = row["source_url"]
    out.state_facts.append({"state": state, "fact": fact, "value": value, "source": source,
                            "source_kind": classify_source(source),
                            "as_of": as_of.isoformat()})


# --- bilateral treaties ------------------------------------------------------------------
@dataclass
class Treaty:
    """One bilateral treaty: the research rows (sources) that describe it."""

    pair: tuple[str, str]
    kind: str
    rows: list[dict] = field(default_factory=list)
    suffix: str = ""  # numbers two treaties of a pair that would share a code

    def dates(self, column: str) -> set[dt.date]:
        return {day for row in self.rows if (day := _date(row[column]))}

    def code(self) -> str:
        signed, in_force = self.dates("signed"), self.dates("in_force")
        year = min(signed or in_force or {None}, key=lambda d: d or dt.date.max)
        kind = {"extradition": "EXT", "mla": "MLA", "mla+extradition": "MLAEXT"}[self.kind]
        return "-".join(["BI", *self.pair, kind] + ([str(year.year)] if year else [])
                        + ([self.suffix] if self.suffix else []))


def _treaty_key(row: dict) -> tuple[tuple[str, str], str]:
    return tuple(sorted((row["iso2_a"].upper(), row["iso2_b"].upper()))), row["kind"]


def group_treaties(rows: Iterable[dict]) -> list[Treaty]:
    """Rows are one treaty when they name the same two parties and kind and share the
    signature or the entry-into-force date; an undated row belongs to the pair's only dated
    treaty, or else to a treaty the source does not identify (code without a year)."""
    by_pair: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        by_pair[_treaty_key(row)].append(row)
    treaties: list[Treaty] = []
    for (pair, kind), group in sorted(by_pair.items()):
        dated = [row for row in group if _date(row["signed"]) or _date(row["in_force"])]
        found: list[Treaty] = []
        for row in dated:
            days = {_date(row["signed"]), _date(row["in_force"])} - {None}
            match = next((t for t in found
                          if days & (t.dates("signed") | t.dates("in_force"))), None)
            if match is None:
                match = Treaty(pair, kind)
                found.append(match)
            match.rows.append(row)
        undated = [row for row in group if row not in dated]
        if undated:
            if len(found) != 1:
                found.append(Treaty(pair, kind))
            found[-1].rows.extend(undated)
        treaties.extend(found)
    return _unique_codes(treaties)


def _unique_codes(treaties: list[Treaty]) -> list[Treaty]:
    """Two treaties of a pair signed the same year would share a code: number them."""
    seen: dict[str, int] = defaultdict(int)
    for treaty in treaties:
        seen[treaty.code()] += 1
    clashes = {code for code, count in seen.items() if count > 1}
    counter: dict[str, int] = defaultdict(int)
    for treaty in treaties:
        code = treaty.code()
        if code in clashes:
            counter[code] += 1
            treaty.suffix = str(counter[code])  # changes code(): computed before
    return treaties


def bilateral_facts(rows: Iterable[dict], out: Transcription,
                    names: dict[str, str]) -> None:
    """Each treaty becomes an instrument of kind bilateral between its two parties (its
    source names it even where it states nothing more); each source row gives both parties
    the signature, entry into force and status facts it states."""
    for treaty in group_treaties(rows):
        code = treaty.code()
        out.instruments.append(_treaty_instrument(treaty, code, names))
        for row in treaty.rows:
            facts = _treaty_facts(row, code, treaty.pair)
            if not facts:
                out.skipped["bilateral: the treaty only (no date, no status)"] += 1
            out.facts.extend(facts)


def _treaty_facts(row: dict, code: str, pair: tuple[str, str]) -> list[dict]:
    signed, in_force = _date(row["signed"]), _date(row["in_force"])
    as_of = (parse_as_of(row["as_of"])
             or max([d for d in (signed, in_force) if d], default=None)
             or parse_as_of(row["notes"]))
    if as_of is None:
        return []
    values = [("signature", signed and str(signed)),
              ("entry_into_force", in_force and str(in_force)),
              ("treaty_status", BILATERAL_STATUSES.get(row["status"]))]
    return [_fact(state, code, fact, value, row["source_url"], as_of)
            for state in pair for fact, value in values if value]


def _preferred(treaty: Treaty) -> dict:
    """The row naming the treaty: an official source's, then a dated one."""
    rank = {"depositary": 0, "official_national": 1, "intergovernmental": 2, "secondary": 3}
    return min(treaty.rows, key=lambda row: (rank[classify_source(row["source_url"])],
                                              not _date(row["signed"])))


def _treaty_instrument(treaty: Treaty, code: str, names: dict[str, str]) -> dict:
    best = _preferred(treaty)
    signed, in_force = _date(best["signed"]), _date(best["in_force"])
    if signed and in_force and in_force < signed:
        in_force = None  # a record at odds with itself (NOTES): its facts keep both dates
    a, b = (names.get(state, state) for state in treaty.pair)
    what = {"extradition": "Extradition treaty", "mla": "Treaty on mutual legal assistance",
            "mla+extradition": "Treaty on extradition and mutual legal assistance"}
    name = f"{what[treaty.kind]} between {a} and {b}"
    name += f" (signed {signed})" if signed else " (treaty not identified by the source)" \
        if not in_force else f" (in force {in_force})"
    return {"code": code, "name": name, "kind": "bilateral",
            "scope": "|".join(BILATERAL_SCOPES[treaty.kind]), "offences": "",
            "parties": "|".join(treaty.pair), "adopted": str(signed or ""),
            "in_force": str(in_force or ""), "source": best["source_url"]}


# --- the three files together -------------------------------------------------------------
def deposits(participation: Iterable[dict]) -> dict[tuple[str, str], dt.date]:
    """The latest deposit date known per (State, instrument): an undated declaration's date."""
    found: dict[tuple[str, str], dt.date] = {}
    for row in participation:
        if day := _date(row["consent_date"]):
            key = (row["iso2"].upper(), row["instrument"])
            found[key] = max(day, found.get(key, day))
    return found
