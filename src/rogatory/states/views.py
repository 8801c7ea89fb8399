from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from rogatory.core.collation import collated
from rogatory.states.models import FactKind, Instrument, State, TreatyFact
from rogatory.states.selectors import fact_history, state_facts, states_with_coverage

PARTICIPATION = [FactKind.SIGNATURE, FactKind.CONSENT, FactKind.ENTRY_INTO_FORCE]
DECLARATIONS = [FactKind.EXTRADITION_BASIS, FactKind.EXTRADITION_REQUIRES_TREATY,
                FactKind.CENTRAL_AUTHORITY, FactKind.LANGUAGES, FactKind.NOT_BOUND_35_2]


def index(request: HttpRequest) -> HttpResponse:
    language = get_language()
    states = collated(states_with_coverage(), lambda s: s.name(language), language)
    return render(request, "states/index.html", {
        "states": states,
        "instruments": Instrument.objects.exclude(kind="bilateral").order_by("kind", "code"),
        "with_facts": sum(1 for s in states if s.fact_count),
        "with_declarations": sum(1 for s in states if s.declaration_count),
        "fact_total": TreatyFact.objects.count(),
    })


def detail(request: HttpRequest, alpha2: str) -> HttpResponse:
    state = State.objects.filter(alpha2=alpha2.upper()).first()
    if state is None:
        raise Http404
    groups = [{
        "instrument": group["instrument"],
        "rows": [(kind.label, kind.value, group["facts"].get(kind.value))
                 for kind in (*PARTICIPATION, *DECLARATIONS)],
        "known": bool(group["facts"]),
    } for group in state_facts(state)]
    history = (fact_history(state) if request.user.has_perm("states.view_fact_history")
               else None)
    return render(request, "states/detail.html", {
        "state": state, "groups": [g for g in groups if g["known"]],
        "unknown_instruments": [g["instrument"] for g in groups if not g["known"]],
        "history": history,
    })
