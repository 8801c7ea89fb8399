"""The legal-basis engine: on which instrument can a request from one State to another rest?

Plain Python with no Django import: it reads a `FactBook` (instruments and facts, each fact
with its source and as_of) and returns candidates with a verdict and the reasons for it, each
reason naming the article and the facts it rests on. A fact that is not in the book is
unknown, and unknown leads to `unknown`, never to "no".

Messages are English msgids marked with `gettext_noop` (so that makemessages finds them) and
are translated by the caller, with their parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol, TypeVar

COOPERATION_TYPES = ("mla", "extradition", "confiscation", "transfer_of_proceedings",
                     "transfer_of_sentenced_persons", "joint_investigation", "law_enforcement")
# The categories shared with the request writer and the instruments' data (the contract).
OFFENCE_CATEGORIES = ("participation_in_ocg", "money_laundering", "corruption",
                      "obstruction_of_justice", "trafficking_in_persons",
                      "smuggling_of_migrants", "firearms_trafficking", "drug_trafficking",
                      "cybercrime", "other_serious_crime")
# The finder also takes `bribery` and `other_corruption`, which split `corruption` (UNTOC art.
# 8(1) against 2(b)); `corruption` stays valid for older data and queries.
FINDER_OFFENCES = (*OFFENCE_CATEGORIES, "bribery", "other_corruption")
# An instrument covering the family covers its members (instruments list `corruption`).
OFFENCE_FAMILY = {"bribery": "corruption", "other_corruption": "corruption"}
AVAILABLE, CONDITIONAL = "available", "conditional"
UNAVAILABLE, UNKNOWN = "unavailable", "unknown"
VERDICTS = (AVAILABLE, CONDITIONAL, UNAVAILABLE, UNKNOWN)
MULTILATERAL, REGIONAL = "multilateral", "regional"
BILATERAL, NON_TREATY = "bilateral", "non_treaty"
INSTRUMENT_KINDS = (MULTILATERAL, REGIONAL, BILATERAL)
FACT_KINDS = ("signature", "consent", "entry_into_force", "extradition_basis",
              "extradition_requires_treaty", "central_authority", "languages", "not_bound_35_2",
              "not_party", "reciprocity_condition", "dual_criminality_required")
STATE_FACT_KINDS = ("extradites_without_treaty", "extradition_requires_treaty")
CONSENT_KINDS = ("ratification", "accession", "acceptance", "approval", "succession",
                 "formal_confirmation", "unspecified")
YES_NO_FACTS = ("extradition_basis", "extradition_requires_treaty", "not_bound_35_2")
RECIPROCITY, DOMESTIC_LAW = "reciprocity", "domestic_law"
# How much a source weighs: official sources (the first three) always prevail over secondary.
DEPOSITARY, INTERGOVERNMENTAL = "depositary", "intergovernmental"
OFFICIAL_NATIONAL, SECONDARY = "official_national", "secondary"
SOURCE_KINDS = (DEPOSITARY, OFFICIAL_NATIONAL, INTERGOVERNMENTAL, SECONDARY)
_SOURCE_WEIGHT = {DEPOSITARY: 3, INTERGOVERNMENTAL: 2, OFFICIAL_NATIONAL: 1}
# A decisive fact older than this at the date asked is said to be possibly out of date.
STALE_AFTER = dt.timedelta(days=2 * 365)
# The verdict of a candidate is the worst of its parts.
_RANK = {AVAILABLE: 0, CONDITIONAL: 1, UNKNOWN: 2, UNAVAILABLE: 3}
_BY_RANK = {rank: verdict for verdict, rank in _RANK.items()}


def gettext_noop(message: str) -> str:
    """Marks a msgid for extraction; the caller translates it."""
    return message


STALE_TEXT = gettext_noop("Status as of %(date)s; later changes may be missing.")


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact about a State and an instrument (`instrument` empty: about the State's own law)."""

    state: str
    instrument: str
    fact: str
    value: str
    source: str
    as_of: dt.date | None
    source_kind: str = ""

    def as_dict(self) -> dict:
        return {"state": self.state, "instrument": self.instrument, "fact": self.fact,
                "value": self.value, "source": self.source,
                "as_of": self.as_of.isoformat() if self.as_of else None,
                "source_kind": self.source_kind}


@dataclass(frozen=True, slots=True)
class Membership:
    """A State's membership of an organisation from `joined` to `left` (None: not stated)."""

    state: str
    organisation: str
    joined: dt.date | None
    left: dt.date | None
    source: str
    source_kind: str
    as_of: dt.date | None

    def covers(self, on: dt.date) -> bool:
        return (self.joined is None or self.joined <= on) and (self.left is None
                                                                or on < self.left)


class Sourced(Protocol):
    source_kind: str
    as_of: dt.date | None


S = TypeVar("S", bound=Sourced)


def decisive(facts: Iterable[S]) -> S | None:
    """The fact that decides among conflicting sources: the newest official source (depositary,
    intergovernmental organisation, official national), then on the same date the depositary
    over an organisation over a national source; a secondary source (or one of unknown kind)
    only when no official source says anything, and then the newest."""
    facts = list(facts)
    official = [f for f in facts if f.source_kind in _SOURCE_WEIGHT]
    pool = official or facts
    if not pool:
        return None
    return max(pool, key=lambda f: (f.as_of or dt.date.min, _SOURCE_WEIGHT.get(f.source_kind, 0)))


@dataclass(frozen=True, slots=True)
class Instrument:
    code: str
    name: str
    kind: str
    scope: frozenset[str]
    offences: frozenset[str] = frozenset()
    parties: tuple[str, ...] = ()
    adopted: dt.date | None = None
    in_force: dt.date | None = None
    source: str = ""
    open_to: str = ""  # an organisation whose members alone may join; empty: any State
    names: tuple[tuple[str, str], ...] = ()  # (language, official title)

    def title(self, language: str = "en") -> str:
        """The official title in the language, else the English name."""
        return dict(self.names).get(language) or self.name

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Message:
    """A msgid and its parameters; translated by whoever shows it. `key` names a condition
    to confirm for programs (the writer) that need to know which one it is."""

    text: str
    params: tuple[tuple[str, str], ...] = ()
    key: str = ""


def message(text: str, **params: object) -> Message:
    return Message(text, tuple((key, str(value)) for key, value in params.items()))


def condition(key: str, text: str) -> Message:
    return Message(text, (), key)


@dataclass(frozen=True, slots=True)
class Reason:
    article: str
    message: Message
    facts: tuple[Fact, ...] = ()


class Part(NamedTuple):
    """One finding that contributes to a candidate's verdict."""

    verdict: str
    reasons: tuple[Reason, ...] = ()
    confirm: tuple[Message, ...] = ()


class Candidate(NamedTuple):
    instrument: Instrument
    verdict: str
    parts: tuple[Part, ...]
    applicable: bool = True  # False: a regional instrument neither State can join

    @property
    def reasons(self) -> list[Reason]:
        """Every reason, with "Status as of …" said once: for the oldest decisive fact."""
        reasons = [reason for part in self.parts for reason in part.reasons]
        stale_ones = [r for r in reasons if r.message.text == STALE_TEXT]
        if len(stale_ones) < 2:
            return reasons
        oldest = min(stale_ones, key=lambda r: dict(r.message.params)["date"])
        return [r for r in reasons if r.message.text != STALE_TEXT or r is oldest]

    @property
    def confirm(self) -> list[Message]:
        seen: dict[Message, None] = {}
        for part in self.parts:
            seen.update(dict.fromkeys(part.confirm))
        return list(seen)

    @property
    def facts(self) -> list[Fact]:
        """The facts the verdict rests on, each once."""
        return list(dict.fromkeys(f for reason in self.reasons for f in reason.facts))


class Finding(NamedTuple):
    requesting: str
    requested: str
    cooperation_type: str
    offence: str
    on: dt.date
    candidates: tuple[Candidate, ...]
    recommended: Instrument | None


Facts = Mapping[str, tuple[Fact, ...]]


