"""Reads of States, instruments and treaty facts."""

from collections import defaultdict

from django.db.models import Count, Q, QuerySet

from rogatory.states.models import Instrument, State, TreatyFact

PARTICIPATION_FACTS = ("signature", "consent", "entry_into_force")


def states_with_coverage() -> QuerySet[State]:
    """Every State with how many facts are recorded for it (participation and declarations)."""
    return State.objects.annotate(
        fact_count=Count("treaty_facts"),
        declaration_count=Count("treaty_facts",
                                filter=~Q(treaty_facts__fact__in=PARTICIPATION_FACTS)),
    ).order_by("alpha2")


def state_facts(state: State) -> list[dict]:
    """The State's facts by instrument, listing every instrument that could bind it (so that
    what is not recorded shows as unknown)."""
    by_instrument: dict[int, dict[str, TreatyFact]] = defaultdict(dict)
    for fact in state.treaty_facts.all():
        by_instrument[fact.instrument_id][fact.fact] = fact
    return [{"instrument": i, "facts": by_instrument.get(i.pk, {})}
            for i in Instrument.objects.order_by("kind", "code")
            if i.kind != "bilateral" or state.alpha2 in i.parties]


def fact_history(state: State) -> QuerySet:
    return (TreatyFact.history.filter(state_id=state.alpha2)
            .select_related("instrument").order_by("-history_date")[:50])
