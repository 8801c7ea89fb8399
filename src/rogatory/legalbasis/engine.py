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
from typing import NamedTuple

COOPERATION_TYPES = ("mla", "extradition", "confiscation", "transfer_of_proceedings",
                     "transfer_of_sentenced_persons", "joint_investigation", "law_enforcement")
OFFENCE_CATEGORIES = ("participation_in_ocg", "money_laundering", "corruption",
                      "obstruction_of_justice", "trafficking_in_persons",
                      "smuggling_of_migrants", "firearms_trafficking", "drug_trafficking",
                      "cybercrime", "other_serious_crime")
AVAILABLE, CONDITIONAL = "available", "conditional"
UNAVAILABLE, UNKNOWN = "unavailable", "unknown"
VERDICTS = (AVAILABLE, CONDITIONAL, UNAVAILABLE, UNKNOWN)
MULTILATERAL, REGIONAL = "multilateral", "regional"
BILATERAL, NON_TREATY = "bilateral", "non_treaty"
INSTRUMENT_KINDS = (MULTILATERAL, REGIONAL, BILATERAL)
FACT_KINDS = ("signature", "consent", "entry_into_force", "extradition_basis",
              "extradition_requires_treaty", "central_authority", "languages", "not_bound_35_2")
CONSENT_KINDS = ("ratification", "accession", "acceptance", "approval", "succession",
                 "unspecified")
YES_NO_FACTS = ("extradition_basis", "extradition_requires_treaty", "not_bound_35_2")
RECIPROCITY, DOMESTIC_LAW = "reciprocity", "domestic_law"
# The verdict of a candidate is the worst of its parts.
_RANK = {AVAILABLE: 0, CONDITIONAL: 1, UNKNOWN: 2, UNAVAILABLE: 3}
_BY_RANK = {rank: verdict for verdict, rank in _RANK.items()}


def gettext_noop(message: str) -> str:
    """Marks a msgid for extraction; the caller translates it."""
    return message


@dataclass(frozen=True, slots=True)
class Fact:
    state: str
    instrument: str
    fact: str
    value: str
    source: str
    as_of: dt.date | None

    def as_dict(self) -> dict:
        return {"state": self.state, "instrument": self.instrument, "fact": self.fact,
                "value": self.value, "source": self.source,
                "as_of": self.as_of.isoformat() if self.as_of else None}


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

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Message:
    """A msgid and its parameters; translated by whoever shows it."""

    text: str
    params: tuple[tuple[str, str], ...] = ()


def message(text: str, **params: object) -> Message:
    return Message(text, tuple((key, str(value)) for key, value in params.items()))


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

    @property
    def reasons(self) -> list[Reason]:
        return [reason for part in self.parts for reason in part.reasons]

    @property
    def confirm(self) -> list[Message]:
        seen: dict[Message, None] = {}
        for part in self.parts:
            seen.update(dict.fromkeys(part.confirm))
        return list(seen)


class Finding(NamedTuple):
    requesting: str
    requested: str
    cooperation_type: str
    offence: str
    on: dt.date
    candidates: tuple[Candidate, ...]
    recommended: Instrument | None