@dataclass
class FactBook:
    """Everything the engine knows: instruments by code; every fact per (state, instrument)
    and fact kind, side by side; facts of national law per State; memberships per
    organisation. `fact()` gives the decisive one of conflicting sources."""

    instruments: Mapping[str, Instrument]
    facts: Mapping[tuple[str, str], Facts]
    states: frozenset[str] = frozenset()
    state_facts: Mapping[str, Facts] = field(default_factory=dict)
    memberships: Mapping[str, Mapping[str, tuple[Membership, ...]]] = field(
        default_factory=dict)  # organisation -> state -> its rows
    organisations: Mapping[str, Mapping[str, str]] = field(
        default_factory=dict)  # organisation -> {language: name}, for display
    _bilateral: dict[frozenset[str], list[Instrument]] = field(default_factory=dict, repr=False)
    _decisive: dict[tuple[str, str, str], Fact | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for instrument in self.instruments.values():
            if instrument.kind == BILATERAL and len(instrument.parties) == 2:
                self._bilateral.setdefault(frozenset(instrument.parties), []).append(instrument)

    @classmethod
    def from_facts(cls, instruments: Iterable[Instrument], facts: Iterable[Fact],
                   states: Iterable[str] = (), state_facts: Iterable[Fact] = (),
                   memberships: Iterable[Membership] = (),
                   organisations: Mapping[str, Mapping[str, str]] | None = None) -> FactBook:
        by_key: dict[tuple[str, str], dict[str, tuple[Fact, ...]]] = {}
        for fact in facts:
            kinds = by_key.setdefault((fact.state, fact.instrument), {})
            kinds[fact.fact] = (*kinds.get(fact.fact, ()), fact)
        by_state: dict[str, dict[str, tuple[Fact, ...]]] = {}
        for fact in state_facts:
            kinds = by_state.setdefault(fact.state, {})
            kinds[fact.fact] = (*kinds.get(fact.fact, ()), fact)
        members: dict[str, dict[str, tuple[Membership, ...]]] = {}
        for row in memberships:
            rows = members.setdefault(row.organisation, {})
            rows[row.state] = (*rows.get(row.state, ()), row)
        return cls({i.code: i for i in instruments}, by_key, frozenset(states), by_state,
                   members, organisations or {})

    def fact(self, state: str, instrument: str, name: str) -> Fact | None:
        """The decisive fact of its kind (see `decisive`), or None when none is recorded."""
        key = (state, instrument, name)
        if key not in self._decisive:
            self._decisive[key] = decisive(self.facts_for(state, instrument, name))
        return self._decisive[key]

    def facts_for(self, state: str, instrument: str, name: str) -> tuple[Fact, ...]:
        """Every recorded fact of this kind, one per source (shown side by side)."""
        return self.facts.get((state, instrument), {}).get(name, ())

    def state_fact(self, state: str, name: str) -> Fact | None:
        return decisive(self.state_facts.get(state, {}).get(name, ()))

    def member(self, state: str, organisation: str, on: dt.date) -> bool | None:
        """Whether the State is a member at the date; None when the organisation's membership
        is not recorded at all. A recorded membership list is taken as complete."""
        rows = self.memberships.get(organisation)
        if not rows:
            return None
        found = decisive(rows.get(state, ()))
        return found is not None and found.covers(on)

    def membership(self, state: str, organisation: str) -> Membership | None:
        """The State's decisive membership row (None: not a member, or nothing recorded)."""
        return decisive(self.memberships.get(organisation, {}).get(state, ()))

    def bilateral_between(self, first: str, second: str) -> list[Instrument]:
        return self._bilateral.get(frozenset((first, second)), [])

    def of_kind(self, kind: str) -> list[Instrument]:
        return sorted((i for i in self.instruments.values() if i.kind == kind),
                      key=lambda i: i.code)


# --- How each UN convention says it ------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    """The articles of a convention that decide the rules below, and how it treats notice."""

    by_type: Mapping[str, str]
    offences: Mapping[str, str] = field(default_factory=dict)  # offence -> article creating it
    basis_notice: str = ""        # notification that it takes the convention as legal basis
    no_treaty_basis: str = ""     # a State requiring a treaty may use the convention
    no_treaty_required: str = ""  # a State not requiring a treaty: offences extraditable
    deemed_included: str = ""     # offences deemed included in existing extradition treaties
    dual_criminality: str = ""
    notice_required: bool = True  # False: the State "may consider" it without a notification
    mla_treaty: str = ""          # which regime applies when an MLA treaty binds both
    mla_rules: str = ""           # the paragraphs that give way to an MLA treaty
    mla_always: str = ""          # the paragraphs that apply whatever treaty binds them
    bank_secrecy: str = ""        # bank secrecy is no ground for refusal
    mla_dual_criminality: str = ""
    non_coercive: bool = False    # UNCAC 46(9)(b): non-coercive assistance without it
    refusal: str = ""             # the grounds for refusing assistance
    consultation: str = ""        # consultation before refusing or postponing
    extradition_conditions: str = ""  # the conditions of the requested State's law
    discrimination: str = ""
    fiscal: str = ""
    confiscation_content: str = ""
    confiscation_treaty: str = ""  # the convention as the treaty basis for confiscation
    confiscation_refusal: str = ""
    disposal: str = ""
    asset_return: str = ""
    law_enforcement_basis: str = ""  # "may consider" the convention as basis (conditional)
    central_authority: str = ""
    languages: str = ""
    organised_crime: bool = False  # art. 3 UNTOC: transnational and organized criminal group
    e_evidence: bool = False       # evidence in electronic form of any offence (Budapest)


UNTOC_PROFILE = Profile(
    by_type={"extradition": "16", "mla": "18", "confiscation": "13",
             "transfer_of_proceedings": "21", "joint_investigation": "19",
             "law_enforcement": "27"},
    offences={"participation_in_ocg": "5", "money_laundering": "6", "bribery": "8(1)",
              "obstruction_of_justice": "23"},
    basis_notice="16(5)(a)", no_treaty_basis="16(4)", no_treaty_required="16(6)",
    deemed_included="16(3)", dual_criminality="16(1)", mla_treaty="18(7)",
    mla_rules="18(9)–(29)", mla_always="18(1)–(8)", bank_secrecy="18(8)",
    mla_dual_criminality="18(9)", refusal="18(21)–(22)", consultation="18(26)",
    extradition_conditions="16(7)", discrimination="16(14)", fiscal="16(15)",
    confiscation_content="13(3)", confiscation_treaty="13(6)", confiscation_refusal="13(7)",
    disposal="14", law_enforcement_basis="27(2)", central_authority="18(13)",
    languages="18(14)", organised_crime=True)

PROFILES: dict[str, Profile] = {
    "UNTOC": UNTOC_PROFILE,
    "UNCAC": Profile(
        by_type={"extradition": "44", "mla": "46", "confiscation": "55",
                 "transfer_of_proceedings": "47", "joint_investigation": "49",
                 "law_enforcement": "48"},
        offences={"corruption": "15–22", "bribery": "15, 16, 21",
                  "other_corruption": "17–20, 22", "money_laundering": "23",
                  "obstruction_of_justice": "25"},
        basis_notice="44(6)(a)", no_treaty_basis="44(5)", no_treaty_required="44(7)",
        deemed_included="44(4)", dual_criminality="44(1)", mla_treaty="46(7)",
        mla_rules="46(9)–(29)", mla_always="46(1)–(8)", bank_secrecy="46(8)",
        mla_dual_criminality="46(9)", non_coercive=True, refusal="46(21)–(22)",
        consultation="46(26)", extradition_conditions="44(8)", discrimination="44(15)",
        fiscal="44(16)", confiscation_content="55(3)", confiscation_treaty="55(6)",
        confiscation_refusal="55(7)", disposal="57", asset_return="57(3)",
        law_enforcement_basis="48(2)", central_authority="46(13)", languages="46(14)"),
    "VIENNA-1988": Profile(
        by_type={"extradition": "6", "mla": "7", "confiscation": "5",
                 "transfer_of_proceedings": "8", "joint_investigation": "9(1)(c)",
                 "law_enforcement": "9"},
        offences={"drug_trafficking": "3(1)(a)", "money_laundering": "3(1)(b)"},
        no_treaty_basis="6(3)", no_treaty_required="6(4)", deemed_included="6(2)",
        dual_criminality="6(1)", notice_required=False, mla_treaty="7(7)",
        mla_rules="7(8)–(19)", bank_secrecy="7(5)", refusal="7(15)",
        extradition_conditions="6(5)", confiscation_content="5(4)(d)",
        confiscation_treaty="5(4)(f)", disposal="5(5)", central_authority="7(8)",
        languages="7(9)"),
    "BUDAPEST": Profile(
        by_type={"extradition": "24", "mla": "25", "law_enforcement": "35"},
        offences={"cybercrime": "2–11"},
        no_treaty_basis="24(3)", no_treaty_required="24(4)", deemed_included="24(2)",
        dual_criminality="24(1)", notice_required=False, mla_treaty="27(1)",
        mla_rules="27(2)–(9)", extradition_conditions="24(5)", refusal="27(4)",
        central_authority="27(2)", e_evidence=True),
    "BUDAPEST-P2": Profile(by_type={"mla": "8", "law_enforcement": "6"},
                           offences={"cybercrime": "2"}, e_evidence=True),
}
# The Protocols supplement UNTOC and are interpreted together with it (art. 1 of each).
PROTOCOLS = {"UNTOC-TIP": "trafficking_in_persons", "UNTOC-SOM": "smuggling_of_migrants",
             "UNTOC-FIR": "firearms_trafficking"}
# Which instruments' notifications tell whether a State makes extradition conditional on a
# treaty: the State's law says it once, in whichever notification was made.
REQUIRES_TREATY_FROM = ("UNTOC", "UNCAC")


class EntryIntoForce(NamedTuple):
    """How an instrument enters into force for a State after it deposits its instrument:
    `rule` "days" (after `days` days), "month" (first day of the month after three
    months), or "deposit" (on the day of deposit); the article for a ratification (or
    acceptance, approval) and the article for an accession."""

    rule: str
    article: str
    accession_article: str = ""
    days: int = 0


_THIRTY = EntryIntoForce("days", "", days=30)
ENTRY_INTO_FORCE: dict[str, EntryIntoForce] = {
    "UNTOC": _THIRTY._replace(article="38(2)"),
    "UNTOC-TIP": _THIRTY._replace(article="17(2)"),
    "UNTOC-SOM": _THIRTY._replace(article="22(2)"),
    "UNTOC-FIR": _THIRTY._replace(article="18(2)"),
    "UNCAC": _THIRTY._replace(article="68(2)"),
    "VIENNA-1988": EntryIntoForce("days", "29(2)", days=90),
    "BUDAPEST": EntryIntoForce("month", "36(4)", "37(2)"),
    "BUDAPEST-P2": EntryIntoForce("month", "16(3)"),
    "ETS-024": EntryIntoForce("days", "29(3)", "30(2)", days=90),
    "ETS-030": EntryIntoForce("days", "27(3)", "28(2)", days=90),
    "ETS-112": EntryIntoForce("month", "18(3)", "19(2)"),
    "ETS-141": EntryIntoForce("month", "36(4)", "37(2)"),
    "OAS-A-55": _THIRTY._replace(article="37"),
    "ASEAN-MLAT": EntryIntoForce("deposit", "31(1)"),
}


class EUInstrument(NamedTuple):
    """EU law between the Member States bound by it: what it replaces, and its own form."""

    article: str                 # the article saying what it replaces
    replaces: tuple[str, ...]    # the conventions it replaces between those States
    form: str                    # the message about its form
    confirm: tuple[Message, ...] = ()
    # Binds every Member State taking part; only the date it applies from varies by State:
    # the article on transposition or application.
    applies: str = ""


EU_LAW = {
    "EU-EAW": EUInstrument("31(1)", ("ETS-024",), gettext_noop(
        "Between Member States bound by it, the European arrest warrant replaces the "
        "corresponding provisions of the extradition conventions (Framework Decision "
        "2002/584/JHA, art. 31(1)). The request is a European arrest warrant in the form "
        "annexed to the Framework Decision, sent to the executing judicial authority."), (),
        "31–32"),
    "EU-EIO": EUInstrument("34(1)", ("ETS-030",), gettext_noop(
        "Between Member States bound by it, the European Investigation Order replaces the "
        "corresponding provisions of the conventions on mutual assistance for gathering "
        "evidence (Directive 2014/41/EU, art. 34(1)). The request is a European "
        "Investigation Order in the form of Annex A to the Directive."), (condition(
        "eio_evidence", gettext_noop(
            "The measure is an investigative measure to gather evidence (Directive "
            "2014/41/EU, art. 3): the setting up of a joint investigation team is not "
            "covered.")),), "36(1)"),
}
REPLACED_BY = {code: eu for eu, rules in EU_LAW.items() for code in rules.replaces}


def cite(code: str, article: str) -> str:
    return f"{code} art. {article}" if article else code


def parse_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def parse_consent(value: str) -> tuple[str, dt.date]:
    """'ratification 2004-05-26' -> ('ratification', date)."""
    kind, _space, day = value.partition(" ")
    if kind not in CONSENT_KINDS:
        raise ValueError(f"unknown kind of consent {kind!r}")
    return kind, parse_date(day.strip())


def worst(parts: Iterable[Part]) -> str:
    rank = 0
    for part in parts:  # a loop, not max() over a generator: the matrix calls it millions of times
        rank = max(rank, _RANK[part.verdict])
    return _BY_RANK[rank]


def merge(parts: Iterable[Part]) -> Part:
    """One part of several: the reasons of the worst first, since they decide the verdict."""
    parts = sorted(parts, key=lambda p: -_RANK[p.verdict])
    return Part(worst(parts), tuple(r for p in parts for r in p.reasons),
                tuple(m for p in parts for m in p.confirm))


class Plan(NamedTuple):
    """What one (cooperation type, offence) asks of every pair, worked out once."""

    treaties: tuple[tuple[Instrument, Part], ...]      # regional treaties covering it
    unrecorded: tuple[Candidate, ...]  # per treaty: the answer when neither State has a fact
    conventions: tuple[tuple[Instrument, Part], ...]   # UN conventions covering it
    excluded: tuple[Candidate, ...]                    # conventions that do not cover it


class Engine:
    """Evaluates requests at one date. What depends on one State only (its participation,
    the rules for it as requested State) is worked out once and reused for every pair."""

    def __init__(self, book: FactBook, on: dt.date):
        self.book, self.on = book, on
        self._plans: dict[tuple[str, str], Plan] = {}
        self._participation: dict[tuple[str, str], Part] = {}
        self._per_state: dict[tuple, tuple] = {}
        self._rules: dict[tuple, object] = {}
        self._markers: dict[tuple, tuple] = {}  # patterns of markers, one object each
        self._marker_ids: set[int] = set()
        self.multilateral = sorted(book.of_kind(MULTILATERAL),
                                   key=lambda i: (i.code == "UNTOC", i.code))
        # EU law first: between the Member States bound by it, it governs.
        self.regional = sorted(book.of_kind(REGIONAL), key=lambda i: i.code not in EU_LAW)

    # --- the entry point ------------------------------------------------------------------
    def evaluate(self, requesting: str, requested: str, cooperation_type: str,
                 offence: str) -> Finding:
        self._check(requesting, requested, cooperation_type, offence)
        plan = self._plan(cooperation_type, offence)
        dual = (self._dual(),) if cooperation_type == "extradition" else ()
        treaties = [c for i in self.book.bilateral_between(requesting, requested)
                    if (c := self._bilateral(i, cooperation_type, offence, dual)) is not None]
        treaties, recorded = self._regional(plan, requesting, requested, dual, treaties)
        has_treaty = self._has_treaty(recorded)
        conventions = self._conventions(plan, requesting, requested, cooperation_type, offence,
                                        has_treaty)
        candidates = (*treaties, *conventions,
                      *self._non_treaty(requested, cooperation_type))
        return Finding(requesting, requested, cooperation_type, offence, self.on, candidates,
                       recommend(candidates))

    def _check(self, requesting: str, requested: str, cooperation_type: str,
               offence: str) -> None:
        states = self.book.states
        for code in (requesting, requested):
            if states and code not in states:
                raise ValueError(f"Unknown State code {code!r}: use an ISO 3166-1 alpha-2 code.")
        if requesting == requested:
            raise ValueError("The requesting and requested States must differ.")
        if cooperation_type not in COOPERATION_TYPES:
            raise ValueError(f"Unknown cooperation type {cooperation_type!r}: use one of "
                             f"{', '.join(COOPERATION_TYPES)}.")
        if offence not in FINDER_OFFENCES:
            raise ValueError(f"Unknown offence category {offence!r}: use one of "
                             f"{', '.join(FINDER_OFFENCES)}.")

    def _plan(self, cooperation_type: str, offence: str) -> Plan:
        key = (cooperation_type, offence)
        if key not in self._plans:
            def split(instruments):
                # Not covering the request, or not in force at all at the date: constant.
                parts = [(i, instrument_in_force(i, self.on)
                          or covers(i, cooperation_type, offence)) for i in instruments]
                return (tuple(p for p in parts if p[1].verdict != UNAVAILABLE),
                        tuple(Candidate(i, UNAVAILABLE, (part,)) for i, part in parts
                              if part.verdict == UNAVAILABLE))
            treaties, _outside = split(self.regional)  # a regional treaty not covering it: left out
            conventions, excluded = split(self.multilateral)
            # Instruments covering the offence as such before those covering it on a
            # condition (the 1988 Convention for laundering, Budapest for e-evidence).
            conventions = tuple(sorted(conventions, key=lambda p: bool(p[1].confirm)))
            dual = (self._dual(),) if cooperation_type == "extradition" else ()
            unrecorded = tuple(Candidate(i, UNKNOWN, (covered, nothing_recorded(i), *dual))
                               for i, covered in treaties)
            self._plans[key] = Plan(treaties, unrecorded, conventions, excluded)
        return self._plans[key]

    # --- treaties (bilateral and regional): in force for both and covering the request ----
    def _bilateral(self, instrument: Instrument, cooperation_type: str, offence: str,
                   dual: tuple[Part, ...]) -> Candidate | None:
        covered = covers(instrument, cooperation_type, offence)
        if covered.verdict == UNAVAILABLE:
            return None
        if any((state, instrument.code) in self.book.facts for state in instrument.parties):
            # in force for each party as the sources state it (terminated, not yet, …)
            parts = (covered, *(participation(self.book, instrument, state, self.on)
                                for state in instrument.parties), *dual)
        else:
            parts = (covered, participation(self.book, instrument, "", self.on), *dual)
        return Candidate(instrument, worst(parts), parts)

    def _regional(self, plan: Plan, requesting: str, requested: str, dual: tuple[Part, ...],
                  bilateral: list[Candidate]) -> tuple[list[Candidate], set[str]]:
        """Regional treaties after the bilateral ones, EU law binding both before all, and
        the conventions EU law replaces between the two States set aside; with the verdicts
        of the treaties recorded for either State (a treaty of which neither State's
        participation is recorded says nothing either way)."""
        recorded = {c.verdict for c in bilateral}
        if not plan.treaties:
            return bilateral, recorded
        ours, theirs = self._bound_all(requesting, plan), self._bound_all(requested, plan)
        if id(ours) in self._marker_ids and id(theirs) in self._marker_ids:  # shared
            # A non-member facing a State with nothing recorded is named in the reason.
            named = self._named(ours, theirs)
            key = ("regional", id(plan), id(ours), id(theirs), named[0] and requesting,
                   named[1] and requested)
            if key not in self._rules:
                self._rules[key] = self._regional_rows(plan, requesting, requested, dual,
                                                       ours, theirs, [])
            shared, verdicts = self._rules[key]
            return [*bilateral, *shared], recorded | verdicts
        found, verdicts = self._regional_rows(plan, requesting, requested, dual, ours, theirs,
                                              bilateral)
        return found, recorded | verdicts

    def _named(self, ours: tuple, theirs: tuple) -> tuple[bool, bool]:
        key = ("named", id(ours), id(theirs))
        if key not in self._rules:
            pairs = list(zip(ours, theirs, strict=True))
            self._rules[key] = (any(a is NOT_MEMBER and b is None for a, b in pairs),
                                any(b is NOT_MEMBER and a is None for a, b in pairs))
        return self._rules[key]

    def _regional_rows(self, plan: Plan, requesting: str, requested: str,
                       dual: tuple[Part, ...], ours: tuple, theirs: tuple,
                       bilateral: list[Candidate]) -> tuple[list[Candidate], set[str]]:
        eu_first, regional, recorded = [], [], set()
        shared = self._shared_rows(plan)
        full_ours, full_theirs = self._resolved(requesting, plan), self._resolved(requested, plan)
        for index, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
            if mine is None and other is None:  # the common case, shared
                regional.append(plan.unrecorded[index])
                continue
            if mine is NOT_MEMBER and other is NOT_MEMBER:
                regional.append(shared[index])
                continue
            instrument, covered = plan.treaties[index]
            first, second = full_ours[index], full_theirs[index]
            parts = (covered, first, second, *dual)
            verdict = _BY_RANK[max(_RANK[covered.verdict], _RANK[first.verdict],
                                   _RANK[second.verdict])]  # the dual part is available
            recorded.add(verdict)
            if verdict in (AVAILABLE, CONDITIONAL) and instrument.code in EU_LAW:
                eu_first.append(Candidate(instrument, verdict, (*parts, eu_law(instrument))))
                continue
            regional.append(_new_candidate(Candidate, (instrument, verdict, parts, True)))
        if eu_first:
            governing = {c.instrument.code for c in eu_first}
            regional = [replaced(c, REPLACED_BY[c.instrument.code])
                        if REPLACED_BY.get(c.instrument.code) in governing else c
                        for c in regional]
        return [*eu_first, *bilateral, *regional], recorded

    def _not_applicable(self, instrument: Instrument) -> Candidate:
        key = ("not-applicable", instrument.code)
        if key not in self._rules:
            self._rules[key] = Candidate(instrument, UNAVAILABLE, (Part(UNAVAILABLE, (Reason(
                cite(instrument.code, ""), message(gettext_noop(
                    "Not applicable: only members of %(organisation)s may join it, and "
                    "neither State is one."), organisation=instrument.open_to)),)),),
                applicable=False)
        return self._rules[key]

    def _shared_rows(self, plan: Plan) -> tuple[Candidate, ...]:
        """Per treaty of the plan, the answer when neither State may join it."""
        key = ("not-applicable", id(plan))
        if key not in self._rules:
            self._rules[key] = tuple(self._not_applicable(i) for i, _c in plan.treaties)
        return self._rules[key]

    def _resolved(self, state: str, plan: Plan) -> tuple[Part, ...]:
        """The State's participation in each treaty of the plan, with its reasons."""
        key = (state, id(plan), "resolved")
        found = self._per_state.get(key)
        if found is None:
            found = self._per_state[key] = tuple(self._bound(i, state) for i, _c in plan.treaties)
        return found

    def _bound(self, instrument: Instrument, state: str) -> Part:
        key = (state, instrument.code)
        if key not in self._participation:
            self._participation[key] = participation(self.book, instrument, state, self.on)
        return self._participation[key]

    def _recorded(self, instrument: Instrument, state: str) -> Part | None:
        """The State's participation; None when nothing at all is recorded (shared answer),
        NOT_MEMBER when it cannot join the instrument."""
        if (state, instrument.code) in self.book.facts:
            return self._bound(instrument, state)
        if instrument.open_to:
            member = self.book.member(state, instrument.open_to, self.on)
            if member is False:
                return NOT_MEMBER
            if member and instrument.code in EU_LAW:  # bound as a Member State
                return self._bound(instrument, state)
        return None

    def _bound_all(self, state: str, plan: Plan) -> tuple[Part | None, ...]:
        """The State's participation in each treaty of the plan (None: nothing recorded).
        The same tuple object for every State with only markers (nothing recorded, not a
        member), so that pairs of such States share their answer."""
        key = (state, id(plan))
        found = self._per_state.get(key)
        if found is None:
            found = tuple(self._recorded(i, state) for i, _c in plan.treaties)
            if all(part is None or part is NOT_MEMBER for part in found):
                found = self._markers.setdefault(found, found)
                self._marker_ids.add(id(found))
            self._per_state[key] = found
        return found

    @staticmethod
    def _has_treaty(verdicts: set[str]) -> bool | None:
        """Whether a treaty for this type binds both: True, False or None (not known)."""
        if AVAILABLE in verdicts or CONDITIONAL in verdicts:
            return True
        return None if UNKNOWN in verdicts else False

    def _dual(self) -> Part:
        if "dual" not in self._rules:
            self._rules["dual"] = dual_criminality("", "")
        return self._rules["dual"]

    # --- UN conventions and their Protocols -----------------------------------------------
    def _conventions(self, plan: Plan, requesting: str, requested: str,
                     cooperation_type: str, offence: str,
                     has_treaty: bool | None) -> list[Candidate]:
        ours = self._convention_bound(requesting, plan)
        theirs = self._convention_bound(requested, plan)
        rules = self._convention_rules(plan, requested, cooperation_type, offence, has_treaty)
        usable, unusable = [], []
        rank = _RANK
        for index, (mine, other, rule) in enumerate(zip(ours, theirs, rules, strict=True)):
            instrument, covered = plan.conventions[index]
            if mine is None and other is None:  # neither State has a fact: shared
                candidate = self._unrecorded_convention(plan, index, rule)
            else:
                if mine is None:
                    mine = self._bound(instrument, requesting)
                if other is None:
                    other = self._bound(instrument, requested)
                parts = (covered, mine, other, rule)
                if instrument.code in PROTOCOLS:
                    parts += self._protocol_parties(requesting, requested)
                verdict = _BY_RANK[max(rank[covered.verdict], rank[mine.verdict],
                                       rank[other.verdict], rank[parts[-1].verdict],
                                       rank[rule.verdict])]
                candidate = _new_candidate(Candidate, (instrument, verdict, parts, True))
            (unusable if candidate.verdict == UNAVAILABLE else usable).append(candidate)
        return [*usable, *unusable, *plan.excluded]

    def _unrecorded_convention(self, plan: Plan, index: int, rule: Part) -> Candidate:
        key = (id(plan), index, id(rule))
        candidate = self._rules.get(key)
        if candidate is None:
            instrument, covered = plan.conventions[index]
            parts = (covered, nothing_recorded(instrument), rule)
            candidate = self._rules[key] = Candidate(instrument, worst(parts), parts)
        return candidate

    def _protocol_parties(self, requesting: str, requested: str) -> tuple[Part, ...]:
        """UNTOC art. 37(2): a Protocol binds only a State that is a party to the Convention."""
        convention = self.book.instruments.get("UNTOC")
        if convention is None:
            return ()
        outside = [state for state in (requesting, requested)
                   if self._bound(convention, state).verdict == UNAVAILABLE]
        if not outside:
            return ()
        return (Part(UNAVAILABLE, tuple(Reason("UNTOC art. 37(2)", message(gettext_noop(
            "A Protocol binds only a State that is also a party to the Convention, and "
            "%(state)s is not bound by the Convention at %(on)s."), state=state, on=self.on))
            for state in outside)),)

    def _convention_bound(self, state: str, plan: Plan) -> tuple[Part | None, ...]:
        key = (state, id(plan), "conventions")
        found = self._per_state.get(key)
        if found is None:
            found = self._per_state[key] = tuple(
                self._bound(i, state) if (state, i.code) in self.book.facts else None
                for i, _c in plan.conventions)
        return found

    def _convention_rules(self, plan: Plan, requested: str, cooperation_type: str,
                          offence: str, has_treaty: bool | None) -> tuple[Part, ...]:
        key = (requested, id(plan), has_treaty)
        found = self._per_state.get(key)
        if found is None:
            found = self._per_state[key] = tuple(
                self._one_convention_rules(i, requested, cooperation_type, offence, has_treaty)
                for i, _c in plan.conventions)
        return found

    def _one_convention_rules(self, instrument: Instrument, requested: str,
                              cooperation_type: str, offence: str,
                              has_treaty: bool | None) -> Part:
        code = instrument.code
        profile_code = "UNTOC" if code in PROTOCOLS else code
        profile = PROFILES.get(profile_code)
        if profile is not None:
            return convention_rules(self, profile_code, profile, code, requested,
                                    cooperation_type, offence, has_treaty)
        return self._dual() if cooperation_type == "extradition" else Part(AVAILABLE)

    def requires_treaty(self, state: str) -> Fact | None:
        """The decisive fact on whether the State makes extradition conditional on a treaty."""
        key = ("requires-treaty", state)
        if key not in self._rules:
            self._rules[key] = requires_treaty(self.book, state)
        return self._rules[key]

    def _non_treaty(self, requested: str, cooperation_type: str) -> tuple[Candidate, ...]:
        key = ("non-treaty", requested, cooperation_type)
        if key not in self._rules:
            part = non_treaty(self, requested, cooperation_type)
            self._rules[key] = tuple(Candidate(NON_TREATY_BASES[code], worst((own, part)),
                                               (own, part))
                                     for code, own in NON_TREATY_PARTS.items())
        return self._rules[key]


# A State that is not a member of the organisation whose members alone may join.
NOT_MEMBER = Part(UNAVAILABLE)
# Builds a Candidate without the keyword handling of its generated __new__ (the hot loop).
_new_candidate = tuple.__new__


# --- the rules, one function each ----------------------------------------------------------
# Instruments that cover an offence only on a condition the drafter confirms.
CONDITIONAL_COVER = {
    ("VIENNA-1988", "money_laundering"): ("3(1)(b)", gettext_noop(
        "The 1988 Convention covers the laundering of proceeds of drug offences only."),
        condition("drug_proceeds", gettext_noop(
            "The property laundered derives from a drug trafficking offence established "
            "under the 1988 Convention, art. 3(1)(a) (art. 3(1)(b))."))),
}


def covers(instrument: Instrument, cooperation_type: str, offence: str) -> Part:
    """The instrument's scope: the cooperation types and offences it covers."""
    code = instrument.code
    profile = PROFILES.get("UNTOC" if code in PROTOCOLS else code)
    if cooperation_type not in instrument.scope:
        return Part(UNAVAILABLE, (Reason(cite(code, ""), message(
            gettext_noop("%(instrument)s does not cover this type of cooperation."),
            instrument=code)),))
    conditional = CONDITIONAL_COVER.get((code, offence))
    if conditional is not None:
        article, text, confirm = conditional
        return Part(CONDITIONAL, (Reason(cite(code, article), message(text)),), (confirm,))
    if (not instrument.offences or offence in instrument.offences
            or OFFENCE_FAMILY.get(offence) in instrument.offences):
        return Part(AVAILABLE)
    if profile is not None and profile.e_evidence and cooperation_type in ("mla",
                                                                            "law_enforcement"):
        return Part(AVAILABLE, (Reason(cite(code, "25(1)" if code == "BUDAPEST" else "2"),
                                       message(gettext_noop(
            "%(instrument)s covers the collection of evidence in electronic form of any "
            "criminal offence."), instrument=code)),), (E_EVIDENCE,))
    return Part(UNAVAILABLE, (Reason(cite(code, ""), message(
        gettext_noop("%(instrument)s does not cover this offence."), instrument=code)),))


def participation(book: FactBook, instrument: Instrument, state: str, on: dt.date) -> Part:
    """Whether `instrument` is in force for `state` at `on`: available, unavailable, unknown."""
    bilateral = instrument.kind == BILATERAL
    if bilateral and (not state or (state, instrument.code) not in book.facts):
        return bilateral_in_force(instrument, on)
    general = instrument_in_force(instrument, on)
    if general is not None:
        return general
    code = instrument.code
    eif = book.fact(state, code, "entry_into_force")
    consent = book.fact(state, code, "consent")
    absent = book.fact(state, code, "not_party")
    newest = decisive(f for f in (eif, consent) if f is not None)
    if absent is not None and (newest is None or _newer(absent, newest)):
        return stale(not_party(code, state, absent), absent, on)
    status = book.fact(state, code, "treaty_status")
    if status is not None and (newest is None or not _newer(newest, status)):
        found = from_status(code, state, status, on,
                            known_since=eif is not None or bool(bilateral and instrument.in_force))
        if found is not None:
            return stale(found, status, on)
    binding = EU_LAW.get(code)
    if binding is not None and binding.applies and instrument.open_to:
        found = by_membership(book, instrument, binding, state, on, status is None)
        if found is not None:
            return found
    if bilateral and eif is None:  # the treaty's own date of entry into force decides
        return bilateral_in_force(instrument, on)
    if eif is not None:
        return stale(from_entry_into_force(code, state, eif, on), eif, on)
    if consent is not None:
        return stale(from_consent(instrument, state, consent, on), consent, on)
    signature = book.fact(state, code, "signature")
    if signature is not None:
        return Part(UNKNOWN, (Reason(cite(code, ""), message(gettext_noop(
            "%(state)s signed it; no consent to be bound is recorded, so whether it is a "
            "party is not known."), state=state), (signature,)),))
    if instrument.open_to and book.member(state, instrument.open_to, on) is False:
        return Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "%(state)s is not a member of %(organisation)s, and only its members may join "
            "it."), state=state, organisation=instrument.open_to)),))
    return Part(UNKNOWN, (Reason(cite(code, ""), message(gettext_noop(
        "No participation of %(state)s is recorded: whether it is bound is not known."),
        state=state)),))


