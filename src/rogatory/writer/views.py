"""Pages of the request writer: the list of drafts, one page per step, the review.

Every page works without JavaScript. Drafts outside the user's scope answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rogatory.core.concurrency import ConflictError
from rogatory.core.decorators import permission_required
from rogatory.writer import checks, document, forms, integrations, rules, schema, services
from rogatory.writer.models import RequestDraft
from rogatory.writer.selectors import (
    colleagues,
    drafts_visible_to,
    review_authorities,
    review_queue,
    timeline,
)


def _draft(request: HttpRequest, pk: int) -> RequestDraft:
    return get_object_or_404(drafts_visible_to(request.user), pk=pk)


def _may_change(request: HttpRequest, draft: RequestDraft) -> None:
    if not request.user.has_perm("writer.change_draft", draft):
        raise PermissionDenied


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _progress(draft: RequestDraft, spec: dict, issues: list, current: str) -> list[dict]:
    entries = []
    for step in schema.steps_for(draft.kind):
        url = reverse("writer:assistance" if step.slug == "assistance" else "writer:step",
                      args=[draft.pk] if step.slug == "assistance" else [draft.pk, step.slug])
        entries.append({"title": _(step.title), "url": url, "current": step.slug == current,
                        "status": checks.step_status(spec, issues, step)})
    return entries


def _by_field(shown: list[checks.ShownIssue], step: str) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for issue in shown:
        if issue.step == step:
            grouped.setdefault(issue.field, []).append(issue)
    return grouped


def _annotate(form, prefix: str, by_field: dict) -> list[dict]:
    return [{"field": bound, "issues": by_field.pop(f"{prefix}{bound.name}", [])}
            for bound in form if not bound.is_hidden]


def _save(request: HttpRequest, draft: RequestDraft, changes: dict
          ) -> tuple[RequestDraft | None, int]:
    """The saved draft, or None with the message said and the status of the page shown
    again: 409 when someone saved first (as the directory's and the register's forms)."""
    try:
        return services.update_draft(draft, _version(request), changes), 200
    except ConflictError as error:
        messages.error(request, str(error))
        return None, 409
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None, 200


def _after_save(request: HttpRequest, draft: RequestDraft, step: str, here: str,
                next_url: str, item: int | None = None) -> HttpResponse:
    """Stay, or go on, unless the step still misses an essential: then the drafter is stopped."""
    if "continue" not in request.POST:
        messages.success(request, _("Saved."))
        return redirect(here)
    issues = checks.run(draft.spec())
    prefix = f"assistance.{item}." if item is not None else ""
    blocking = [i for i in issues if i.step == step and i.severity == rules.ERROR
                and i.field.startswith(prefix)]
    if blocking:
        messages.error(request, _("Saved, but an essential is missing: complete the fields "
                                  "marked below before you continue."))
        return redirect(here)
    messages.success(request, _("Saved."))
    return redirect(next_url)


def _next_url(draft: RequestDraft, slug: str) -> str:
    slugs = [step.slug for step in schema.steps_for(draft.kind)]
    position = slugs.index(slug)
    if position + 1 >= len(slugs):
        return reverse("writer:review", args=[draft.pk])
    following = slugs[position + 1]
    if following == "assistance":
        return reverse("writer:assistance", args=[draft.pk])
    return reverse("writer:step", args=[draft.pk, following])


# --- list and creation -------------------------------------------------------------------------

@permission_required("writer.use")
def index(request: HttpRequest) -> HttpResponse:
    form = forms.NewDraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        draft = services.create_draft(request.user, dict(form.cleaned_data))
        messages.success(request, _("The draft was created."))
        return redirect("writer:step", draft.pk, "requesting")
    drafts = drafts_visible_to(request.user)
    return render(request, "writer/index.html", {
        "drafts": drafts, "form": form, "queue_size": review_queue(request.user).count()})


@permission_required("writer.use")
@require_GET
def draft_home(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    if not request.user.has_perm("writer.change_draft", draft):
        return redirect("writer:review", draft.pk)
    return redirect("writer:step", draft.pk, "requesting")


# --- steps -------------------------------------------------------------------------------------

def _step_forms(step: schema.Step, spec: dict, ctx: rules.Context, data=None) -> dict:
    """The forms of one step, bound to `data` or filled from the spec."""
    key = step.data_key
    if step.repeat:
        return {"formset": forms.row_formset(step, data, spec.get(key) or [])}
    initial = spec.get(key) or {}
    result: dict = {}
    if step.slug == "basis":
        result["main"] = forms.form_class(step.fields, forms.BasisForm)(
            data, initial=initial, candidates=_candidates(ctx))
    else:
        result["main"] = forms.form_class(step.fields)(data, initial=initial)
    if step.slug == "requesting":
        result["top"] = forms.TitleForm(data, initial={"title": spec.get("title")})
    if step.slug == "state":
        result["top"] = forms.StateChoiceForm(data, initial={
            "requested_state": spec.get("requested_state"), "language": spec.get("language")})
    return result


def _candidates(ctx: rules.Context) -> list[tuple[str, str]]:
    found = []
    for candidate in (ctx.basis or {}).get("candidates") or []:
        instrument = candidate.get("instrument") or {}
        if instrument.get("code"):
            label = f"{instrument.get('name') or instrument['code']} — {candidate.get('verdict')}"
            found.append((instrument["code"], label))
    return found


def _changes(step: schema.Step, bound: dict) -> dict:
    if step.repeat:
        return {step.data_key: forms.rows_of(bound["formset"])}
    changes = {step.data_key: bound["main"].spec_data()}
    top = bound.get("top")
    if top is not None:
        changes.update({name: value or None for name, value in top.cleaned_data.items()})
    return changes


def _valid(bound: dict) -> bool:
    return all(form.is_valid() for form in bound.values())


@permission_required("writer.use")
def step_page(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    draft = _draft(request, pk)
    step = schema.STEP_BY_SLUG.get(slug)
    if step is None or draft.kind not in step.kinds:
        raise Http404
    if slug == "assistance":
        return redirect("writer:assistance", draft.pk)
    here = reverse("writer:step", args=[draft.pk, slug])
    spec = draft.spec()
    ctx = checks.context_for(spec)
    bound, status = None, 200
    if request.method == "POST":
        _may_change(request, draft)
        bound = _step_forms(step, spec, ctx, request.POST)
        if _valid(bound):
            saved, status = _save(request, draft, _changes(step, bound))
            if saved is not None:
                return _after_save(request, saved, slug, here, _next_url(saved, slug))
            draft = RequestDraft.objects.get(pk=draft.pk)
    forms_ = bound or _step_forms(step, spec, ctx)
    issues = rules.check(spec, ctx)
    shown = checks.present_all(issues)
    by_field = _by_field(shown, slug)
    context = {"draft": draft, "step": step, "step_title": _(step.title),
               "progress": _progress(draft, spec, issues, slug), "ctx": ctx,
               "editable": request.user.has_perm("writer.change_draft", draft)}
    if step.repeat:
        formset = forms_["formset"]
        context["formset"] = formset
        context["rows"] = [{"number": index + 1,
                            "fields": _annotate(form, f"{step.data_key}.{index}.", by_field)}
                           for index, form in enumerate(formset.forms)]
    else:
        top = forms_.get("top")
        context["top_fields"] = _annotate(top, "", by_field) if top else []
        context["fields"] = _annotate(forms_["main"], f"{step.data_key}.", by_field)
        context["form_errors"] = [*(top.non_field_errors() if top else []),
                                  *forms_["main"].non_field_errors()]
    context["step_issues"] = [issue for issues_ in by_field.values() for issue in issues_]
    context["route"] = _route_facts(ctx.route) if slug == "state" else None
    context["basis"] = ctx.basis if slug == "basis" else None
    return render(request, "writer/step.html", context, status=status)


def _route_facts(route: dict | None) -> dict | None:
    """The directory's answer, in words for the state step (unknown stays unknown)."""
    if route is None:
        return None
    requirements = route.get("requirements") or {}
    return {
        "authority": (route.get("authority") or {}),
        "languages": checks.language_names(route.get("languages") or []) or None,
        "channels": dict(schema.CHANNELS),
        "channel_list": [_(dict(schema.CHANNELS).get(code, code))
                         for code in route.get("channels") or []],
        "certified_translation": route.get("certified_translation"),
        "original_required": route.get("original_required"),
        "dual_criminality": requirements.get("dual_criminality"),
        "notes": requirements.get("notes"),
        "urgent_procedure": route.get("urgent_procedure"),
        "last_verified": route.get("last_verified"),
        "stale": route.get("stale"),
        "source": route.get("source"),
        "as_of": route.get("as_of"),
    }


