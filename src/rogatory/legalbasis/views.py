import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from rogatory.legalbasis.forms import FinderForm
from rogatory.legalbasis.labels import (
    CITATION_NAMES,
    COOPERATION_TYPE_LABELS,
    INSTRUMENT_DATE_LABELS,
    NON_TREATY_LABELS,
    OFFENCE_LABELS,
    SOURCE_KIND_LABELS,
    VALUE_LABELS,
    VERDICT_LABELS,
)
from rogatory.legalbasis.services import find_legal_basis
from rogatory.states.models import FactKind, StateFactKind

FACT_LABELS = {**dict(FactKind.choices), **dict(StateFactKind.choices),
               **INSTRUMENT_DATE_LABELS}


def index(request: HttpRequest) -> HttpResponse:
    """The public finder: a GET form, so that an answer has a link of its own."""
    # A link may pre-fill some fields (?requested=NL): only a full query is answered.
    full = "type" in request.GET
    form = FinderForm(request.GET if full else None, initial=request.GET.dict())
    answer = groups = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        answer = find_legal_basis(data["requesting"], data["requested"], data["type"],
                                  data["offence"], data["date"])
        groups = group(answer)
    return render(request, "legalbasis/index.html", {
        "form": form, "answer": answer, "groups": groups,
        "type_label": answer and COOPERATION_TYPE_LABELS[answer["type"]],
        "offence_label": answer and OFFENCE_LABELS[answer["offence"]],
        "answer_date": answer and dt.date.fromisoformat(answer["date"]),
    })


def group(answer: dict) -> dict[str, list[dict]]:
    """What a person reads first: the recommended basis, then the others that can apply;
    what is unknown, what cannot apply and what is not applicable at all, folded away."""
    recommended = (answer["recommended"] or {}).get("code")
    on = dt.date.fromisoformat(answer["date"])
    groups: dict[str, list[dict]] = {"recommended": [], "usable": [], "unknown": [],
                                     "unavailable": [], "not_applicable": []}
    for candidate in answer["candidates"]:
        candidate["verdict_label"] = VERDICT_LABELS[candidate["verdict"]]
        for reason in candidate["reasons"]:
            reason["citation"] = citation(reason["article"], candidate["instrument"])
            for fact in reason["facts"]:
                _label_fact(fact, on)
        if candidate["instrument"]["code"] == recommended:
            key = "recommended"
        elif not candidate["applicable"]:
            key = "not_applicable"
        elif candidate["verdict"] in ("available", "conditional"):
            key = "usable"
        else:
            key = candidate["verdict"]
        groups[key].append(candidate)
    return groups


def citation(article: str, instrument: dict) -> str:
    """"EU-EAW art. 31(1)" as a reader cites it: the instrument's usual short name, or its
    title, in the reader's language; the codes are for programs."""
    code, _sep, number = article.partition(" art. ")
    if code in NON_TREATY_LABELS:
        return str(NON_TREATY_LABELS[code])
    name = CITATION_NAMES.get(code) or (instrument["name"] if code == instrument["code"]
                                        else code)
    return _("%(instrument)s, art. %(article)s") % {"instrument": name, "article": number} \
        if number else str(name)


def _label_fact(fact: dict, on: dt.date) -> None:
    fact["label"] = FACT_LABELS.get(fact["fact"], fact["fact"])
    word, space, rest = fact["value"].partition(" ")
    if word in VALUE_LABELS:  # "ratification 2004-05-26" -> the kind in the reader's language
        fact["value"] = f"{VALUE_LABELS[word]}{space}{rest}"
    fact["strength"] = SOURCE_KIND_LABELS.get(fact.get("source_kind", ""),
                                              SOURCE_KIND_LABELS[""])
    fact["as_of_date"] = dt.date.fromisoformat(fact["as_of"]) if fact["as_of"] else None
    fact["on"] = on