def by_membership(book: FactBook, instrument: Instrument, binding: EUInstrument, state: str,
                  on: dt.date, no_status: bool) -> Part | None:
    """EU law binds a State as a Member State (TEU art. 4(3), TFEU art. 288); only the date
    it applies from varies (transposition of a directive, e.g. Directive 2014/41/EU art.
    36(1); FD 2002/584/JHA arts. 31-32). A State that has left is not bound after its end
    date, unless a source states the status itself (a transition period). None: the
    recorded dates decide."""
    code, organisation = instrument.code, instrument.open_to
    row = book.membership(state, organisation)
    if row is None or row.covers(on):
        if row is None or book.fact(state, code, "entry_into_force") is not None:
            return None
        article = cite(code, binding.applies)
        return Part(CONDITIONAL, (Reason(article, message(gettext_noop(
            "%(state)s is bound by %(instrument)s as a member of %(organisation)s; the date from "
            "which it applies it (%(article)s) is not recorded."), state=state,
            instrument=code, organisation=organisation, article=article)),), (Message(
            gettext_noop("%(state)s applies %(instrument)s (transposition, %(article)s)."),
            (("state", state), ("instrument", code), ("article", article)), "eu_application"),))
    if row.left is None or row.left > on or not no_status:
        return None
    return Part(UNAVAILABLE, (Reason(cite(code, binding.applies), message(gettext_noop(
        "%(state)s left %(organisation)s on %(date)s and is no longer bound by "
        "%(instrument)s."), state=state, organisation=organisation, date=row.left,
        instrument=code)),))