# --- assistance items -----------------------------------------------------------------------

@permission_required("writer.use")
def assistance(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    if draft.kind != RequestDraft.Kind.MLA:
        raise Http404
    form = forms.AddItemForm(request.POST or None)
    status = 200
    if request.method == "POST":
        _may_change(request, draft)
        if form.is_valid():
            items = [*rules.items(draft.spec()), {"type": form.cleaned_data["type"]}]
            saved, status = _save(request, draft, {"assistance": items})
            if saved is not None:
                return redirect("writer:item", saved.pk, len(items) - 1)
    spec = draft.spec()
    issues = checks.run(spec)
    shown = checks.present_all(issues)
    rows = []
    for index, item in enumerate(rules.items(spec)):
        kind = schema.ASSISTANCE_TYPES.get(item.get("type"))
        mine = [i for i in shown if i.field.startswith(f"assistance.{index}.")]
        rows.append({"index": index, "number": index + 1,
                     "label": _(kind.label) if kind else item.get("type"),
                     "article": kind.article if kind else "",
                     "errors": sum(i.severity == rules.ERROR for i in mine),
                     "warnings": sum(i.severity == rules.WARNING for i in mine)})
    step_issues = [i for i in shown if i.step == "assistance" and not
                   i.field.startswith("assistance.")]
    return render(request, "writer/assistance.html", {
        "draft": draft, "rows": rows, "form": form, "step_issues": step_issues,
        "progress": _progress(draft, spec, issues, "assistance"),
        "next_url": _next_url(draft, "assistance"),
        "editable": request.user.has_perm("writer.change_draft", draft)}, status=status)


@permission_required("writer.use")
def item_page(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    draft = _draft(request, pk)
    spec = draft.spec()
    items = rules.items(spec)
    if draft.kind != RequestDraft.Kind.MLA or index >= len(items):
        raise Http404
    kind = schema.ASSISTANCE_TYPES[items[index]["type"]]
    form_class = forms.form_class(kind.all_fields)
    here = reverse("writer:item", args=[draft.pk, index])
    form = form_class(request.POST or None, initial=items[index])
    status = 200
    if request.method == "POST":
        _may_change(request, draft)
        if form.is_valid():
            items[index] = {"type": kind.code, **form.spec_data()}
            saved, status = _save(request, draft, {"assistance": items})
            if saved is not None:
                return _after_save(request, saved, "assistance", here,
                                   reverse("writer:assistance", args=[draft.pk]), item=index)
            draft = RequestDraft.objects.get(pk=draft.pk)
    issues = checks.run(spec)
    shown = checks.present_all(issues)
    by_field = _by_field(shown, "assistance")
    fields = _annotate(form, f"assistance.{index}.", by_field)
    item_issues = [i for issues_ in by_field.values() for i in issues_
                   if i.field.startswith(f"assistance.{index}.")]
    return render(request, "writer/item.html", {
        "draft": draft, "kind": kind, "kind_label": _(kind.label), "index": index,
        "number": index + 1, "fields": fields, "step_issues": item_issues,
        "progress": _progress(draft, spec, issues, "assistance"),
        "editable": request.user.has_perm("writer.change_draft", draft)}, status=status)


@permission_required("writer.use")
@require_POST
def item_remove(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    draft = _draft(request, pk)
    _may_change(request, draft)
    items = rules.items(draft.spec())
    if index >= len(items):
        raise Http404
    del items[index]
    if _save(request, draft, {"assistance": items})[0] is not None:
        messages.success(request, _("The item was removed."))
    return redirect("writer:assistance", draft.pk)


# --- review, documents, sharing, sending -----------------------------------------------------

@permission_required("writer.use")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    spec = draft.spec()
    issues = checks.run(spec)
    shown = checks.present_all(issues)
    titles = {step.slug: _(step.title) for step in schema.STEPS}
    groups: dict[str, dict] = {}
    for issue in shown:
        group = groups.setdefault(issue.step, {"title": titles.get(issue.step, issue.step),
                                               "url": _step_url(draft, issue.step),
                                               "issues": []})
        group["issues"].append(issue)
    jit_items = [{"index": i, "number": i + 1} for i, item in enumerate(rules.items(spec))
                 if item.get("type") == "jit"]
    share_form = None
    if request.user.has_perm("writer.share_draft", draft):
        share_form = forms.ShareForm(queryset=colleagues(draft),
                                     initial={"colleagues": draft.shared_with.all()})
    return render(request, "writer/review.html", {
        "draft": draft, "groups": groups.values(), "complete": rules.complete(issues),
        "progress": _progress(draft, spec, issues, "review"), "progress_current_review": True,
        "document_form": forms.DocumentForm(initial={"language": draft.language}),
        "jit_items": jit_items, "share_form": share_form,
        "provisional_arrest": document.asks_provisional_arrest(spec),
        "may_send": request.user.has_perm("writer.send_draft", draft),
        **_hand_over_context(request, draft),
        "exchange_node": integrations.exchange_node(draft),
        "history": draft.history.select_related("history_user")[:20]})


def _hand_over_context(request: HttpRequest, draft: RequestDraft) -> dict:
    """What the review page shows of the hand-over: the timeline, and the form the user may
    fill (submit for the author, return or accept for the reviewing officers)."""
    context: dict = {"timeline": timeline(draft), "submit_form": None,
                     "may_review": request.user.has_perm("writer.review_draft", draft)}
    if request.user.has_perm("writer.submit_draft", draft):
        authorities = review_authorities(draft)
        context["submit_form"] = forms.SubmitForm(authorities=authorities)
        context["no_reviewer"] = not authorities
    if context["may_review"]:
        context["return_form"] = forms.CommentForm(required=True, prefix="return")
        context["accept_form"] = forms.CommentForm(prefix="accept")
    return context


def _step_url(draft: RequestDraft, slug: str) -> str:
    if slug == "assistance":
        return reverse("writer:assistance", args=[draft.pk])
    if slug in schema.STEP_BY_SLUG:
        return reverse("writer:step", args=[draft.pk, slug])
    return reverse("writer:review", args=[draft.pk])


@permission_required("writer.use")
@require_GET
def document_page(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    form = forms.DocumentForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose a format and a language."))
        return redirect("writer:review", draft.pk)
    raw_item = request.GET.get("jit")
    jit_item = int(raw_item) if raw_item and raw_item.isdigit() else None
    try:
        content, filename = services.render_document(
            draft, form.cleaned_data["format"], form.cleaned_data["language"],
            form.cleaned_data["draft"], jit_item,
            provisional_arrest=request.GET.get("document") == "provisional_arrest")
    except services.NotReady:
        messages.error(request, _("The request is not complete: correct the errors listed "
                                  "below, or produce it marked as a draft."))
        return redirect("writer:review", draft.pk)
    except LookupError as error:
        raise Http404 from error
    response = HttpResponse(content, content_type=document.FORMATS[form.cleaned_data["format"]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("writer.use")
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    if not request.user.has_perm("writer.share_draft", draft):
        raise PermissionDenied
    form = forms.ShareForm(request.POST, queryset=colleagues(draft))
    if form.is_valid():
        services.share(draft, list(form.cleaned_data["colleagues"]))
        messages.success(request, _("Sharing was updated."))
    else:
        messages.error(request, _("A draft can only be shared with colleagues of its "
                                  "authority."))
    return redirect("writer:review", draft.pk)


@permission_required("writer.use")
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    if not request.user.has_perm("writer.send_draft", draft):
        raise PermissionDenied
    try:
        services.send(draft, _version(request), request.user)
    except services.NotReady:
        messages.error(request, _("The request is not complete: correct the errors first."))
    except ConflictError as error:
        messages.error(request, str(error))
    except integrations.Unavailable:
        messages.error(request, _("The case register is not available: the request was not "
                                  "sent."))
    else:
        messages.success(request, _("The request was sent and registered as an outgoing "
                                    "case."))
    return redirect("writer:review", draft.pk)


# --- handing a draft over to a central authority -----------------------------------------------

@permission_required("writer.use")
def review_queue_page(request: HttpRequest) -> HttpResponse:
    """The officer's "For review" queue; others have no queue (403)."""
    if request.user.role != "officer":
        raise PermissionDenied
    return render(request, "writer/queue.html", {"drafts": review_queue(request.user)})


def _hand_over(request: HttpRequest, draft: RequestDraft, action, done: str) -> HttpResponse:
    """Run one step of the hand-over; a conflict or an error is said on the review page."""
    try:
        action()
    except services.NotReady:
        messages.error(request, _("The request is not complete: correct the errors first."))
    except ConflictError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
        if not request.user.has_perm("writer.view_draft", RequestDraft.objects.get(pk=draft.pk)):
            return redirect("writer:review_queue")
    return redirect("writer:review", draft.pk)


def _form_errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


@permission_required("writer.use")
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    if not request.user.has_perm("writer.submit_draft", draft):
        raise PermissionDenied
    form = forms.SubmitForm(request.POST, authorities=review_authorities(draft))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("writer:review", draft.pk)
    return _hand_over(request, draft, lambda: services.submit_for_review(
        draft, _version(request), request.user, form.chosen(), form.cleaned_data["comment"]),
        _("The draft was submitted for review. You can read it, not change it, until the "
          "authority returns it."))


@permission_required("writer.use")
@require_POST
def return_draft(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    if not request.user.has_perm("writer.review_draft", draft):
        raise PermissionDenied
    form = forms.CommentForm(request.POST, required=True, prefix="return")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("writer:review", draft.pk)
    return _hand_over(request, draft, lambda: services.return_draft(
        draft, _version(request), request.user, form.cleaned_data["comment"]),
        _("The draft was returned to its author with your comment."))


@permission_required("writer.use")
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    if not request.user.has_perm("writer.review_draft", draft):
        raise PermissionDenied
    form = forms.CommentForm(request.POST, prefix="accept")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("writer:review", draft.pk)
    return _hand_over(request, draft, lambda: services.accept(
        draft, _version(request), request.user, form.cleaned_data["comment"]),
        _("Your authority took the request over: sign it and send it from this page."))