@dataclass
class FactBook:
    """Everything the engine knows: instruments by code and facts by (state, instrument)."""

    instruments: Mapping[str, Instrument]
    facts: Mapping[tuple[str, str], Mapping[str, Fact]]
    states: frozenset[str] = frozenset()
    _bilateral: dict[frozenset[str], list[Instrument]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for instrument in self.instruments.values():
            if instrument.kind == BILATERAL and len(instrument.parties) == 2:
                self._bilateral.setdefault(frozenset(instrument.parties), []).append(instrument)

    @classmethod
    def from_facts(cls, instruments: Iterable[Instrument], facts: Iterable[Fact],
                   states: Iterable[str] = ()) -> FactBook:
        by_key: dict[tuple[str, str], dict[str, Fact]] = {}
        for fact in facts:
            by_key.setdefault((fact.state, fact.instrument), {})[fact.fact] = fact
        return cls({i.code: i for i in instruments}, by_key, frozenset(states))

    def fact(self, state: str, instrument: str, name: str) -> Fact | None:
        return self.facts.get((state, instrument), {}).get(name)

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
    mla_rules: str = ""
    confiscation_content: str = ""
    central_authority: str = ""
    languages: str = ""
    eif_article: str = ""
    eif_days: int | None = None   # entry into force for a State: days after its consent
    organised_crime: bool = False  # art. 3 UNTOC: transnational and organized criminal group
    e_evidence: bool = False       # evidence in electronic form of any offence (Budapest)


UNTOC_PROFILE = Profile(
    by_type={"extradition": "16", "mla": "18", "confiscation": "13",
             "transfer_of_proceedings": "21", "joint_investigation": "19",
             "law_enforcement": "27"},
    offences={"participation_in_ocg": "5", "money_laundering": "6", "corruption": "8",
              "obstruction_of_justice": "23"},
    basis_notice="16(5)(a)", no_treaty_basis="16(4)", no_treaty_required="16(6)",
    deemed_included="16(3)", dual_criminality="16(1)", mla_treaty="18(7)",
    mla_rules="18(9)–(29)", confiscation_content="13(3)", central_authority="18(13)",
    languages="18(14)", eif_article="38(2)", eif_days=30, organised_crime=True)

PROFILES: dict[str, Profile] = {
    "UNTOC": UNTOC_PROFILE,
    "UNCAC": Profile(
        by_type={"extradition": "44", "mla": "46", "confiscation": "55",
                 "transfer_of_proceedings": "47", "joint_investigation": "49",
                 "law_enforcement": "48"},
        offences={"corruption": "15–22", "money_laundering": "23",
                  "obstruction_of_justice": "25"},
        basis_notice="44(6)(a)", no_treaty_basis="44(5)", no_treaty_required="44(7)",
        deemed_included="44(4)", dual_criminality="44(1)", mla_treaty="46(7)",
        mla_rules="46(9)–(29)", confiscation_content="55(3)", central_authority="46(13)",
        languages="46(14)", eif_article="68(2)", eif_days=30),
    "VIENNA-1988": Profile(
        by_type={"extradition": "6", "mla": "7", "confiscation": "5",
                 "transfer_of_proceedings": "8", "joint_investigation": "9(1)(c)",
                 "law_enforcement": "9"},
        offences={"drug_trafficking": "3(1)(a)", "money_laundering": "3(1)(b)"},
        no_treaty_basis="6(3)", no_treaty_required="6(4)", deemed_included="6(2)",
        dual_criminality="6(1)", notice_required=False, mla_treaty="7(7)",
        mla_rules="7(8)–(19)", confiscation_content="5(4)(d)", central_authority="7(8)",
        languages="7(9)", eif_article="29(2)", eif_days=90),
    "BUDAPEST": Profile(
        by_type={"extradition": "24", "mla": "25", "law_enforcement": "35"},
        offences={"cybercrime": "2–11"},
        no_treaty_basis="24(3)", no_treaty_required="24(4)", deemed_included="24(2)",
        dual_criminality="24(1)", notice_required=False, mla_treaty="27(1)",
        mla_rules="27(2)–(9)", central_authority="27(2)", e_evidence=True),
    "BUDAPEST-P2": Profile(by_type={"mla": "8", "law_enforcement": "6"},
                           offences={"cybercrime": "2"}, e_evidence=True),
}
# The Protocols supplement UNTOC and are interpreted together with it (art. 1 of each).
PROTOCOLS = {"UNTOC-TIP": "trafficking_in_persons", "UNTOC-SOM": "smuggling_of_migrants",
             "UNTOC-FIR": "firearms_trafficking"}
PROTOCOL_EIF = {"UNTOC-TIP": "17(2)", "UNTOC-SOM": "22(2)", "UNTOC-FIR": "18(2)"}
# Which instrument's notifications tell whether a State makes extradition conditional on a
# treaty: the State's law says it once, in whichever notification was made.
REQUIRES_TREATY_FROM = ("UNTOC", "UNCAC")


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
    return _BY_RANK[max(_RANK[part.verdict] for part in parts)]


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
        self._per_state: dict[tuple, tuple[Part, ...]] = {}
        self._rules: dict[tuple, object] = {}
        self.multilateral = sorted(book.of_kind(MULTILATERAL),
                                   key=lambda i: (i.code == "UNTOC", i.code))
        self.regional = book.of_kind(REGIONAL)

    # --- the entry point ------------------------------------------------------------------
    def evaluate(self, requesting: str, requested: str, cooperation_type: str,
                 offence: str) -> Finding:
        self._check(requesting, requested, cooperation_type, offence)
        plan = self._plan(cooperation_type, offence)
        dual = (self._dual(),) if cooperation_type == "extradition" else ()
        treaties = [c for i in self.book.bilateral_between(requesting, requested)
                    if (c := self._bilateral(i, cooperation_type, offence, dual)) is not None]
        if plan.treaties:
            ours, theirs = self._bound_all(requesting, plan), self._bound_all(requested, plan)
            for index, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
                if mine is None and other is None:  # the common case, shared
                    treaties.append(plan.unrecorded[index])
                    continue
                instrument, covered = plan.treaties[index]
                parts = (covered, mine or self._bound(instrument, requesting),
                         other or self._bound(instrument, requested), *dual)
                treaties.append(Candidate(instrument, worst(parts), parts))
        # A treaty of which neither State's participation is recorded says nothing either way.
        has_treaty = self._has_treaty([c for c in treaties if c not in plan.unrecorded])
        conventions = self._conventions(plan, requesting, requested, cooperation_type, offence,
                                        has_treaty)
        candidates = (*treaties, *conventions, *self._non_treaty(requested, cooperation_type))
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
        if offence not in OFFENCE_CATEGORIES:
            raise ValueError(f"Unknown offence category {offence!r}: use one of "
                             f"{', '.join(OFFENCE_CATEGORIES)}.")

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
        parts = (covered, participation(self.book, instrument, "", self.on), *dual)
        return Candidate(instrument, worst(parts), parts)

    def _bound(self, instrument: Instrument, state: str) -> Part:
        key = (state, instrument.code)
        if key not in self._participation:
            self._participation[key] = participation(self.book, instrument, state, self.on)
        return self._participation[key]

    def _bound_all(self, state: str, plan: Plan) -> tuple[Part | None, ...]:
        """The State's participation in each treaty of the plan (None: nothing recorded)."""
        key = (state, id(plan))
        found = self._per_state.get(key)
        if found is None:
            found = self._per_state[key] = tuple(
                self._bound(i, state) if (state, i.code) in self.book.facts else None
                for i, _c in plan.treaties)
        return found

    @staticmethod
    def _has_treaty(treaties: list[Candidate]) -> bool | None:
        """Whether a treaty for this type binds both: True, False or None (not known)."""
        verdicts = {c.verdict for c in treaties}
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
        for index, (mine, other, rule) in enumerate(zip(ours, theirs, rules, strict=True)):
            instrument, covered = plan.conventions[index]
            if mine is None and other is None:  # neither State has a fact: shared
                key = (id(plan), index, id(rule))
                candidate = self._rules.get(key)
                if candidate is None:
                    parts = (covered, nothing_recorded(instrument), rule)
                    candidate = self._rules[key] = Candidate(instrument, worst(parts), parts)
            else:
                parts = (covered, mine or self._bound(instrument, requesting),
                         other or self._bound(instrument, requested), rule)
                candidate = Candidate(instrument, worst(parts), parts)
            (unusable if candidate.verdict == UNAVAILABLE else usable).append(candidate)
        return [*usable, *unusable, *plan.excluded]

    def _convention_bound(self, state: str, plan: Plan) -> tuple[Part, ...]:
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
            return convention_rules(self.book, profile_code, profile, code, requested,
                                    cooperation_type, offence, has_treaty)
        return self._dual() if cooperation_type == "extradition" else Part(AVAILABLE)

    def _non_treaty(self, requested: str, cooperation_type: str) -> tuple[Candidate, ...]:
        key = ("non-treaty", requested, cooperation_type)
        if key not in self._rules:
            part = non_treaty(self.book, requested, cooperation_type)
            self._rules[key] = tuple(Candidate(NON_TREATY_BASES[code], CONDITIONAL, (own, part))
                                     for code, own in NON_TREATY_PARTS.items())
        return self._rules[key]


# --- the rules, one function each ----------------------------------------------------------
def covers(instrument: Instrument, cooperation_type: str, offence: str) -> Part:
    """The instrument's scope: the cooperation types and offences it covers."""
    code = instrument.code
    profile = PROFILES.get("UNTOC" if code in PROTOCOLS else code)
    if cooperation_type not in instrument.scope:
        return Part(UNAVAILABLE, (Reason(cite(code, ""), message(
            gettext_noop("%(instrument)s does not cover this type of cooperation."),
            instrument=code)),))
    if not instrument.offences or offence in instrument.offences:
        return Part(AVAILABLE)
    if profile is not None and profile.e_evidence and cooperation_type in ("mla",
                                                                            "law_enforcement"):
        return Part(AVAILABLE, (Reason(cite(code, "25(1)" if code == "BUDAPEST" else "2"),
                                       message(gettext_noop(
            "%(instrument)s covers the collection of evidence in electronic form of any "
            "criminal offence."), instrument=code)),),
            (message(gettext_noop("The assistance sought concerns evidence in electronic "
                                  "form (for example stored computer data).")),))
    return Part(UNAVAILABLE, (Reason(cite(code, ""), message(
        gettext_noop("%(instrument)s does not cover this offence."), instrument=code)),))


def participation(book: FactBook, instrument: Instrument, state: str, on: dt.date) -> Part:
    """Whether `instrument` is in force for `state` at `on`: available, unavailable, unknown."""
    code = instrument.code
    if instrument.kind == BILATERAL:
        return bilateral_in_force(instrument, on)
    general = instrument_in_force(instrument, on)
    if general is not None:
        return general
    eif = book.fact(state, code, "entry_into_force")
    if eif is not None:
        day = parse_date(eif.value)
        if day <= on:
            return Part(AVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
                "In force for %(state)s since %(date)s."), state=state, date=day), (eif,)),))
        return Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "Not yet in force for %(state)s at %(on)s: it enters into force for it on "
            "%(date)s."), state=state, on=on, date=day), (eif,)),))
    consent = book.fact(state, code, "consent")
    if consent is not None:
        return from_consent(instrument, state, consent, on)
    signature = book.fact(state, code, "signature")
    if signature is not None:
        return Part(UNKNOWN, (Reason(cite(code, ""), message(gettext_noop(
            "%(state)s signed it; no consent to be bound is recorded, so whether it is a "
            "party is not known."), state=state), (signature,)),))
    return Part(UNKNOWN, (Reason(cite(code, ""), message(gettext_noop(
        "No participation of %(state)s is recorded: whether it is bound is not known."),
        state=state)),))


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


