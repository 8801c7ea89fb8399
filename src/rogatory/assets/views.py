import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rogatory.assets import proposal, reports, selectors, services, texts
from rogatory.assets.forms import (
    AgreeForm,
    ArrangementForm,
    AssetForm,
    ClaimForm,
    CostFormSet,
    DecideClaimForm,
    FilterForm,
    LinkCaseForm,
    ProposalForm,
    ShareFormSet,
    TransferForm,
    TransitionForm,
)
from rogatory.assets.models import Asset, Claim
from rogatory.cases.forms import DateRangeForm
from rogatory.cases.selectors import visible_cases
from rogatory.core.concurrency import ConflictError
from rogatory.core.decorators import permission_required
from rogatory.core.documents import render_docx, render_pdf
from rogatory.core.exports import csv_response

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _asset(request: HttpRequest, pk: int) -> Asset:
    """The asset if the user may see it; 404 otherwise (no existence leak)."""
    return get_object_or_404(selectors.visible_assets(request.user)
                             .select_related("location_state"), pk=pk)


def _changeable(request: HttpRequest, pk: int) -> Asset:
    asset = _asset(request, pk)
    if not request.user.has_perm("assets.change_asset", asset):
        raise PermissionDenied
    return asset


def _errors(form, error: ValidationError | ConflictError) -> None:
    if isinstance(error, ConflictError):
        form.add_error(None, str(error))
    elif hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if (user.is_authenticated and not user.has_perm("assets.view_register")
            and user.has_perm("assets.view_statistics")):
        return redirect("assets:report")
    return register(request)