def _newer(first: Fact, second: Fact) -> bool:
    return (first.as_of or dt.date.min) > (second.as_of or dt.date.min)


def from_status(code: str, state: str, status: Fact, on: dt.date,
                known_since: bool) -> Part | None:
    """A source's statement of the treaty's status for the State at its date: terminated (at
    a date asked after it) or signed but not in force → unavailable; in force → available
    from that date, when no date of entry into force says since when (None: the entry into
    force decides)."""
    if status.value == "terminated":
        if status.as_of is not None and status.as_of > on:
            return None  # no longer in force by then; at the date asked, the dates decide
        return Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "No longer in force for %(state)s: terminated as of %(date)s."), state=state,
            date=status.as_of), (status,)),))
    if status.value == "signed_not_in_force":
        return Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "Signed but not in force for %(state)s as of %(date)s."), state=state,
            date=status.as_of), (status,)),))
    if status.value != "in_force" or known_since:
        return None
    if status.as_of is not None and status.as_of <= on:
        return Part(AVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "In force for %(state)s as of %(date)s."), state=state, date=status.as_of),
            (status,)),))
    return Part(UNKNOWN, (Reason(cite(code, ""), message(gettext_noop(
        "In force for %(state)s as of %(date)s; whether it was already at %(on)s is not "
        "recorded."), state=state, date=status.as_of, on=on), (status,)),))