def from_consent(instrument: Instrument, state: str, consent: Fact, on: dt.date) -> Part:
    """Entry into force for a State worked out from its consent, where the convention says how."""
    code = instrument.code
    _kind, day = parse_consent(consent.value)
    profile = PROFILES.get(code)
    days = 30 if code in PROTOCOLS else (profile.eif_days if profile else None)
    if day > on:
        return Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "%(state)s consented to be bound only on %(date)s, after %(on)s."),
            state=state, date=day, on=on), (consent,)),))
    if days is None or instrument.in_force is None:
        return Part(UNKNOWN, (Reason(cite(code, ""), message(gettext_noop(
            "%(state)s consented to be bound on %(date)s; the date it entered into force "
            "for it is not recorded."), state=state, date=day), (consent,)),))
    enters = max(instrument.in_force, day + dt.timedelta(days=days))
    article = PROTOCOL_EIF.get(code) or (profile.eif_article if profile else "")
    if enters > on:
        return Part(UNAVAILABLE, (Reason(cite(code, article), message(gettext_noop(
            "Not yet in force for %(state)s at %(on)s: it enters into force for it on "
            "%(date)s, %(days)s days after its consent."), state=state, on=on, date=enters,
            days=days), (consent, instrument_fact(instrument, "in_force"))),))
    return Part(AVAILABLE, (Reason(cite(code, article), message(gettext_noop(
        "In force for %(state)s since %(date)s (%(days)s days after its consent, given on "
        "%(consent)s)."), state=state, date=enters, days=days, consent=day), (consent,)),))


