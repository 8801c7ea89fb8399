import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rogatory.cases import reports, selectors, services, workflow
from rogatory.cases.forms import (
    ActionForm,
    CaseForm,
    CorrespondenceForm,
    DateRangeForm,
    DocumentForm,
    FilterForm,
    LinkForm,
    NoteForm,
    SettingsForm,
    ShareForm,
    TransitionForm,
    VersionedForm,
)
from rogatory.cases.models import AuthoritySettings, Case, Direction, Document
from rogatory.core.concurrency import ConflictError, save_if_current
from rogatory.core.decorators import permission_required
from rogatory.core.exports import csv_response


def _case(request: HttpRequest, pk: int) -> Case:
    """The case if the user may see it; 404 otherwise (no existence leak)."""
    return get_object_or_404(selectors.visible_cases(request.user)
                             .select_related("authority", "counterpart_state", "responsible"),
                             pk=pk)


def _filters(form: FilterForm) -> selectors.CaseFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.CaseFilters(**{k: data.get(k) or default for k, default in
                                    vars(selectors.CaseFilters()).items()})


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if (user.is_authenticated and not user.has_perm("cases.view_register")
            and user.has_perm("cases.view_statistics")):
        return redirect("cases:statistics")
    return register(request)


@permission_required("cases.view_register")
def register(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    cases = selectors.filter_cases(selectors.visible_cases(request.user), _filters(form))
    page = Paginator(selectors.register_page(cases), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    values = form.cleaned_data if form.is_bound and form.is_valid() else {}
    selects = [(name, form.fields[name].label, form.fields[name].choices, values.get(name, ""))
               for name in ("direction", "status", "kind", "counterpart")]
    return render(request, "cases/register.html", {
        "form": form, "selects": selects, "page": page, "query": query.urlencode(),
        "today": selectors.today()})


@permission_required("cases.register_case")
def create(request: HttpRequest, direction: str) -> HttpResponse:
    if direction not in Direction.values:
        raise Http404
    authority_id = request.user.authority_id
    form = CaseForm(request.POST or None, authority_id=authority_id, direction=direction)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.register_case(
                authority=request.user.authority, created_by=request.user, direction=direction,
                kind=data["kind"], counterpart_state=data["counterpart_state"].pk,
                counterpart_authority_name=data["counterpart_authority_name"],
                counterpart_reference=data["counterpart_reference"],
                legal_basis=data["legal_basis"], offences=data["offences"],
                urgent=data["urgent"], confidentiality=data["confidentiality"],
                title=data["title"], summary=data["summary"], sent_at=data["sent_at"],
                due_date=data["due_date"], responsible=data["responsible"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case %(ref)s registered.") % {"ref": case.reference})
            return redirect("cases:detail", case.pk)
    return render(request, "cases/case_form.html", {"form": form, "direction": direction})


def _detail_context(request: HttpRequest, case: Case, **forms) -> dict:
    user = request.user
    can_change = user.has_perm("cases.change_case", case)
    today = selectors.today()
    context = {
        "case": case, "can_change": can_change, "today": today,
        "overdue": case.overdue,
        "lapsing": selectors.lapsing_without_follow_up(case, today),
        "transitions": case.transitions.select_related("user"),
        "actions": case.actions.select_related("assigned_to"),
        "links_out": case.links_out.select_related("target").filter(
            target__in=selectors.visible_cases(user)),
        "links_in": case.links_in.select_related("source").filter(
            source__in=selectors.visible_cases(user)),
        "correspondence": case.correspondence.all(),
        "documents": case.documents.select_related("uploaded_by"),
        "notes": case.notes.select_related("author"),
        "shares": case.shares.select_related("user") if can_change else [],
        "history": case.history.select_related("history_user")[:30],
        "note_form": NoteForm(),
        "version_form": VersionedForm(initial={"version": case.version}),
    }
    if can_change:
        context.update(
            transition_form=TransitionForm(case=case),
            action_form=ActionForm(case=case), correspondence_form=CorrespondenceForm(),
            document_form=DocumentForm(), link_form=LinkForm(), share_form=ShareForm())
    context.update(forms)
    return context


def _render_detail(request: HttpRequest, case: Case, status: int = 200, **forms) -> HttpResponse:
    return render(request, "cases/detail.html", _detail_context(request, case, **forms),
                  status=status)


@permission_required("cases.view_register")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _case(request, pk))


def _owning_officer_case(request: HttpRequest, pk: int, perm: str = "cases.change_case") -> Case:
    case = _case(request, pk)
    if not request.user.has_perm(perm, case):
        raise PermissionDenied
    return case


@permission_required("cases.view_register")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owning_officer_case(request, pk)
    form = CaseForm(request.POST or None, instance=case, authority_id=case.authority_id,
                    direction=case.direction)
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in CaseForm.Meta.fields}
        try:
            case = services.update_case(case, request.user,
                                        form.cleaned_data.get("version") or 0, changes)
        except ConflictError as error:
            form.add_error(None, str(error))
            status = 409  # someone saved first: the form comes back, nothing overwritten
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case was saved."))
            return redirect("cases:detail", case.pk)
    return render(request, "cases/case_form.html", {"form": form, "case": case,
                                                    "direction": case.direction},
                  status=status)


@require_POST
@permission_required("cases.view_register")
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owning_officer_case(request, pk, "cases.transition_case")
    form = TransitionForm(request.POST, case=case)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.transition(case, request.user, data["target"], on=data["on"],
                                note=data["note"], grounds=data["grounds"],
                                grounds_text=data["grounds_text"],
                                expected_version=data["version"])
        except ConflictError as error:
            messages.error(request, str(error))
            return redirect("cases:detail", case.pk)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Status changed."))
            return redirect("cases:detail", case.pk)
    return _render_detail(request, case, status=400, transition_form=form)


def _post_form(request: HttpRequest, case: Case, form, key: str, save) -> HttpResponse:
    """Validate a side form of the case page, save it, or show the page with its errors."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except (ValidationError, ConflictError) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError)
                           else str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:detail", case.pk)
    return _render_detail(request, case, status=400, **{key: form})


@require_POST
@permission_required("cases.view_register")
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owning_officer_case(request, pk)
    return _post_form(request, case, ActionForm(request.POST, case=case), "action_form",
                      lambda d: services.add_action(case, request.user, d["title"],
                                                    d["due_date"], d["assigned_to"]))


@require_POST
@permission_required("cases.view_register")
def complete_action(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    case = _owning_officer_case(request, pk)
    action = get_object_or_404(case.actions, pk=action_pk)
    form = VersionedForm(request.POST)
    if form.is_valid():
        try:
            services.complete_action(action, request.user, form.cleaned_data["version"])
        except ConflictError as error:
            messages.error(request, str(error))
    return redirect("cases:detail", case.pk)


@require_POST
@permission_required("cases.view_register")
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owning_officer_case(request, pk)
    form = VersionedForm(request.POST)
    if form.is_valid():
        try:
            services.extend_preservation(case, request.user, form.cleaned_data["version"])
            messages.success(request, _("The preservation was extended."))
        except (ConflictError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("cases:detail", case.pk)


@require_POST
@permission_required("cases.view_register")
def add_correspondence(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owning_officer_case(request, pk, "cases.add_correspondence")
    return _post_form(request, case, CorrespondenceForm(request.POST), "correspondence_form",
                      lambda d: services.add_correspondence(case, request.user, **d))


@require_POST
@permission_required("cases.view_register")
def add_document(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owning_officer_case(request, pk, "cases.add_document")
    form = DocumentForm(request.POST, request.FILES)

    def save(data: dict) -> None:
        upload = data["file"]
        # One byte past the limit is enough to refuse an oversized file without reading it.
        services.add_document(case, upload.name, upload.read(services.max_document_bytes() + 1),
                              request.user, data["description"])

    return _post_form(request, case, form, "document_form", save)


@permission_required("cases.view_register")
def document(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    case = _case(request, pk)
    return document_response(get_object_or_404(Document, case=case, pk=doc_pk))


def document_response(doc: Document) -> HttpResponse:
    """The file, as an attachment, only after its checksum is verified."""
    try:
        data = services.read_document(doc)
    except services.DocumentIntegrityError:
        return HttpResponseServerError(_("This file is damaged: it no longer matches the "
                                         "checksum recorded when it was uploaded."),
                                       content_type="text/plain; charset=utf-8")
    except FileNotFoundError as error:
        raise Http404 from error
    response = HttpResponse(data, content_type=doc.content_type)
    response["Content-Disposition"] = content_disposition_header(True, doc.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@permission_required("cases.view_register")
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if not request.user.has_perm("cases.add_note", case):
        raise PermissionDenied
    return _post_form(request, case, NoteForm(request.POST), "note_form",
                      lambda d: services.add_note(case, request.user, d["text"]))


@require_POST
@permission_required("cases.view_register")
def add_link(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owning_officer_case(request, pk)

    def save(data: dict) -> None:
        other = selectors.visible_cases(request.user).filter(
            reference=data["reference"].strip()).first()
        if other is None:
            raise ValidationError(_("No case with this reference that you may see."))
        services.link_cases(case, other, data["type"], request.user)

    return _post_form(request, case, LinkForm(request.POST), "link_form", save)


@require_POST
@permission_required("cases.view_register")
def share(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owning_officer_case(request, pk, "cases.share_case")

    return _post_form(request, case, ShareForm(request.POST), "share_form",
                      lambda d: services.share_case_by_email(case, d["email"], request.user))


@require_POST
@permission_required("cases.view_register")
def unshare(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    case = _owning_officer_case(request, pk, "cases.share_case")
    services.unshare_case(get_object_or_404(case.shares, pk=share_pk), request.user)
    messages.success(request, _("The case is no longer shared with this person."))
    return redirect("cases:detail", case.pk)


@permission_required("cases.register_case")
def settings_page(request: HttpRequest) -> HttpResponse:
    current, _created = AuthoritySettings.objects.get_or_create(
        authority_id=request.user.authority_id)
    form = SettingsForm(request.POST or None, instance=current,
                        initial={"version": current.version})
    if request.method == "POST" and form.is_valid():
        try:
            save_if_current(current, form.cleaned_data["version"] or 0,
                            {"reference_pattern": form.cleaned_data["reference_pattern"]})
        except ConflictError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("cases:settings")
    return render(request, "cases/settings.html", {"form": form})


@permission_required("cases.view_statistics")
def statistics(request: HttpRequest) -> HttpResponse:
    is_secretariat = request.user.role == "secretariat"
    form = DateRangeForm(request.GET or None, with_state=is_secretariat)
    data = form.cleaned_data if form.is_valid() else {}
    scope = selectors.statistics_scope(request.user, data.get("state") or "")
    if scope is None:
        raise PermissionDenied
    date_from, date_to = data.get("date_from"), data.get("date_to")
    stats = selectors.scope_statistics(scope, date_from, date_to)
    if request.GET.get("format") == "csv":
        return csv_response(f"case-statistics-{datetime.date.today():%Y%m%d}.csv",
                            [_("Breakdown"), _("Item"), _("Value")], reports.csv_rows(stats))
    months = selectors.scope_monthly_counts(scope, date_from, date_to)
    query = request.GET.copy()
    query["format"] = "csv"
    return render(request, "cases/statistics.html", {
        "form": form, "scope": scope, "stats": stats, "headline": reports.headline(stats),
        "tables": reports.tables(stats), "charts": reports.chart_images(stats, months),
        "csv_query": query.urlencode(), "closed": sorted(workflow.CLOSED)})
