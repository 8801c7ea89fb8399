"""Reads of States, instruments and treaty facts."""

from collections import defaultdict

from django.db.models import Count, Q, QuerySet

from rogatory.legalbasis.engine import decisive
from rogatory.states.models import (
    FactKind,
    Instrument,
    Membership,
    SourceKind,
    State,
    StateFact,
    TreatyFact,
)

PARTICIPATION_FACTS = ("signature", "consent", "entry_into_force", "not_party",
                       "treaty_status")
# The order facts are shown in: participation first, then declarations.
SHOWN_FACTS = (FactKind.SIGNATURE, FactKind.CONSENT, FactKind.ENTRY_INTO_FORCE,
               FactKind.TREATY_STATUS, FactKind.NOT_PARTY, FactKind.EXTRADITION_BASIS,
               FactKind.EXTRADITION_REQUIRES_TREATY, FactKind.RECIPROCITY_CONDITION,
               FactKind.DUAL_CRIMINALITY_REQUIRED, FactKind.CENTRAL_AUTHORITY,
               FactKind.LANGUAGES, FactKind.NOT_BOUND_35_2)


# Conventions first (UNTOC and its family leading), then regional instruments, then
# bilateral treaties.
KIND_ORDER = {"multilateral": 0, "regional": 1, "bilateral": 2}
LEADING = ("UNTOC", "UNTOC-TIP", "UNTOC-SOM", "UNTOC-FIR", "UNCAC", "VIENNA-1988")


def display_order(instrument: Instrument) -> tuple:
    lead = LEADING.index(instrument.code) if instrument.code in LEADING else len(LEADING)
    return KIND_ORDER[instrument.kind], lead, instrument.code
BILATERAL_FACTS = (FactKind.SIGNATURE, FactKind.ENTRY_INTO_FORCE, FactKind.TREATY_STATUS)


def states_with_coverage() -> QuerySet[State]:
    """Every State with how many facts are recorded for it (participation and declarations)."""
    return State.objects.annotate(
        fact_count=Count("treaty_facts"),
        declaration_count=Count("treaty_facts",
                                filter=~Q(treaty_facts__fact__in=PARTICIPATION_FACTS)),
    ).order_by("alpha2")


def sourced(facts: list) -> dict:
    """Facts of one kind from every source, side by side: newest first, the decisive one
    (the finder's rule, rogatory.legalbasis.engine.decisive) marked, and whether only
    secondary sources state it."""
    facts = sorted(facts, key=lambda f: f.as_of, reverse=True)
    return {"facts": facts, "decisive": decisive(facts),
            "secondary_only": all(f.source_kind == SourceKind.SECONDARY for f in facts)}


def state_facts(state: State) -> list[dict]:
    """The State's facts by instrument, listing every instrument that could bind it (so that
    what is not recorded shows as unknown): for each fact kind, every source's fact."""
    by_instrument: dict[int, dict[str, list[TreatyFact]]] = defaultdict(lambda: defaultdict(list))
    for fact in state.treaty_facts.all():
        by_instrument[fact.instrument_id][fact.fact].append(fact)
    instruments = sorted(Instrument.objects.all(), key=display_order)
    return [{"instrument": i,
             "facts": {kind: sourced(facts) for kind, facts in by_instrument[i.pk].items()}}
            for i in instruments if i.kind != "bilateral" or state.alpha2 in i.parties]


def national_law(state: State) -> list[dict]:
    by_kind: dict[str, list[StateFact]] = defaultdict(list)
    for fact in state.state_facts.all():
        by_kind[fact.fact].append(fact)
    return [{"kind": kind, "label": facts[0].get_fact_display(), **sourced(facts)}
            for kind, facts in sorted(by_kind.items())]


def memberships(state: State) -> QuerySet[Membership]:
    return state.memberships.select_related("organisation").order_by("organisation__code")


def fact_history(state: State) -> QuerySet:
    return (TreatyFact.history.filter(state_id=state.alpha2)
            .select_related("instrument").order_by("-history_date")[:50])


DECLARATION_FACTS = tuple(kind for kind in SHOWN_FACTS if kind not in PARTICIPATION_FACTS)
PARTY_EVIDENCE = ("consent", "entry_into_force")
# The instruments a State's page says are missing when nothing about them is recorded.
CORE_INSTRUMENTS = ("UNTOC", "UNCAC", "VIENNA-1988")


def coverage() -> dict:
    """What is known, per instrument and per State, and from what kind of source: the
    coverage page and its CSV files. One pass over the facts."""
    instruments = sorted(Instrument.objects.exclude(kind="bilateral"), key=display_order)
    per_instrument = {i.code: {"instrument": i, "consent": set(), "party": set(),
                               "not_party": set(), "declaration": set(),
                               "kinds": {kind: set() for kind in SourceKind.values},
                               "newest": None} for i in instruments}
    per_state: dict[str, dict] = defaultdict(_known)
    for state, code, fact, kind, as_of in TreatyFact.objects.values_list(
            "state_id", "instrument__code", "fact", "source_kind", "as_of"):
        per_state[state]["facts"] += 1
        row = per_instrument.get(code)
        if row is None:
            continue  # a bilateral treaty: counted apart
        _count(row, per_state[state], state, code, fact, kind, as_of)
    return {"instruments": [_instrument_row(row) for row in per_instrument.values()],
            "states": _state_rows(per_state),
            "bilateral": Instrument.objects.filter(kind="bilateral").count(),
            "bilateral_dated": Instrument.objects.filter(kind="bilateral")
            .exclude(adopted=None, in_force=None).count()}


def _known() -> dict:
    return {"consent": set(), "declaration": set(), "participation": set(), "facts": 0}


def _count(row: dict, state_row: dict, state: str, code: str, fact: str, kind: str,
           as_of) -> None:
    if fact == "consent":
        row["consent"].add(state)
        row["kinds"][kind].add(state)
        state_row["consent"].add(code)
    if fact in (*PARTY_EVIDENCE, "treaty_status"):
        row["party"].add(state)
    if fact in PARTICIPATION_FACTS and fact != "signature":
        state_row["participation"].add(code)
    if fact == "not_party":
        row["not_party"].add(state)
    if fact in DECLARATION_FACTS:
        row["declaration"].add(state)
        state_row["declaration"].add(code)
    row["newest"] = max(filter(None, (row["newest"], as_of)))


def _instrument_row(row: dict) -> dict:
    return {"instrument": row["instrument"], "consent": len(row["consent"]),
            "party": len(row["party"]), "not_party": len(row["not_party"]),
            "declaration": len(row["declaration"]), "newest": row["newest"],
            "by_kind": [(label, len(row["kinds"][value]))
                        for value, label in SourceKind.choices]}


def _state_rows(per_state: dict[str, dict]) -> list[dict]:
    national = dict(StateFact.objects.values_list("state_id").annotate(n=Count("id")))
    member_of = dict(Membership.objects.filter(left=None).values_list("state_id")
                     .annotate(n=Count("id")))
    rows = []
    for state in State.objects.exclude(un_status="other").order_by("alpha2"):
        known = per_state.get(state.alpha2) or _known()
        rows.append({"state": state, "facts": known["facts"],
                     "consent": sorted(known["consent"]),
                     "declaration": sorted(known["declaration"]),
                     "national_law": national.get(state.alpha2, 0),
                     "memberships": member_of.get(state.alpha2, 0),
                     "missing": [code for code in CORE_INSTRUMENTS
                                 if code not in known["participation"]]})
    return rows