def dual_criminality(code: str, article: str) -> Part:
    """Dual criminality is flagged for every extradition, whatever the basis."""
    return Part(AVAILABLE, (Reason(cite(code, article), message(gettext_noop(
        "Extradition requires that the conduct is an offence under the law of both States "
        "(dual criminality)."))),), (DUAL_CRIMINALITY,))


DUAL_CRIMINALITY = message(gettext_noop(
    "The conduct is punishable under the law of both the requesting and the requested State "
    "(dual criminality)."))
TRANSNATIONAL = message(gettext_noop(
    "The offence is transnational in nature (UNTOC art. 3(2)): committed in more than one "
    "State, or prepared, directed or with substantial effects in another State."))
ORGANISED_GROUP = message(gettext_noop(
    "The offence involves an organized criminal group (UNTOC art. 2(a)): three or more "
    "persons acting in concert for a financial or other material benefit."))
SERIOUS_CRIME = message(gettext_noop(
    "The offence is a serious crime (UNTOC art. 2(b)): punishable by deprivation of liberty "
    "of at least four years or a more serious penalty."))


def convention_rules(book: FactBook, profile_code: str, profile: Profile, code: str,
                     requested: str, cooperation_type: str, offence: str,
                     has_treaty: bool | None) -> Part:
    """The convention's own rules for this type of cooperation, offence and requested State."""
    parts: list[Part] = []
    if code in PROTOCOLS:
        parts.append(Part(AVAILABLE, (Reason(cite(code, "1(2)"), message(gettext_noop(
            "The Convention applies to this Protocol mutatis mutandis, and its offences are "
            "regarded as offences established under the Convention."))),)))
    if profile.organised_crime:
        parts.append(organised_crime_scope(code, profile, offence))
    rule = TYPE_RULES.get(cooperation_type) if profile.mla_rules else None
    if rule is not None:
        parts.append(rule(book, profile_code, profile, requested, has_treaty))
    elif cooperation_type in profile.by_type:
        parts.append(Part(AVAILABLE, (Reason(cite(profile_code, profile.by_type[cooperation_type]),
                                             message(gettext_noop(
            "The Convention provides for this cooperation between its States Parties, "
            "consistent with their domestic legal and administrative systems."))),)))
    else:
        parts.append(Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "The Convention provides no legal basis for this type of cooperation."))),)))
    return Part(worst(parts), tuple(r for p in parts for r in p.reasons),
                tuple(m for p in parts for m in p.confirm))