@permission_required("assets.view_register")
def register(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    assets = selectors.filter_assets(selectors.visible_assets(request.user),
                                     data.get("stage", ""), data.get("type", ""),
                                     data.get("q", ""))
    page = Paginator(assets.prefetch_related("cases"), 50).get_page(request.GET.get("page"))
    return render(request, "assets/register.html", {"form": form, "page": page})


@permission_required("assets.create_asset")
def create(request: HttpRequest) -> HttpResponse:
    cases = selectors.linkable_cases(request.user)
    initial = {"cases": request.GET.getlist("case")}
    form = AssetForm(request.POST or None, cases=cases, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            asset = services.create_asset(request.user, list(data.pop("cases")), **data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The asset was registered."))
            return redirect("assets:detail", asset.pk)
    return render(request, "assets/asset_form.html", {"form": form})


@permission_required("assets.view_register")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _changeable(request, pk)
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in services.ASSET_FIELDS}
        try:
            asset = services.update_asset(Asset.objects.get(pk=asset.pk), request.user,
                                          form.cleaned_data.get("version") or 0, changes)
        except (ConflictError, ValidationError) as error:
            _errors(form, error)
            return render(request, "assets/asset_form.html", {"form": form, "asset": asset},
                          status=409 if isinstance(error, ConflictError) else 400)
        messages.success(request, _("The asset was saved."))
        return redirect("assets:detail", asset.pk)
    return render(request, "assets/asset_form.html", {"form": form, "asset": asset})


def _detail_context(request: HttpRequest, asset: Asset, **forms) -> dict:
    user = request.user
    can_change = user.has_perm("assets.change_asset", asset)
    result = selectors.disposal(asset, get_language())
    currency = result.base.currency if result.base else ""
    context = {
        "asset": asset, "can_change": can_change, "result": result, "currency": currency,
        "cases": asset.cases.filter(pk__in=visible_cases(user).values("pk")),
        "events": asset.events.select_related("user", "case"),
        "claims": asset.claims.all(),
        "transfers": asset.transfers.select_related("claim", "share", "share__state"),
        "steps": _steps(result, currency),
        "problems": [texts.sharing_problem(code, params, result.labels)
                     for code, params in result.problems],
        "history": asset.history.select_related("history_user")[:20],
        "proposal_form": ProposalForm(initial={"language": get_language()}),
    }
    if can_change:
        arrangement = result.arrangement
        recipients = [(line.key, f"{line.label} ({texts.money(line.outstanding, currency)})")
                      for line in result.lines if line.outstanding > 0]
        context.update(
            transition_form=TransitionForm(asset=asset, cases=context["cases"]),
            claim_form=ClaimForm(initial={"currency": currency}),
            link_form=LinkCaseForm(),
            agree_form=AgreeForm(initial={"version": arrangement.version}) if arrangement
            else None,
            transfer_form=TransferForm(recipients=recipients) if recipients else None)
    context.update(forms)
    return context


def _steps(result: selectors.Disposal, currency: str) -> list[dict]:
    if result.calculation is None:
        return []
    return [{"code": step.code,
             "label": texts.step_label(step.code, result.labels.get(step.label, step.label)),
             "amount": texts.money(step.amount, currency),
             "balance": texts.money(step.balance, currency)}
            for step in result.calculation.steps]


def _render_detail(request: HttpRequest, asset: Asset, status: int = 200, **forms):
    return render(request, "assets/detail.html", _detail_context(request, asset, **forms),
                  status=status)


@permission_required("assets.view_register")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _asset(request, pk))


@require_POST
@permission_required("assets.view_register")
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _changeable(request, pk)
    form = TransitionForm(request.POST, asset=asset,
                          cases=asset.cases.filter(pk__in=visible_cases(request.user)))
    if form.is_valid():
        data = form.cleaned_data
        change = services.StageChange(
            target=data["to"], on=data["on"], reference=data["reference"], case=data["case"],
            ordered_by=data["ordered_by"], amount=data["amount"], currency=data["currency"],
            note=data["note"])
        try:
            services.transition(asset, request.user, change, expected_version=data["version"])
        except ConflictError as error:
            messages.error(request, str(error))
            return redirect("assets:detail", asset.pk)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Stage changed."))
            return redirect("assets:detail", asset.pk)
    return _render_detail(request, asset, status=400, transition_form=form)


def _post(request: HttpRequest, asset: Asset, form, key: str, save) -> HttpResponse:
    """Validate a side form of the asset page, save it, or show the page with its errors."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except (ValidationError, ConflictError) as error:
            _errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("assets:detail", asset.pk)
    return _render_detail(request, asset, status=400, **{key: form})


@require_POST
@permission_required("assets.view_register")
def link_case(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _changeable(request, pk)

    def save(data: dict) -> None:
        case = selectors.linkable_cases(request.user).filter(
            reference=data["reference"].strip()).first()
        if case is None:
            raise ValidationError(_("No case of your authority has this reference."))
        services.link_case(asset, request.user, case)

    return _post(request, asset, LinkCaseForm(request.POST), "link_form", save)


@require_POST
@permission_required("assets.view_register")
def add_claim(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _changeable(request, pk)
    return _post(request, asset, ClaimForm(request.POST), "claim_form",
                 lambda d: services.add_claim(asset, request.user, **d))


@require_POST
@permission_required("assets.view_register")
def decide_claim(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    asset = _changeable(request, pk)
    claim = get_object_or_404(Claim, asset=asset, pk=claim_pk)
    form = DecideClaimForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_claim(claim, request.user, data["version"], data["status"],
                                  data["amount_awarded"], data["decided_on"])
        except (ValidationError, ConflictError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The claim was decided."))
    return redirect("assets:detail", asset.pk)


def _terms(costs, shares) -> tuple[list, list]:
    cost_terms = [services.CostTerm(f.cleaned_data["description"], f.cleaned_data["amount"],
                                    f.cleaned_data["currency"])
                  for f in costs if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    share_terms = [services.ShareTerm(f.cleaned_data["recipient"], f.cleaned_data["percent"],
                                      f.cleaned_data["state"], f.cleaned_data["body"],
                                      f.cleaned_data["contribution"])
                   for f in shares if f.cleaned_data]
    return cost_terms, share_terms


def _initial_terms(asset: Asset, currency: str) -> tuple[list, list]:
    arrangement = selectors.arrangement_of(asset)
    if arrangement is None:
        return [], []
    costs = [{"description": c.description, "amount": c.amount, "currency": c.currency}
             for c in arrangement.costs.all()]
    shares = [{"recipient": s.recipient, "state": s.state_id or "", "body": s.body,
               "percent": texts.percent(s.percent), "contribution": s.contribution}
              for s in arrangement.shares.all()]
    return costs, shares


@permission_required("assets.view_register")
def arrangement(request: HttpRequest, pk: int) -> HttpResponse:
    """The terms of sharing, all on one page and saved (or refused) as a whole."""
    asset = _changeable(request, pk)
    current = selectors.arrangement_of(asset)
    base, estimate = selectors.base_amount(asset)
    currency = base.currency if base else ""
    initial_costs, initial_shares = _initial_terms(asset, currency)
    form = ArrangementForm(request.POST or None, instance=current,
                           initial={"holding_state": asset.location_state_id,
                                    "legal_basis": "treaty_provision",
                                    "basis_reference": _("UNTOC art. 14(3)(b)")})
    costs = CostFormSet(request.POST or None, prefix="costs", initial=initial_costs,
                        form_kwargs={"default_currency": currency})
    shares = ShareFormSet(request.POST or None, prefix="shares", initial=initial_shares)
    if request.method == "POST" and all([form.is_valid(), costs.is_valid(), shares.is_valid()]):
        cost_terms, share_terms = _terms(costs, shares)
        data = form.cleaned_data
        try:
            services.save_arrangement(
                asset, request.user, legal_basis=data["legal_basis"],
                basis_reference=data["basis_reference"], holding_state=data["holding_state"],
                notes=data["notes"], costs=cost_terms, shares=share_terms,
                expected_version=data.get("version"))
        except (ValidationError, ConflictError) as error:
            _errors(form, error)
        else:
            messages.success(request, _("The sharing arrangement was saved."))
            return redirect("assets:detail", asset.pk)
    return render(request, "assets/arrangement_form.html", {
        "asset": asset, "form": form, "costs": costs, "shares": shares, "base": base,
        "estimate": estimate, "currency": currency, "arrangement": current,
        "base_display": texts.money(base.amount, currency) if base else ""},
        status=400 if request.method == "POST" else 200)


@require_POST
@permission_required("assets.view_register")
def agree(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _changeable(request, pk)
    current = selectors.arrangement_of(asset)
    form = AgreeForm(request.POST)
    if current is None or not form.is_valid():
        messages.error(request, _("There is no arrangement to agree."))
        return redirect("assets:detail", asset.pk)
    try:
        services.agree_arrangement(current, request.user, form.cleaned_data["version"],
                                   form.cleaned_data["agreed_on"])
    except (ValidationError, ConflictError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The arrangement is recorded as agreed."))
    return redirect("assets:detail", asset.pk)


@require_POST
@permission_required("assets.view_register")
def add_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _changeable(request, pk)
    result = selectors.disposal(asset, get_language())
    form = TransferForm(request.POST, recipients=[(line.key, line.label)
                                                  for line in result.lines])
    return _post(request, asset, form, "transfer_form", lambda d: services.record_transfer(
        asset, request.user, d["recipient"], d["amount"], d["made_on"], d["reference"]))


@permission_required("assets.view_register")
def proposal_document(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _asset(request, pk)
    form = ProposalForm(request.GET or None)
    if not form.is_valid():
        return redirect("assets:detail", asset.pk)
    language, kind = form.cleaned_data["language"], form.cleaned_data["format"]
    doc = proposal.build(asset, language)
    data = render_pdf(doc) if kind == "pdf" else render_docx(doc)
    response = HttpResponse(data, content_type="application/pdf" if kind == "pdf" else DOCX)
    response["Content-Disposition"] = content_disposition_header(True,
        f"sharing-proposal-{asset.pk}-{language}.{kind}")
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("assets.view_statistics")
def report(request: HttpRequest) -> HttpResponse:
    is_secretariat = request.user.role == "secretariat"
    form = DateRangeForm(request.GET or None, with_state=is_secretariat)
    data = form.cleaned_data if form.is_valid() else {}
    scope = selectors.statistics_scope(request.user, data.get("state") or "")
    if scope is None:
        raise PermissionDenied
    stats = selectors.asset_statistics(scope.cases, data.get("date_from"), data.get("date_to"))
    if request.GET.get("format") == "csv":
        return csv_response(f"asset-recovery-{datetime.date.today():%Y%m%d}.csv",
                            [_("Measure"), _("Item"), _("Currency"), _("Value")],
                            reports.csv_rows(stats))
    query = request.GET.copy()
    query["format"] = "csv"
    return render(request, "assets/report.html", {
        "form": form, "scope": scope, "stats": stats, "stage_rows": reports.stage_rows(stats),
        "type_rows": reports.type_rows(stats), "amount_columns": reports.amount_columns(),
        "amount_rows": reports.amount_rows(stats), "charts": reports.chart_images(stats),
        "csv_query": query.urlencode()})
