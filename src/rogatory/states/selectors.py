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
    return [{"instrument": i,
             "facts": {kind: sourced(facts) for kind, facts in by_instrument[i.pk].items()}}
            for i in Instrument.objects.order_by("kind", "code")
            if i.kind != "bilateral" or state.alpha2 in i.parties]


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