def organised_crime_scope(code: str, profile: Profile, offence: str) -> Part:
    """UNTOC art. 3: Convention offences, or serious crime; transnational and with an OCG."""
    if offence in profile.offences:
        return Part(AVAILABLE, (Reason("UNTOC art. 3(1)(a)", message(gettext_noop(
            "An offence established under UNTOC art. %(article)s: the Convention applies "
            "where it is transnational in nature and involves an organized criminal group."),
            article=profile.offences[offence])),), (TRANSNATIONAL, ORGANISED_GROUP))
    if PROTOCOLS.get(code) == offence:
        return Part(AVAILABLE, (Reason(cite(code, "4"), message(gettext_noop(
            "An offence established under the Protocol: it applies where the offence is "
            "transnational in nature and involves an organized criminal group."))),),
            (TRANSNATIONAL, ORGANISED_GROUP))
    return Part(AVAILABLE, (Reason("UNTOC art. 3(1)(b)", message(gettext_noop(
        "Not an offence established under the Convention: it applies only to serious crime "
        "that is transnational in nature and involves an organized criminal group."))),),
        (SERIOUS_CRIME, TRANSNATIONAL, ORGANISED_GROUP))


def first_fact(book: FactBook, state: str, codes: Iterable[str], name: str) -> Fact | None:
    return next((f for c in codes if (f := book.fact(state, c, name)) is not None), None)


