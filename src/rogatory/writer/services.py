"""Writes of the request writer, each in a transaction, each kept in the draft's history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rogatory.accounts.models import User
from rogatory.core.concurrency import save_if_current
from rogatory.writer import checks, document, integrations, rules, schema
from rogatory.writer.models import RequestDraft
from rogatory.writer.selectors import colleagues


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


def send(draft: RequestDraft, expected_version: int, by: User):
    """Register the complete request as an outgoing case and mark the draft sent."""
    spec = draft.spec()
    ctx = checks.context_for(spec)
    issues = rules.check(spec, ctx)
    if not rules.complete(issues):
        raise NotReady(issues)
    pdf = document.render(document.build(spec, ctx, draft.language), "pdf")
    reference = (spec.get("requesting") or {}).get("reference") or f"request-{draft.pk}"
    with transaction.atomic():
        current = save_if_current(draft, expected_version, {
            "status": RequestDraft.Status.SENT, "sent_at": timezone.now()})
        case = integrations.register_outgoing(
            authority=draft.authority, created_by=by, kind=case_kind(spec),
            counterpart_state=draft.requested_state_id,
            counterpart_authority=_counterpart(ctx.route),
            legal_basis=(spec.get("legal_basis") or {}).get("code") or "",
            offences=tuple(row["category"] for row in spec.get("offences") or []
                           if row.get("category")),
            urgent=checks.urgent(spec), title=draft.title, request_id=draft.pk,
            documents=[(f"{reference}.pdf", pdf)])
        current.case_id = getattr(case, "pk", None)
        current.save(update_fields=["case_id"])
    return current


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
