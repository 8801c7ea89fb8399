"""Running the checks of `rules.py` for a request: asks the directory and the legal-basis finder
(through `integrations`) and presents the issues in the user's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import Locale
from django.utils import translation
from django.utils.translation import gettext

from rogatory.states.models import babel_locale
from rogatory.writer import integrations, rules
from rogatory.writer.schema import ASSISTANCE_TYPES, CHANNELS, E_EVIDENCE_TYPES, present


def route_assistance(spec: dict) -> str:
    """The directory's assistance type for the request's addressee."""
    if spec.get("kind") == "extradition":
        return "extradition"
    kinds = [item.get("type") for item in rules.items(spec) if item.get("type") in
             ASSISTANCE_TYPES]
    if kinds and all(kind in E_EVIDENCE_TYPES for kind in kinds):
        return "e_evidence"
    if kinds and all(ASSISTANCE_TYPES[kind].route == "asset_recovery" for kind in kinds):
        return "asset_recovery"
    return "mla"


def cooperation_type(spec: dict) -> str:
    """The legal-basis finder's cooperation type for the request."""
    if spec.get("kind") == "extradition":
        return "extradition"
    types = {ASSISTANCE_TYPES[item["type"]].cooperation for item in rules.items(spec)
             if item.get("type") in ASSISTANCE_TYPES} - {"mla"}
    return types.pop() if len(types) == 1 else "mla"


def offence_category(spec: dict) -> str:
    chosen = (spec.get("legal_basis") or {}).get("offence_category")
    if chosen:
        return chosen
    categories = [row.get("category") for row in spec.get("offences") or [] if row.get("category")]
    return categories[0] if categories else "other_serious_crime"


def urgent(spec: dict) -> bool:
    return (spec.get("urgency") or {}).get("urgent") is True


def context_for(spec: dict, today: dt.date | None = None) -> rules.Context:
    """What the directory and the finder say about this request (None where unknown)."""
    requested = spec.get("requested_state")
    route = basis = arrest_route = None
    extradition = spec.get("kind") == "extradition"
    if requested:
        # The formal request for extradition travels by the ordinary channel; its urgency is
        # the application for provisional arrest, which takes the urgent route.
        route = integrations.route(requested, route_assistance(spec),
                                   urgent(spec) and not extradition)
        if extradition and (spec.get("extradition") or {}).get("provisional_arrest") is True:
            arrest_route = integrations.route(requested, "extradition", True)
        if spec.get("requesting_state"):
            basis = integrations.find_legal_basis(spec["requesting_state"], requested,
                                                  cooperation_type(spec), offence_category(spec))
    return rules.Context(route=route, basis=basis, arrest_route=arrest_route,
                         today=today or dt.date.today())


def run(spec: dict, ctx: rules.Context | None = None) -> list[rules.Issue]:
    return rules.check(spec, ctx if ctx is not None else context_for(spec))


def language_names(codes, locale: Locale | None = None) -> str:
    locale = locale or babel_locale()
    names = [locale.languages.get(str(code).replace("-hans", "_Hans").split("-")[0], code)
             for code in codes]
    return ", ".join(names)


@dataclass(frozen=True)
class ShownIssue:
    step: str
    field: str
    severity: str
    message: str
    code: str

    def as_json(self) -> dict:
        return {"step": self.step, "field": self.field, "severity": self.severity,
                "message": self.message}


def present_issue(issue: rules.Issue) -> ShownIssue:
    """The issue in the active language, its parameters filled in."""
    params = dict(issue.params)
    for key in rules.TRANSLATED_PARAMS:
        if key in params:
            params[key] = gettext(params[key])
    for key in rules.LANGUAGE_PARAMS:
        if key in params and isinstance(params[key], list | tuple):
            params[key] = language_names(params[key])
    labels = dict(CHANNELS)
    for key in rules.CHANNEL_PARAMS:
        if key in params and isinstance(params[key], list | tuple):
            params[key] = ", ".join(gettext(labels.get(code, code)) for code in params[key])
    message = gettext(issue.message)
    return ShownIssue(issue.step, issue.field, issue.severity,
                      message % params if params else message, issue.code)


def present_all(issues: list[rules.Issue], language: str | None = None) -> list[ShownIssue]:
    if language:
        with translation.override(language):
            return [present_issue(issue) for issue in issues]
    return [present_issue(issue) for issue in issues]


def report(issues: list[rules.Issue]) -> dict:
    """The JSON of GET /api/v1/requests/{id}/check."""
    return {"complete": rules.complete(issues),
            "issues": [shown.as_json() for shown in present_all(issues)]}


def step_status(spec: dict, issues: list[rules.Issue], step) -> str:
    """"errors", "warnings", "complete" or "empty" for the progress list."""
    mine = [issue for issue in issues if issue.step == step.slug]
    if any(issue.severity == rules.ERROR for issue in mine):
        return "errors"
    if mine:
        return "warnings"
    data = spec.get(step.data_key)
    if step.slug == "state":
        data = spec.get("requested_state")
    return "complete" if present(data) else "empty"