def extradition(book: FactBook, code: str, profile: Profile, requested: str,
                has_treaty: bool | None) -> Part:
    """UNTOC art. 16 (and its parallels): a treaty, the convention as basis, or neither."""
    dual = dual_criminality(code, profile.dual_criminality)
    if has_treaty:
        return Part(AVAILABLE, (Reason(cite(code, profile.deemed_included), message(
            gettext_noop("An extradition treaty binds both States: the offences covered are "
                         "deemed included in it as extraditable offences."))), *dual.reasons),
            dual.confirm)
    requires = first_fact(book, requested, dict.fromkeys((code, *REQUIRES_TREATY_FROM)),
                          "extradition_requires_treaty")
    basis = book.fact(requested, code, "extradition_basis")
    verdict, reason = _extradition_without_treaty(code, profile, requested, requires, basis)
    if has_treaty is None and verdict == UNAVAILABLE:
        verdict = UNKNOWN  # a treaty whose status is unknown could still open the way
    return Part(verdict, (reason, *dual.reasons), dual.confirm)


def _extradition_without_treaty(code: str, profile: Profile, requested: str,
                                requires: Fact | None, basis: Fact | None) -> tuple[str, Reason]:
    said_basis = basis.value if basis else None
    needs_treaty = requires.value if requires else None
    facts = tuple(f for f in (requires, basis) if f is not None)
    if said_basis == "yes":
        return AVAILABLE, Reason(cite(code, profile.basis_notice or profile.no_treaty_basis),
                                 message(gettext_noop(
            "%(state)s takes the Convention as the legal basis for extradition."),
            state=requested), facts)
    if needs_treaty == "no":
        return AVAILABLE, Reason(cite(code, profile.no_treaty_required), message(gettext_noop(
            "%(state)s does not make extradition conditional on a treaty: the offences "
            "covered are extraditable between the two States."), state=requested), facts)
    if not profile.notice_required:
        return CONDITIONAL, Reason(cite(code, profile.no_treaty_basis), message(gettext_noop(
            "Without a treaty, %(state)s may consider the Convention as the legal basis for "
            "extradition (no notification is required)."), state=requested), facts)
    if needs_treaty == "yes" and said_basis == "no":
        return UNAVAILABLE, Reason(cite(code, profile.basis_notice), message(gettext_noop(
            "%(state)s makes extradition conditional on a treaty and has notified that it "
            "does not take the Convention as the legal basis."), state=requested), facts)
    if needs_treaty == "yes":
        return UNKNOWN, Reason(cite(code, profile.basis_notice), message(gettext_noop(
            "%(state)s makes extradition conditional on a treaty, and whether it has notified "
            "that it takes the Convention as the legal basis is not known."),
            state=requested), facts)
    return UNKNOWN, Reason(cite(code, profile.no_treaty_basis), message(gettext_noop(
        "Whether %(state)s makes extradition conditional on a treaty, and whether it takes "
        "the Convention as the legal basis, is not known."), state=requested), facts)


def mutual_assistance(book: FactBook, code: str, profile: Profile, requested: str,
                      has_treaty: bool | None) -> Part:
    """UNTOC art. 18(7): the MLA treaty between them, or the Convention's own paragraphs."""
    article = cite(code, profile.mla_treaty)
    if has_treaty:
        return Part(CONDITIONAL, (Reason(article, message(gettext_noop(
            "A treaty on mutual legal assistance binds both States: its provisions apply, "
            "and %(rules)s apply instead only if both States agree."),
            rules=cite(code, profile.mla_rules))),),
            (message(gettext_noop("Both States agree to apply the Convention's own rules "
                                  "instead of their treaty's, if that is wanted.")),))
    if has_treaty is None:
        return Part(AVAILABLE, (Reason(article, message(gettext_noop(
            "%(rules)s apply unless a treaty on mutual legal assistance binds both States; "
            "whether one does is not known.")
            , rules=cite(code, profile.mla_rules))),))
    return Part(AVAILABLE, (Reason(article, message(gettext_noop(
        "No treaty on mutual legal assistance is recorded as binding both States: %(rules)s "
        "apply."),
        rules=cite(code, profile.mla_rules))),))