def not_party(code: str, state: str, fact: Fact) -> Part:
    return Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
        "%(state)s is not a party: the list of parties as of %(date)s does not include it."),
        state=state, date=fact.as_of), (fact,)),))


def stale(part: Part, fact: Fact, on: dt.date) -> Part:
    """A decisive fact more than two years older than the date asked: said so."""
    if fact.as_of is None or on - fact.as_of <= STALE_AFTER:
        return part
    return part._replace(reasons=(*part.reasons, Reason("", message(STALE_TEXT,
                                                                   date=fact.as_of))))


def from_entry_into_force(code: str, state: str, eif: Fact, on: dt.date) -> Part:
    day = parse_date(eif.value)
    if day <= on:
        return Part(AVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "In force for %(state)s since %(date)s."), state=state, date=day), (eif,)),))
    return Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
        "Not yet in force for %(state)s at %(on)s: it enters into force for it on "
        "%(date)s."), state=state, on=on, date=day), (eif,)),))


def nothing_recorded(instrument: Instrument) -> Part:
    return Part(UNKNOWN, (Reason(cite(instrument.code, ""), message(gettext_noop(
        "No participation of either State is recorded: whether they are bound is not "
        "known."))),))


def instrument_in_force(instrument: Instrument, on: dt.date) -> Part | None:
    """A Part when the instrument as a whole decides the answer (not yet adopted or in force)."""
    code = instrument.code
    if instrument.adopted and instrument.adopted > on:
        return Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "Not yet adopted at %(on)s (adopted on %(date)s)."), on=on,
            date=instrument.adopted), (instrument_fact(instrument, "adopted"),)),))
    if instrument.in_force and instrument.in_force > on:
        return Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "Not yet in force at %(on)s: it entered into force on %(date)s."), on=on,
            date=instrument.in_force), (instrument_fact(instrument, "in_force"),)),))
    return None


