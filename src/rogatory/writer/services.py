"""Writes of the request writer, each in a transaction, each kept in the draft's history."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rogatory.accounts.models import User
from rogatory.core.concurrency import save_if_current
from rogatory.directory.models import Authority
from rogatory.writer import checks, document, integrations, rules, schema
from rogatory.writer.models import RequestDraft, ReviewEvent
from rogatory.writer.selectors import colleagues, officers_of, review_authorities


class NotReady(Exception):
    """The request still has errors: it cannot be sent."""

    def __init__(self, issues: list[rules.Issue]):
        self.issues = issues
        super().__init__(_("The request is not complete: correct the errors first."))


def _structural_errors(spec: dict) -> None:
    errors = schema.validate_spec(spec)
    if errors:
        raise ValidationError({path or "spec": [_(message)] for path, message in errors.items()})


@transaction.atomic
def create_draft(author: User, spec: dict) -> RequestDraft:
    """A new draft by `author`, in the author's authority and State."""
    spec = {"kind": "mla", **spec}
    _structural_errors(spec)
    columns, content = RequestDraft.split_spec(spec)
    if not columns.get("title"):
        raise ValidationError({"title": [_("Give the draft a title.")]})
    requesting = (author.authority.name_en or author.authority.name) if author.authority else ""
    content.setdefault("requesting", {"authority": requesting} if requesting else {})
    draft = RequestDraft(author=author, authority=author.authority,
                         requesting_state_id=author.state_id, content=content, **columns)
    draft.full_clean()
    draft.save()
    return draft


KEPT_ON_REPLACE = ("kind", "title", "language", "requesting_state", "requested_state")


def update_draft(draft: RequestDraft, expected_version: int, changes: dict,
                 replace: bool = False) -> RequestDraft:
    """Replace the top-level values and sections given in `changes`; the other sections are
    kept, or emptied when `replace`."""
    if draft.is_sent:
        raise ValidationError(_("A request that was sent can no longer be changed."))
    current = draft.spec()
    if replace:
        current = {key: current[key] for key in KEPT_ON_REPLACE}
    merged = {**current, **changes}
    _structural_errors(merged)
    columns, content = RequestDraft.split_spec(merged)
    return save_if_current(draft, expected_version, {**columns, "content": content})


def save_step(draft: RequestDraft, expected_version: int, key: str, data) -> RequestDraft:
    """Save one step's data (a dict, or a list of rows for repeating steps)."""
    return update_draft(draft, expected_version, {key: data})


@transaction.atomic
def share(draft: RequestDraft, users: list[User]) -> RequestDraft:
    allowed = set(colleagues(draft).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in users):
        raise ValidationError(_("A draft can only be shared with colleagues of its authority."))
    draft.shared_with.set(users)
    return draft


def case_kind(spec: dict) -> str:
    if spec.get("kind") == "extradition":
        return "extradition"
    kinds = {schema.ASSISTANCE_TYPES[item["type"]].case_kind for item in rules.items(spec)
             if item.get("type") in schema.ASSISTANCE_TYPES}
    return kinds.pop() if len(kinds) == 1 else "mla"


SENDABLE = (RequestDraft.Status.DRAFT, RequestDraft.Status.RETURNED,
            RequestDraft.Status.ACCEPTED)


def send(draft: RequestDraft, expected_version: int, by: User, *,
         finish_pdf: Callable[[bytes], bytes] | None = None):
    """Register the complete request as an outgoing case of the sending authority (the
    reviewing one for a draft it accepted) and mark the draft sent. `finish_pdf` changes the
    rendered PDF before it is stored (the exchange signs it: the case keeps what is sent)."""
    if draft.status not in SENDABLE:
        raise ValidationError(_("This request cannot be sent in its present state."))
    spec = draft.spec()
    ctx = _complete_context(spec)
    pdf = document.render(document.build(spec, ctx, draft.language), "pdf")
    if finish_pdf is not None:
        pdf = finish_pdf(pdf)
    reference = (spec.get("requesting") or {}).get("reference") or f"request-{draft.pk}"
    handed_over = draft.status == RequestDraft.Status.ACCEPTED
    with transaction.atomic():
        current = save_if_current(draft, expected_version, {
            "status": RequestDraft.Status.SENT, "sent_at": timezone.now()})
        case = integrations.register_outgoing(
            authority=Authority.objects.get(pk=draft.sending_authority_id) if handed_over
            else draft.authority, created_by=by, kind=case_kind(spec),
            counterpart_state=draft.requested_state_id,
            counterpart_authority=_counterpart(ctx.route),
            legal_basis=(spec.get("legal_basis") or {}).get("code") or "",
            offences=tuple(row["category"] for row in spec.get("offences") or []
                           if row.get("category")),
            urgent=checks.urgent(spec), title=draft.title, request_id=draft.pk,
            documents=[(f"{reference}.pdf", pdf)])
        current.case_id = getattr(case, "pk", None)
        current.save(update_fields=["case_id"])
        if handed_over:
            _record(current, ReviewEvent.Kind.SENT, by, current.review_authority)
    return current


def _complete_context(spec: dict) -> rules.Context:
    """The checks' context of a request with no error left; NotReady otherwise."""
    ctx = checks.context_for(spec)
    issues = rules.check(spec, ctx)
    if not rules.complete(issues):
        raise NotReady(issues)
    return ctx


