"""Pages of the exchange, and the inbox endpoint other nodes POST envelopes to (authenticated
by the envelope alone: its signature by a node on the trust list)."""

import json

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rogatory.cases.selectors import visible_cases
from rogatory.core.concurrency import ConflictError
from rogatory.exchange import local, selectors, services, signing
from rogatory.exchange.forms import CommentForm, InformationForm, RefuseForm, SendForm
from rogatory.exchange.models import Message
from rogatory.exchange.transport import SUBMISSION_HEADER
from rogatory.writer.selectors import drafts_visible_to


def _message(request: HttpRequest, pk: int) -> Message:
    return get_object_or_404(selectors.messages_visible_to(request.user), pk=pk)


@require_GET
def node_document(request: HttpRequest) -> JsonResponse:
    """/.well-known/rogatory-node: this node's id, endpoint, public keys and officer CA."""
    return JsonResponse(local.public_document())


@csrf_exempt
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _receive(request)
    return _inbox_page(request)


def _receive(request: HttpRequest) -> JsonResponse:
    limit = settings.EXCHANGE_MAX_ENVELOPE_BYTES
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > limit:
        return JsonResponse({"refused": "too_large", "reason": "envelope too large"}, status=413)
    data = request.read(limit + 1)
    if len(data) > limit:
        return JsonResponse({"refused": "too_large", "reason": "envelope too large"}, status=413)
    if not data:
        return JsonResponse({"refused": "empty", "reason": "no envelope"}, status=400)
    answer = services.receive(data, request.headers.get(SUBMISSION_HEADER, ""))
    return JsonResponse(answer.body, status=answer.status)


@login_required
def _inbox_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("exchange.view_inbox"):
        raise PermissionDenied
    return render(request, "exchange/inbox.html",
                  {"messages_in": selectors.inbox(request.user)[:200]})


@login_required
def message(request: HttpRequest, pk: int) -> HttpResponse:
    found = services.retrieve(_message(request, pk), request.user)
    return render(request, "exchange/message.html", {
        "message": found, "refuse_form": RefuseForm(),
        "signatures": signing.describe(found.signatures),
        "decidable": found.kind == "request" and found.direction == "incoming"
        and not found.evidences.filter(type__in=["Acceptance", "Refusal"]).exists()})


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    found = _message(request, pk)
    try:
        services.accept(found, request.user)
        flash.success(request, _("Accepted: the requesting authority is told."))
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    return redirect("exchange:message", pk=pk)


@login_required
@require_POST
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    found = _message(request, pk)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.refuse(found, request.user, form.cleaned_data["grounds"],
                            form.cleaned_data["text"])
            flash.success(request, _("Refused: the requesting authority is told."))
            return redirect("exchange:message", pk=pk)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "exchange/message.html", {
        "message": found, "refuse_form": form, "decidable": True,
        "signatures": signing.describe(found.signatures)}, status=400)


@login_required
def evidence_export(request: HttpRequest, pk: int) -> HttpResponse:
    found = _message(request, pk)
    response = HttpResponse(json.dumps(selectors.evidence_export(found), indent=2),
                            content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="evidence-{found.message_id}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send through Rogatory: a finished request, to the node serving its requested authority."""
    draft = get_object_or_404(drafts_visible_to(request.user), pk=pk)
    if not request.user.has_perm("writer.send_draft", draft):
        raise PermissionDenied
    try:
        peer, authority = services.request_peer(draft)
    except services.NotConfigured:
        peer = authority = None
    if request.method == "POST" and peer is not None and not draft.is_sent:
        return _send(request, draft, SendForm(request.POST))
    return render(request, "exchange/send.html", {
        "draft": draft, "peer": peer, "authority": authority,
        "form": SendForm(initial={"version": draft.version})})


def _send(request: HttpRequest, draft, form: SendForm) -> HttpResponse:
    from rogatory.writer.services import NotReady

    try:
        if not form.is_valid():  # only a forged version can be wrong
            raise ConflictError(draft.version)
        draft = services.send_request(draft, form.cleaned_data["version"], request.user,
                                      sign=form.cleaned_data["sign"])
    except signing.SigningFailed as error:
        flash.error(request, str(error))
        return redirect("exchange:send", pk=draft.pk)
    except NotReady:
        flash.error(request, _("The request is not complete: correct the errors first."))
        return redirect("exchange:send", pk=draft.pk)
    except ConflictError:
        flash.error(request, _("The request was changed meanwhile: check it and send again."))
        return redirect("exchange:send", pk=draft.pk)
    flash.success(request, _("Sent through Rogatory. Delivery is tracked on the case."))
    return redirect("exchange:timeline", pk=draft.case_id)


@login_required
@require_POST
def consult(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_object_or_404(drafts_visible_to(request.user), pk=pk)
    if draft.is_sent:
        raise PermissionDenied
    try:
        version = services.share_draft(draft, request.user)
    except services.NotServed:
        flash.error(request, _("No node on the trust list serves the requested authority."))
        return redirect("writer:index")
    return redirect("exchange:consultation", pk=version.consultation_id)


@login_required
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(visible_cases(request.user), pk=pk)
    events = selectors.case_timeline(request.user, case.pk)
    if not events:
        raise PermissionDenied
    return render(request, "exchange/timeline.html", {
        "case": case, "events": events, "form": InformationForm(),
        "can_write": request.user.has_perm("cases.add_correspondence", case)})


@login_required
@require_POST
def information(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(visible_cases(request.user), pk=pk)
    form = InformationForm(request.POST, request.FILES)
    if form.is_valid():
        document = form.cleaned_data["document"]
        try:
            services.send_information(case, request.user, form.cleaned_data["subject"],
                                      form.cleaned_data["text"],
                                      [document] if document else [])
            flash.success(request, _("Sent through Rogatory."))
            return redirect("exchange:timeline", pk=case.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "exchange/timeline.html", {
        "case": case, "events": selectors.case_timeline(request.user, case.pk), "form": form,
        "can_write": True}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(selectors.consultations_visible_to(request.user), pk=pk)
    versions = list(found.versions.prefetch_related("comments"))
    latest = versions[-1] if versions else None
    sections = sorted(latest.spec) if latest else []
    form = CommentForm(request.POST or None, sections=sections)
    if request.method == "POST" and latest and form.is_valid():
        try:
            services.comment(latest, request.user,
                             {form.cleaned_data["section"]: form.cleaned_data["text"]})
            return redirect("exchange:consultation", pk=pk)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "exchange/consultation.html", {
        "consultation": found, "versions": versions, "form": form},
        status=400 if request.method == "POST" else 200)