def bilateral_in_force(instrument: Instrument, on: dt.date) -> Part:
    general = instrument_in_force(instrument, on)
    if general is not None:
        return general
    if instrument.in_force is None:
        return Part(UNKNOWN, (Reason(cite(instrument.code, ""), message(gettext_noop(
            "No date of entry into force is recorded for this treaty.")),),))
    return Part(AVAILABLE, (Reason(cite(instrument.code, ""), message(gettext_noop(
        "In force between the two States since %(date)s."), date=instrument.in_force),
        (instrument_fact(instrument, "in_force"),)),))


def instrument_fact(instrument: Instrument, name: str) -> Fact:
    day = getattr(instrument, name)
    return Fact("", instrument.code, name, day.isoformat(), instrument.source, day)


def entry_into_force(code: str, kind: str, deposit: dt.date) -> tuple[dt.date, str] | None:
    """The day an instrument enters into force for a State by its own rule, and the article;
    None where the rule is not known. A successor State is bound from the date of
    succession: the counting articles run from ratification, acceptance, approval or
    accession only."""
    rule = ENTRY_INTO_FORCE.get(code)
    if rule is None:
        return None
    article = rule.accession_article if kind == "accession" and rule.accession_article \
        else rule.article
    if kind == "succession":
        return deposit, article
    if rule.rule == "days":
        return deposit + dt.timedelta(days=rule.days), article
    if rule.rule == "month":  # the first day of the month after three months
        months = deposit.year * 12 + deposit.month - 1 + 4
        return dt.date(months // 12, months % 12 + 1, 1), article
    return deposit, article


def from_consent(instrument: Instrument, state: str, consent: Fact, on: dt.date) -> Part:
    """Entry into force for a State worked out from its consent, by the instrument's own rule."""
    code = instrument.code
    kind, day = parse_consent(consent.value)
    if day > on:
        return Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "%(state)s consented to be bound only on %(date)s, after %(on)s."),
            state=state, date=day, on=on), (consent,)),))
    rule = entry_into_force(code, kind, day)
    if rule is None or instrument.in_force is None:
        return Part(UNKNOWN, (Reason(cite(code, ""), message(gettext_noop(
            "%(state)s consented to be bound on %(date)s; the date it entered into force "
            "for it is not recorded."), state=state, date=day), (consent,)),))
    computed, article = rule
    enters = max(instrument.in_force, computed)
    facts = (consent, instrument_fact(instrument, "in_force"))
    if enters > on:
        return Part(UNAVAILABLE, (Reason(cite(code, article), message(gettext_noop(
            "Not yet in force for %(state)s at %(on)s: it enters into force for it on "
            "%(date)s, by the rule of %(article)s counted from its consent."), state=state,
            on=on, date=enters, article=cite(code, article)), facts),))
    return Part(AVAILABLE, (Reason(cite(code, article), message(gettext_noop(
        "In force for %(state)s since %(date)s (%(article)s, counted from its consent "
        "given on %(consent)s)."), state=state, date=enters, article=cite(code, article),
        consent=day), facts),))


def eu_law(instrument: Instrument) -> Part:
    rules = EU_LAW[instrument.code]
    return Part(AVAILABLE, (Reason(cite(instrument.code, rules.article),
                                   message(rules.form)),), rules.confirm)


def replaced(candidate: Candidate, by: str) -> Candidate:
    """A convention EU law replaces between the two Member States."""
    rules = EU_LAW[by]
    return candidate._replace(verdict=UNAVAILABLE, parts=(*candidate.parts, Part(
        UNAVAILABLE, (Reason(cite(by, rules.article), message(gettext_noop(
            "Replaced between these two Member States by %(instrument)s."), instrument=by)),))))


def dual_criminality(code: str, article: str) -> Part:
    """Dual criminality is flagged for every extradition, whatever the basis."""
    return Part(AVAILABLE, (Reason(cite(code, article), message(gettext_noop(
        "Extradition requires that the conduct is an offence under the law of both States "
        "(dual criminality)."))),), (DUAL_CRIMINALITY,))


DUAL_CRIMINALITY = condition("dual_criminality", gettext_noop(
    "The conduct is punishable under the law of both the requesting and the requested State "
    "(dual criminality)."))
TRANSNATIONAL = condition("transnational", gettext_noop(
    "The offence is transnational in nature (UNTOC art. 3(2)): committed in more than one "
    "State, or prepared, directed or with substantial effects in another State."))
ORGANISED_GROUP = condition("organised_group", gettext_noop(
    "The offence involves an organized criminal group (UNTOC art. 2(a)): three or more "
    "persons acting in concert for a financial or other material benefit."))
SERIOUS_CRIME = condition("serious_crime", gettext_noop(
    "The offence is a serious crime (UNTOC art. 2(b)): punishable by deprivation of liberty "
    "of at least four years or a more serious penalty."))
# UNTOC art. 16(1): no proof of transnationality when the person sought is in the requested
# State; art. 18(1): reasonable grounds to suspect, and things located there count.
PERSON_IN_REQUESTED_STATE = condition("person_in_requested_state", gettext_noop(
    "The person sought is located in the requested State and the offence involves an "
    "organized criminal group (UNTOC art. 16(1)); otherwise, the offence is transnational "
    "in nature (art. 3(2))."))
REASONABLE_GROUNDS = condition("reasonable_grounds", gettext_noop(
    "There are reasonable grounds to suspect that the offence is transnational in nature, "
    "including that victims, witnesses, proceeds, instrumentalities or evidence are located "
    "in the requested State, and that it involves an organized criminal group (UNTOC art. "
    "18(1))."))
NATIONAL_OFFICIAL = condition("national_public_official", gettext_noop(
    "The conduct is bribery of a national public official (UNTOC art. 8(1)); bribery of a "
    "foreign or international public official is covered only where the State has "
    "established it as an offence (art. 8(2)), otherwise as serious crime."))
BRIBERY_OR_SERIOUS = condition("bribery_or_serious_crime", gettext_noop(
    "The corruption is bribery of a national public official (UNTOC art. 8(1)); other "
    "corruption (embezzlement, trading in influence, illicit enrichment) is covered only as "
    "serious crime (art. 2(b))."))
E_EVIDENCE = condition("electronic_evidence", gettext_noop(
    "The assistance sought concerns evidence in electronic form (for example stored "
    "computer data)."))
RECIPROCITY_ASSURANCE = condition("reciprocity", gettext_noop(
    "The requesting State gives an assurance of reciprocity."))


def convention_rules(engine: Engine, profile_code: str, profile: Profile, code: str,
                     requested: str, cooperation_type: str, offence: str,
                     has_treaty: bool | None) -> Part:
    """The convention's own rules for this type of cooperation, offence and requested State."""
    parts: list[Part] = []
    if code in PROTOCOLS:
        parts.append(Part(AVAILABLE, (Reason(cite(code, "1(2)"), message(gettext_noop(
            "The Convention applies to this Protocol mutatis mutandis, and its offences are "
            "regarded as offences established under the Convention."))), Reason(
            "UNTOC art. 37(2)", message(gettext_noop(
                "A Protocol binds only a State that is also a party to the Convention.")))),))
    if profile.organised_crime:
        parts.append(organised_crime_scope(code, profile, offence, cooperation_type))
    rule = TYPE_RULES.get(cooperation_type) if profile.mla_rules else None
    if rule is not None:
        parts.append(rule(engine, profile_code, profile, requested, has_treaty))
    elif cooperation_type in profile.by_type:
        parts.append(Part(AVAILABLE, (Reason(cite(profile_code, profile.by_type[cooperation_type]),
                                             message(gettext_noop(
            "The Convention provides for this cooperation between its States Parties, "
            "consistent with their domestic legal and administrative systems."))),)))
    else:
        parts.append(Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "The Convention provides no legal basis for this type of cooperation."))),)))
    parts.append(reciprocity_condition(engine.book, profile_code, profile, requested,
                                       cooperation_type))
    return merge(parts)