def confiscation(book: FactBook, code: str, profile: Profile, requested: str,
                 has_treaty: bool | None) -> Part:
    """UNTOC art. 13: the procedure of art. 18, plus the content of art. 13(3)."""
    procedure = mutual_assistance(book, code, profile, requested, has_treaty)
    content = Reason(cite(code, profile.confiscation_content), message(gettext_noop(
        "A request for confiscation follows the mutual legal assistance procedure and must "
        "also contain the information listed in %(article)s."),
        article=cite(code, profile.confiscation_content)))
    return Part(procedure.verdict, (*procedure.reasons, content),
                (*procedure.confirm, message(gettext_noop(
                    "The request describes the property, states the facts and, where an order "
                    "is to be enforced, includes a legally admissible copy of it."))))


def by_agreement(book: FactBook, code: str, profile: Profile, requested: str,
                 has_treaty: bool | None, cooperation_type: str) -> Part:
    article = profile.by_type.get(cooperation_type)
    if article is None:
        return Part(UNAVAILABLE, (Reason(cite(code, ""), message(gettext_noop(
            "The Convention provides no legal basis for this type of cooperation."))),))
    return Part(CONDITIONAL, (Reason(cite(code, article), message(gettext_noop(
        "The Convention provides for it, but each case depends on the agreement of "
        "%(state)s."), state=requested)),))


TYPE_RULES = {
    "extradition": extradition,
    "mla": mutual_assistance,
    "confiscation": confiscation,
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
        "of the requested State allows it."))),),
        (message(gettext_noop("The requesting State gives an assurance of reciprocity.")),)),
    DOMESTIC_LAW: Part(CONDITIONAL, (Reason(DOMESTIC_LAW, message(gettext_noop(
        "The domestic law of the requested State on international cooperation may allow it "
        "without a treaty."))),)),
}


def non_treaty(book: FactBook, requested: str, cooperation_type: str) -> Part:
    """Reciprocity and domestic law always remain, conditional on the requested State's law."""
    reasons = [Reason("", message(gettext_noop(
        "Conditional on the law of %(state)s."), state=requested))]
    confirm: tuple[Message, ...] = ()
    if cooperation_type == "extradition":
        requires = first_fact(book, requested, REQUIRES_TREATY_FROM,
                              "extradition_requires_treaty")
        if requires is not None and requires.value == "yes":
            notice = PROFILES[requires.instrument].basis_notice
            reasons.append(Reason(cite(requires.instrument, notice), message(gettext_noop(
                "%(state)s has notified that it makes extradition conditional on a treaty: "
                "without one, its law must allow extradition on this basis."),
                state=requested), (requires,)))
        confirm = (DUAL_CRIMINALITY,)
    return Part(CONDITIONAL, tuple(reasons), confirm)


def recommend(candidates: Iterable[Candidate]) -> Instrument | None:
    """The first usable candidate in order of priority: available first, then conditional."""
    candidates = list(candidates)
    for verdict in (AVAILABLE, CONDITIONAL):
        for candidate in candidates:
            if candidate.verdict == verdict:
                return candidate.instrument
    return None


def practical(book: FactBook, requested: str, codes: Iterable[str] = ("UNTOC", "UNCAC")
              ) -> dict[str, Fact | None]:
    """The requested State's central authority and languages, from its notifications."""
    return {name: first_fact(book, requested, codes, name)
            for name in ("central_authority", "languages")}


def evaluate(book: FactBook, requesting: str, requested: str, cooperation_type: str,
             offence: str, on: dt.date) -> Finding:
    return Engine(book, on).evaluate(requesting, requested, cooperation_type, offence)
