import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from rogatory.core.collation import collated
from rogatory.states.models import Instrument, SourceKind, State, TreatyFact
from rogatory.states.selectors import (
    BILATERAL_FACTS,
    SHOWN_FACTS,
    coverage,
    fact_history,
    memberships,
    national_law,
    state_facts,
    states_with_coverage,
)


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


def _group(group: dict) -> dict:
    """An instrument's known facts as rows, and the kinds of fact nobody states (unknown)."""
    instrument, facts = group["instrument"], group["facts"]
    kinds = BILATERAL_FACTS if instrument.kind == "bilateral" else SHOWN_FACTS
    return {"instrument": instrument, "known": bool(facts),
            "rows": [(kind.label, kind.value, facts[kind.value]) for kind in kinds
                     if kind.value in facts],
            "unknown": [kind.label for kind in kinds if kind.value not in facts]}


def detail(request: HttpRequest, alpha2: str) -> HttpResponse:
    state = State.objects.filter(alpha2=alpha2.upper()).first()
    if state is None:
        raise Http404
    groups = [_group(group) for group in state_facts(state)]
    history = (fact_history(state) if request.user.has_perm("states.view_fact_history")
               else None)
    member_of = memberships(state)
    current = {m.organisation.code for m in member_of if m.left is None}
    unknown = [g["instrument"] for g in groups if not g["known"]]
    return render(request, "states/detail.html", {
        "state": state, "groups": [g for g in groups if g["known"]],
        "unknown_instruments": [i for i in unknown if not i.open_to or i.open_to in current],
        "closed_instruments": [i for i in unknown if i.open_to and i.open_to not in current],
        "history": history, "memberships": member_of,
        "national_law": national_law(state),
    })


def coverage_page(request: HttpRequest) -> HttpResponse:
    """Public: how much is known, per instrument and per State, from what kind of source."""
    return render(request, "states/coverage.html", {"coverage": coverage()})


def _csv_response(name: str, header: list[str], rows: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def coverage_instruments_csv(request: HttpRequest) -> HttpResponse:
    return _csv_response(
        "coverage-instruments.csv",
        ["instrument", "states_with_consent_date", "states_party_evidence",
         "states_not_party", "states_with_declaration", "newest_as_of",
         *(f"consent_from_{value}" for value in SourceKind.values)],
        [[r["instrument"].code, r["consent"], r["party"], r["not_party"], r["declaration"],
          r["newest"] or "", *(count for _label, count in r["by_kind"])]
         for r in coverage()["instruments"]])


def coverage_states_csv(request: HttpRequest) -> HttpResponse:
    return _csv_response(
        "coverage-states.csv",
        ["state", "facts", "consent_known", "declarations_known", "national_law_facts",
         "memberships", "missing"],
        [[r["state"].alpha2, r["facts"], "|".join(r["consent"]), "|".join(r["declaration"]),
          r["national_law"], r["memberships"], "|".join(r["missing"])]
         for r in coverage()["states"]])