def reciprocity_condition(book: FactBook, code: str, profile: Profile, requested: str,
                          cooperation_type: str) -> Part:
    """A declaration making the Convention's use for this cooperation conditional on
    reciprocity (for example under UNCAC art. 46)."""
    fact = book.fact(requested, code, "reciprocity_condition")
    article = profile.by_type.get(cooperation_type, "")
    if fact is None or not article or _article_number(fact.value) != _article_number(article):
        return Part(AVAILABLE)
    return Part(CONDITIONAL, (Reason(cite(code, fact.value), message(gettext_noop(
        "%(state)s has declared that it applies %(article)s on condition of reciprocity."),
        state=requested, article=cite(code, fact.value)), (fact,)),), (RECIPROCITY_ASSURANCE,))


def _article_number(value: str) -> str:
    return value.strip().split("(", 1)[0].strip()


def organised_crime_scope(code: str, profile: Profile, offence: str,
                          cooperation_type: str) -> Part:
    """UNTOC art. 3: Convention offences, or serious crime; transnational and with an OCG,
    as far as the article for the cooperation asks (16(1), 18(1))."""
    scope = {"extradition": (PERSON_IN_REQUESTED_STATE, ORGANISED_GROUP),
             "mla": (REASONABLE_GROUNDS,)}.get(cooperation_type, (TRANSNATIONAL, ORGANISED_GROUP))
    if offence == "corruption":
        return Part(AVAILABLE, (Reason("UNTOC art. 8(1)", message(gettext_noop(
            "Art. 8(1) covers the bribery of national public officials; other corruption "
            "offences reach the Convention only as serious crime (art. 2(b), 3(1)(b))."))),),
            (BRIBERY_OR_SERIOUS, *scope))
    if offence in profile.offences:
        confirm = (NATIONAL_OFFICIAL, *scope) if offence == "bribery" else scope
        return Part(AVAILABLE, (Reason("UNTOC art. 3(1)(a)", message(gettext_noop(
            "An offence established under UNTOC art. %(article)s: the Convention applies "
            "where it is transnational in nature and involves an organized criminal group."),
            article=profile.offences[offence])),), confirm)
    if PROTOCOLS.get(code) == offence:
        return Part(AVAILABLE, (Reason(cite(code, "4"), message(gettext_noop(
            "An offence established under the Protocol: it applies where the offence is "
            "transnational in nature and involves an organized criminal group."))),), scope)
    return Part(AVAILABLE, (Reason("UNTOC art. 3(1)(b)", message(gettext_noop(
        "Not an offence established under the Convention: it applies only to serious crime "
        "that is transnational in nature and involves an organized criminal group."))),),
        (SERIOUS_CRIME, *scope))


def requires_treaty(book: FactBook, state: str) -> Fact | None:
    """Whether the State makes extradition conditional on a treaty, as a fact valued yes/no:
    from its national law, or from its notifications (UNTOC 16(5), UNCAC 44(6)). A
    notification under 16(5)(a), yes or no, itself shows it: only such States notify."""
    found: list[Fact] = []
    for name in STATE_FACT_KINDS:
        fact = book.state_fact(state, name)
        if fact is not None:
            value = fact.value if name == "extradition_requires_treaty" else (
                "no" if fact.value == "yes" else "yes")
            found.append(fact if fact.value == value else _with_value(fact, value))
    for code in REQUIRES_TREATY_FROM:
        found.extend(f for f in (book.fact(state, code, "extradition_requires_treaty"),)
                     if f is not None)
        notice = book.fact(state, code, "extradition_basis")
        if notice is not None:
            found.append(_with_value(notice, "yes"))
    return decisive(found)


def _with_value(fact: Fact, value: str) -> Fact | _Derived:
    """The fact read as "makes extradition conditional on a treaty" (the original is cited)."""
    return fact if value == fact.value else _Derived(fact, value)


@dataclass(frozen=True, slots=True)
class _Derived:
    """A fact read for what it implies: `value` is the implication, `fact` the original."""

    original: Fact
    value: str

    @property
    def source_kind(self) -> str:
        return self.original.source_kind

    @property
    def as_of(self) -> dt.date | None:
        return self.original.as_of


def _original(found: Fact | _Derived | None) -> tuple[Fact, ...]:
    if found is None:
        return ()
    return (found.original,) if isinstance(found, _Derived) else (found,)


def extradition(engine: Engine, code: str, profile: Profile, requested: str,
                has_treaty: bool | None) -> Part:
    """UNTOC art. 16 (and its parallels): a treaty, the convention as basis, or neither."""
    dual = dual_criminality(code, profile.dual_criminality)
    notes = extradition_notes(code, profile)
    if has_treaty:
        return Part(AVAILABLE, (Reason(cite(code, profile.deemed_included), message(
            gettext_noop("An extradition treaty binds both States: the offences covered are "
                         "deemed included in it as extraditable offences."))), *dual.reasons,
            *notes), dual.confirm)
    requires = engine.requires_treaty(requested)
    basis = engine.book.fact(requested, code, "extradition_basis")
    verdict, reason = _extradition_without_treaty(code, profile, requested, requires, basis)
    if has_treaty is None and verdict == UNAVAILABLE:
        verdict = UNKNOWN  # a treaty whose status is unknown could still open the way
    return Part(verdict, (reason, *dual.reasons, *notes), dual.confirm)


def extradition_notes(code: str, profile: Profile) -> tuple[Reason, ...]:
    """What the requested State may still decide: its law's conditions, discrimination,
    fiscal offences (UNTOC 16(7), 16(14), 16(15))."""
    notes = (
        (profile.extradition_conditions, gettext_noop(
            "Extradition is subject to the conditions provided for by the law of the "
            "requested State or by applicable treaties, including the minimum penalty "
            "requirement and the grounds for refusal.")),
        (profile.discrimination, gettext_noop(
            "Extradition is not obligatory where there are substantial grounds for "
            "believing that the request is made to prosecute or punish a person on account "
            "of sex, race, religion, nationality, ethnic origin or political opinions.")),
        (profile.fiscal, gettext_noop(
            "Extradition may not be refused on the sole ground that the offence is also "
            "considered to involve fiscal matters.")))
    return tuple(Reason(cite(code, article), message(text)) for article, text in notes
                 if article)


def _extradition_without_treaty(code: str, profile: Profile, requested: str,
                                requires: Fact | _Derived | None,
                                basis: Fact | None) -> tuple[str, Reason]:
    said_basis = basis.value if basis else None
    needs_treaty = requires.value if requires else None
    facts = tuple(dict.fromkeys((*_original(requires), *(f for f in (basis,) if f))))
    if said_basis == "yes":
        return AVAILABLE, Reason(cite(code, profile.basis_notice or profile.no_treaty_basis),
                                 message(gettext_noop(
            "%(state)s takes the Convention as the legal basis for extradition."),
            state=requested), facts)
    if said_basis == "no" and profile.notice_required:
        return UNAVAILABLE, Reason(cite(code, profile.basis_notice), message(gettext_noop(
            "%(state)s makes extradition conditional on a treaty and has notified that it "
            "does not take the Convention as the legal basis."), state=requested), facts)
    if needs_treaty == "no":
        return AVAILABLE, Reason(cite(code, profile.no_treaty_required), message(gettext_noop(
            "%(state)s does not make extradition conditional on a treaty: the offences "
            "covered are extraditable between the two States."), state=requested), facts)
    if not profile.notice_required:
        return CONDITIONAL, Reason(cite(code, profile.no_treaty_basis), message(gettext_noop(
            "Without a treaty, %(state)s may consider the Convention as the legal basis for "
            "extradition (no notification is required)."), state=requested), facts)
    if needs_treaty == "yes":
        return UNKNOWN, Reason(cite(code, profile.basis_notice), message(gettext_noop(
            "%(state)s makes extradition conditional on a treaty, and whether it has notified "
            "that it takes the Convention as the legal basis is not known."),
            state=requested), facts)
    return UNKNOWN, Reason(cite(code, profile.no_treaty_basis), message(gettext_noop(
        "Whether %(state)s makes extradition conditional on a treaty, and whether it takes "
        "the Convention as the legal basis, is not known."), state=requested), facts)


def mutual_assistance(engine: Engine, code: str, profile: Profile, requested: str,
                      has_treaty: bool | None) -> Part:
    """UNTOC art. 18(7): an MLA treaty binding both displaces only 18(9)-(29); 18(1)-(8)
    apply whatever treaty binds them (18(6)). Where 18(9)-(29) apply, the finder says what
    they let the requested State decide."""
    article = cite(code, profile.mla_treaty)
    secrecy = _note(code, profile.bank_secrecy, gettext_noop(
        "Bank secrecy is no ground for refusing assistance."))
    if has_treaty:
        return Part(AVAILABLE, (Reason(article, message(gettext_noop(
            "A treaty on mutual legal assistance binds both States: its provisions apply "
            "instead of %(rules)s, unless both States agree to apply those; %(always)s still "
            "apply."), rules=cite(code, profile.mla_rules),
            always=cite(code, profile.mla_always or "1"))), *secrecy))
    if has_treaty is None:
        head = Reason(article, message(gettext_noop(
            "%(rules)s apply unless a treaty on mutual legal assistance binds both States; "
            "whether one does is not known."), rules=cite(code, profile.mla_rules)))
    else:
        head = Reason(article, message(gettext_noop(
            "No treaty on mutual legal assistance is recorded as binding both States: "
            "%(rules)s apply."), rules=cite(code, profile.mla_rules)))
    dual = mla_dual_criminality(engine.book, code, profile, requested)
    return Part(dual.verdict, (head, *secrecy, *dual.reasons, *mla_notes(code, profile)),
                dual.confirm)


