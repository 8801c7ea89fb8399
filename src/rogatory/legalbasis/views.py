from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rogatory.legalbasis.forms import FinderForm
from rogatory.legalbasis.labels import (
    COOPERATION_TYPE_LABELS,
    OFFENCE_LABELS,
    VERDICT_LABELS,
)
from rogatory.legalbasis.services import find_legal_basis


def index(request: HttpRequest) -> HttpResponse:
    """The public finder: a GET form, so that an answer has a link of its own."""
    # A link may pre-fill some fields (?requested=NL): only a full query is answered.
    full = "type" in request.GET
    form = FinderForm(request.GET if full else None, initial=request.GET.dict())
    answer = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        answer = find_legal_basis(data["requesting"], data["requested"], data["type"],
                                  data["offence"], data["date"])
        for candidate in answer["candidates"]:
            candidate["verdict_label"] = VERDICT_LABELS[candidate["verdict"]]
    return render(request, "legalbasis/index.html", {
        "form": form, "answer": answer,
        "type_label": answer and COOPERATION_TYPE_LABELS[answer["type"]],
        "offence_label": answer and OFFENCE_LABELS[answer["offence"]],
    })