# --- handing a draft over to a central authority (docs/writer.md) ----------------------------

def submit_for_review(draft: RequestDraft, expected_version: int, by: User,
                      authority: Authority | None = None, comment: str = "") -> RequestDraft:
    """Hand a finished draft to a central authority of its State (the first of
    `review_authorities` unless one of them is chosen); its author then only reads it."""
    choices = review_authorities(draft)
    if authority is None and choices:
        authority = choices[0]
    if authority is None or authority.pk not in {choice.pk for choice in choices}:
        raise ValidationError({"authority": [_(
            "Choose a central authority of your State that has an officer to review it.")]})
    _complete_context(draft.spec())
    return _move(draft, expected_version, by, ReviewEvent.Kind.SUBMITTED, authority, comment,
                 {"status": RequestDraft.Status.IN_REVIEW, "review_authority": authority})


def return_draft(draft: RequestDraft, expected_version: int, by: User,
                 comment: str) -> RequestDraft:
    """Give the draft back to its author, editable again, with what to change."""
    if not (comment or "").strip():
        raise ValidationError({"comment": [_("Say what the author should change.")]})
    return _move(draft, expected_version, by, ReviewEvent.Kind.RETURNED,
                 draft.review_authority, comment, {"status": RequestDraft.Status.RETURNED})


def accept(draft: RequestDraft, expected_version: int, by: User,
           comment: str = "") -> RequestDraft:
    """The reviewing authority takes the request over: its officers sign and send it."""
    _complete_context(draft.spec())
    return _move(draft, expected_version, by, ReviewEvent.Kind.ACCEPTED,
                 draft.review_authority, comment, {"status": RequestDraft.Status.ACCEPTED})


EXPECTED_STATUS = {
    ReviewEvent.Kind.SUBMITTED: (RequestDraft.Status.DRAFT, RequestDraft.Status.RETURNED),
    ReviewEvent.Kind.RETURNED: (RequestDraft.Status.IN_REVIEW,),
    ReviewEvent.Kind.ACCEPTED: (RequestDraft.Status.IN_REVIEW,),
}


def _move(draft: RequestDraft, expected_version: int, by: User, kind: str,
          authority: Authority, comment: str, changes: dict) -> RequestDraft:
    if draft.status not in EXPECTED_STATUS[kind]:
        raise PermissionDenied
    with transaction.atomic():
        current = save_if_current(draft, expected_version, changes)
        _record(current, kind, by, authority, comment)
    return current


def _record(draft: RequestDraft, kind: str, by: User, authority: Authority,
            comment: str = "") -> None:
    """Keep the step in the timeline and tell the other side once the transaction holds."""
    event = ReviewEvent(draft=draft, kind=kind, actor=by, authority=authority,
                        comment=(comment or "").strip())
    event.full_clean()
    event.save()
    if kind == ReviewEvent.Kind.SUBMITTED:
        recipients = list(officers_of(authority.pk))
    else:
        recipients = [draft.author]
    transaction.on_commit(partial(_notify, event, recipients))


def _notify(event: ReviewEvent, recipients: list[User]) -> None:
    """E-mail each recipient in its own language; nothing of the request's content but its
    title travels by e-mail."""
    context = {"event": event, "draft": event.draft,
               "site_url": getattr(settings, "SITE_URL", "")}
    for recipient in recipients:
        if not recipient.is_active or not recipient.email:
            continue
        with translation.override(recipient.email_language):
            subject = render_to_string("writer/email/review_subject.txt", context).strip()
            body = render_to_string("writer/email/review_body.txt", context)
        send_mail(subject, body, None, [recipient.email])


def _counterpart(route: dict | None):
    authority = (route or {}).get("authority") or {}
    if not authority.get("id"):
        return None
    from rogatory.directory.models import Authority

    return Authority.objects.filter(pk=authority["id"]).first()


def render_document(draft: RequestDraft, fmt: str, language: str, preview: bool = False,
                    jit_item: int | None = None,
                    provisional_arrest: bool = False) -> tuple[bytes, str]:
    """(file content, file name) of the request, of the JIT agreement of item `jit_item`, or
    of the request for provisional arrest (LookupError where the request asks none).

    Refused (NotReady) while errors remain, unless `preview`: then marked as a draft.
    """
    spec = draft.spec()
    ctx = checks.context_for(spec)
    issues = rules.check(spec, ctx)
    complete = rules.complete(issues)
    if not complete and not preview:
        raise NotReady(issues)
    watermark = "" if complete else document.DRAFT_MARK
    name = (spec.get("requesting") or {}).get("reference") or f"request-{draft.pk}"
    if provisional_arrest:
        if not document.asks_provisional_arrest(spec):
            raise LookupError("provisional arrest")
        doc = document.build_provisional_arrest(spec, ctx, language, watermark)
        name = f"{name}-provisional-arrest"
    elif jit_item is None:
        doc = document.build(spec, ctx, language, watermark)
    else:
        items = rules.items(spec)
        if not 0 <= jit_item < len(items) or items[jit_item].get("type") != "jit":
            raise LookupError(jit_item)
        doc = document.build_jit(spec, ctx, language, jit_item, watermark)
        name = f"{name}-jit-{jit_item + 1}"
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in name)[:80]
    return document.render(doc, fmt), f"{safe}-{language}.{fmt}"