def _note(code: str, article: str, text: str) -> tuple[Reason, ...]:
    return (Reason(cite(code, article), message(text)),) if article else ()


def mla_notes(code: str, profile: Profile) -> tuple[Reason, ...]:
    return (*_note(code, profile.refusal, gettext_noop(
        "The requested State may refuse only on the grounds the Convention lists, and not on "
        "the sole ground that the offence involves fiscal matters; reasons are given for any "
        "refusal.")), *_note(code, profile.consultation, gettext_noop(
        "Before refusing or postponing, the requested State consults the requesting State "
        "to consider whether assistance may be granted on terms and conditions.")))


def mla_dual_criminality(book: FactBook, code: str, profile: Profile,
                         requested: str) -> Part:
    """UNTOC 18(9): the requested State may decline for want of dual criminality, or assist
    at its discretion; UNCAC 46(9)(b): non-coercive assistance even without it."""
    if not profile.mla_dual_criminality:
        return Part(AVAILABLE)
    text = gettext_noop(
        "The requested State may decline assistance for want of dual criminality, and may "
        "assist at its discretion without it.")
    if profile.non_coercive:
        text = gettext_noop(
            "Without dual criminality, the requested State renders assistance not involving "
            "coercive action (art. 46(9)(b)), and may decline coercive measures.")
    reasons = [Reason(cite(code, profile.mla_dual_criminality), message(text))]
    declared = book.fact(requested, code, "dual_criminality_required")
    if declared is None:
        return Part(AVAILABLE, tuple(reasons))
    required = declared.value == "yes"
    reasons.append(Reason(cite(code, profile.mla_dual_criminality), message(
        gettext_noop("%(state)s has declared that it requires dual criminality.") if required
        else gettext_noop("%(state)s has declared that it does not require dual criminality."),
        state=requested), (declared,)))
    return Part(AVAILABLE, tuple(reasons), (DUAL_CRIMINALITY,) if required else ())


def confiscation(engine: Engine, code: str, profile: Profile, requested: str,
                 has_treaty: bool | None) -> Part:
    """UNTOC art. 13: the procedure of art. 18, the content of 13(3), the Convention as treaty
    basis (13(6)), refusal for an offence not covered (13(7)), disposal (14); UNCAC 55, 57."""
    procedure = mutual_assistance(engine, code, profile, requested, has_treaty)
    content = Reason(cite(code, profile.confiscation_content), message(gettext_noop(
        "A request for confiscation follows the mutual legal assistance procedure and must "
        "also contain the information listed in %(article)s."),
        article=cite(code, profile.confiscation_content)))
    notes = (
        *_note(code, profile.confiscation_treaty, gettext_noop(
            "A State that makes confiscation measures conditional on a treaty considers the "
            "Convention the necessary and sufficient treaty basis.")),
        *_note(code, profile.confiscation_refusal, gettext_noop(
            "Cooperation may be refused if the offence is not covered by the Convention.")),
        *_note(code, profile.disposal, gettext_noop(
            "Confiscated property is disposed of under the requested State's law; it "
            "considers returning it to the requesting State to compensate victims or return "
            "it to its legitimate owners.")),
        *_note(code, profile.asset_return, gettext_noop(
            "Embezzled public funds confiscated at the request of the requesting State are "
            "returned to it.")))
    return Part(procedure.verdict, (*procedure.reasons, content, *notes),
                (*procedure.confirm, condition("confiscation_content", gettext_noop(
                    "The request describes the property, states the facts and, where an order "
                    "is to be enforced, includes a legally admissible copy of it."))))


def by_agreement(engine: Engine, code: str, profile: Profile, requested: str,
                 has_treaty: bool | None, cooperation_type: str) -> Part:
    article = profile.by_type.get(cooperation_type)
    if article is None:
        return Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "The Convention provides no legal basis for this type of cooperation."))),))
    return Part(CONDITIONAL, (Reason(cite(code, article), message(gettext_noop(
        "The Convention provides for it, but each case depends on the agreement of "
        "%(state)s."), state=requested)),))


def law_enforcement(engine: Engine, code: str, profile: Profile, requested: str,
                    has_treaty: bool | None) -> Part:
    """UNTOC art. 27(2): the Parties "may consider" the Convention as the basis."""
    if not profile.law_enforcement_basis:
        return by_agreement(engine, code, profile, requested, has_treaty, "law_enforcement")
    return Part(CONDITIONAL, (Reason(cite(code, profile.law_enforcement_basis), message(
        gettext_noop("In the absence of an agreement or arrangement between them, the States "
                     "may consider the Convention as the basis for law enforcement "
                     "cooperation."))),))


TYPE_RULES = {
    "extradition": extradition,
    "mla": mutual_assistance,
    "confiscation": confiscation,
    "law_enforcement": law_enforcement,
    "transfer_of_proceedings": lambda *args: by_agreement(*args, "transfer_of_proceedings"),
    "joint_investigation": lambda *args: by_agreement(*args, "joint_investigation"),
}


NON_TREATY_BASES = {
    RECIPROCITY: Instrument(RECIPROCITY, "Reciprocity", NON_TREATY, frozenset(COOPERATION_TYPES)),
    DOMESTIC_LAW: Instrument(DOMESTIC_LAW, "Domestic law of the requested State", NON_TREATY,
                             frozenset(COOPERATION_TYPES)),
}
NON_TREATY_PARTS = {
    RECIPROCITY: Part(CONDITIONAL, (Reason(RECIPROCITY, message(gettext_noop(
        "Without a treaty, cooperation may rest on an assurance of reciprocity, where the law "
        "of the requested State allows it."))),), (RECIPROCITY_ASSURANCE,)),
    DOMESTIC_LAW: Part(CONDITIONAL, (Reason(DOMESTIC_LAW, message(gettext_noop(
        "The domestic law of the requested State on international cooperation may allow it "
        "without a treaty."))),)),
}


def non_treaty(engine: Engine, requested: str, cooperation_type: str) -> Part:
    """Reciprocity and domestic law (comity), conditional on the requested State's law; for
    extradition, unavailable where that State extradites only under a treaty (UNTOC
    16(4)-(5) describe such States)."""
    reasons = [Reason("", message(gettext_noop(
        "Conditional on the law of %(state)s."), state=requested))]
    if cooperation_type != "extradition":
        return Part(CONDITIONAL, tuple(reasons))
    requires = engine.requires_treaty(requested)
    facts = _original(requires)
    if requires is not None and requires.value == "yes":
        return Part(UNAVAILABLE, (Reason("UNTOC art. 16(4)", message(gettext_noop(
            "%(state)s makes extradition conditional on the existence of a treaty: without "
            "one, neither reciprocity nor its law alone can be the basis."),
            state=requested), facts),), (DUAL_CRIMINALITY,))
    if requires is not None:
        reasons.append(Reason("UNTOC art. 16(6)", message(gettext_noop(
            "%(state)s does not make extradition conditional on a treaty."),
            state=requested), facts))
    return Part(CONDITIONAL, tuple(reasons), (DUAL_CRIMINALITY,))


def recommend(candidates: Iterable[Candidate]) -> Instrument | None:
    """The first usable candidate in order of priority: available first, then conditional;
    EU law governing between the two Member States first even when conditional on its
    application (it replaces the conventions: FD 2002/584/JHA art. 31(1), Directive
    2014/41/EU art. 34(1))."""
    conditional = None
    for candidate in candidates:
        if candidate.verdict == AVAILABLE or (candidate.verdict == CONDITIONAL
                                              and candidate.instrument.code in EU_LAW):
            return candidate.instrument
        if conditional is None and candidate.verdict == CONDITIONAL:
            conditional = candidate.instrument
    return conditional


def practical(book: FactBook, requested: str, codes: Iterable[str] = ("UNTOC", "UNCAC")
              ) -> dict[str, Fact | None]:
    """The requested State's central authority and languages, from its notifications."""
    return {name: first_fact(book, requested, codes, name)
            for name in ("central_authority", "languages")}


def first_fact(book: FactBook, state: str, codes: Iterable[str], name: str) -> Fact | None:
    return next((f for c in codes if (f := book.fact(state, c, name)) is not None), None)


def evaluate(book: FactBook, requesting: str, requested: str, cooperation_type: str,
             offence: str, on: dt.date) -> Finding:
    return Engine(book, on).evaluate(requesting, requested, cooperation_type, offence)
