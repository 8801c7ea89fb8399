"""Writes of the case register, each in one transaction. Permission checks that depend on
the case live here too, so pages, the API and other apps get the same answer."""

import datetime
import hashlib
import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rogatory.accounts.models import Role, User
from rogatory.cases import deadlines, files, numbering, workflow
from rogatory.cases.models import (
    AuthoritySettings,
    Case,
    CaseAction,
    CaseLink,
    CaseShare,
    Correspondence,
    Direction,
    Document,
    Kind,
    Note,
    ReferenceCounter,
    RefusalGround,
    Reminder,
    Transition,
)
from rogatory.core.concurrency import ConflictError, save_if_current
from rogatory.directory.models import Authority

logger = logging.getLogger(__name__)
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class DocumentIntegrityError(Exception):
    """A stored file no longer matches the checksum recorded when it was uploaded."""


# The files `add_document` wrote inside the innermost `atomic_documents` block.
_written: ContextVar[list[str] | None] = ContextVar("case_documents_written", default=None)


@contextmanager
def atomic_documents() -> Iterator[None]:
    """`transaction.atomic()` that also deletes the document files written inside it when
    it rolls back. Django has no on-rollback hook; writing the files on commit instead would
    leave rows naming files not there yet (reading one in the same transaction, as sealing it
    into an envelope does, would fail) and, should the write then fail, a committed row
    without its file. So files are written at once and deleted if the block raises. Nested in
    another such block, its files are handed on: the outer transaction may still roll back.
    A process killed mid-transaction still leaves its files (no code runs then)."""
    written: list[str] = []
    outer = _written.get()
    token = _written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        _delete_files(written)
        raise
    finally:
        _written.reset(token)
    if outer is not None:
        outer.extend(written)


def _delete_files(names: list[str]) -> None:
    storage = document_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError as error:  # the rollback's own error is the one to raise
            logger.error("case document file %s left after a rollback: %s", name, error)


def _today() -> datetime.date:
    return timezone.localdate()


# --- references ----------------------------------------------------------------------------

def reference_pattern(authority: Authority) -> str:
    found = AuthoritySettings.objects.filter(authority=authority).values_list(
        "reference_pattern", flat=True).first()
    return found or numbering.DEFAULT_PATTERN


def allocate_reference(authority: Authority, direction: str, kind: str, year: int) -> str:
    """The next reference of the authority for the year. The counter row is locked until the
    surrounding transaction ends, so two registrations never get the same number."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReferenceCounter.objects.get_or_create(authority=authority, year=year)
        except IntegrityError:
            pass  # created by a concurrent registration: lock it below
        counter = ReferenceCounter.objects.select_for_update().get(authority=authority, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return numbering.format_reference(reference_pattern(authority), kind, direction, year,
                                          counter.last)


# --- registration --------------------------------------------------------------------------

def _record(case: Case, source: str, target: str, user: User | None, on: datetime.date,
            note: str = "", grounds: Sequence[str] = ()) -> Transition:
    return Transition.objects.create(case=case, source=source, target=target, user=user, on=on,
                                     note=note, grounds=list(grounds))


def register_case(*, authority: Authority, created_by: User | None, direction: str, kind: str,
                  counterpart_state: str, counterpart_authority: Authority | None = None,
                  counterpart_authority_name: str = "", counterpart_reference: str = "",
                  legal_basis: str = "", offences: Iterable[str] = (), urgent: bool = False,
                  confidentiality: str = "", title: str = "", summary: str = "",
                  status: str = "", sent_at: datetime.date | None = None,
                  due_date: datetime.date | None = None, request_id: int | None = None,
                  responsible: User | None = None,
                  documents: Sequence[tuple[str, bytes]] = ()) -> Case:
    """Register a case with a fresh reference; a rule sets its due date unless one is given."""
    status = status or workflow.INITIAL[direction]
    if status == workflow.SENT or direction == workflow.INCOMING:
        sent_at = sent_at or _today()
    rule = ""
    if due_date is None:
        due_date, rule = _due_by_rule(kind, sent_at, direction, urgent)
    case = Case(
        authority=authority, direction=direction, kind=kind, title=title, summary=summary,
        status=status, counterpart_state_id=counterpart_state.upper(),
        counterpart_authority=counterpart_authority,
        counterpart_authority_name=counterpart_authority_name
        or (str(counterpart_authority) if counterpart_authority else ""),
        counterpart_reference=counterpart_reference, legal_basis=legal_basis,
        offences=list(dict.fromkeys(offences)), urgent=urgent, sent_at=sent_at,
        due_date=due_date, due_rule=rule, request_id=request_id, created_by=created_by,
        responsible=responsible or (created_by if created_by and created_by.role == Role.OFFICER
                                    else None),
        **({"confidentiality": confidentiality} if confidentiality else {}),
    )
    case.reference = "pending"  # replaced below, inside the same transaction
    case.full_clean(exclude=["reference"])
    with atomic_documents():
        case.reference = allocate_reference(authority, direction, kind,
                                            (sent_at or _today()).year)
        case._history_user = created_by  # so the history says who, even outside a request
        case.save()
        _record(case, "", status, created_by, sent_at or _today(), _("Registered."))
        for name, data in documents:
            add_document(case, name, data, created_by)
    return case


def register_outgoing(*, authority, created_by, kind: str, counterpart_state: str,
                      counterpart_authority=None, legal_basis: str = "", offences=(),
                      urgent: bool = False, title: str = "", request_id: int | None = None,
                      documents=()) -> Case:
    """An outgoing case in status `sent`, for a request that was just sent (the writer calls
    this). `documents` is a sequence of (filename, bytes) to attach."""
    return register_case(
        authority=authority, created_by=created_by, direction=Direction.OUTGOING, kind=kind,
        counterpart_state=counterpart_state, counterpart_authority=counterpart_authority,
        legal_basis=legal_basis, offences=offences, urgent=urgent, title=title,
        status=workflow.SENT, sent_at=_today(), request_id=request_id, documents=documents)


def _due_by_rule(kind: str, started: datetime.date | None, direction: str,
                 urgent: bool) -> tuple[datetime.date | None, str]:
    return deadlines.due_by_rule(kind, started,
                                 urgent_incoming=urgent and direction == workflow.INCOMING,
                                 urgent_days=settings.ROGATORY_URGENT_DUE_DAYS)


# --- workflow ------------------------------------------------------------------------------

def _check_transition(case: Case, target: str, note: str, grounds: Sequence[str],
                      grounds_text: str) -> None:
    errors = {}
    for problem in workflow.problems(case.direction, case.status, target, grounds=tuple(grounds),
                                     note=note):
        if problem == "not_allowed":
            errors["target"] = _("A case that is %(status)s cannot become %(target)s.") % {
                "status": case.get_status_display(), "target": target}
        elif problem == "grounds_required":
            errors["grounds"] = _("Give at least one ground of refusal.")
        elif problem == "grounds_not_refusal":
            errors["grounds"] = _("Grounds of refusal are given only when the request is "
                                  "refused.")
        elif problem == "note_required":
            errors["note"] = _("Say why in the note.")
    unknown = set(grounds) - set(RefusalGround.values)
    if unknown:
        errors["grounds"] = _("Unknown ground of refusal: %(codes)s") % {
            "codes": ", ".join(sorted(unknown))}
    if RefusalGround.OTHER in grounds and not grounds_text.strip():
        errors["grounds_text"] = _("Explain the other ground of refusal.")
    if grounds_text.strip() and not grounds:
        errors["grounds_text"] = _("Grounds of refusal are given only when the request is "
                                   "refused.")
    if errors:
        raise ValidationError(errors)


def transition(case: Case, user: User, target: str, *, on: datetime.date | None = None,
               note: str = "", grounds: Sequence[str] = (), grounds_text: str = "",
               expected_version: int | None = None, responsible: User | None = None) -> Case:
    """Move a case along its workflow, if the table allows it and the user may."""
    if not user.has_perm("cases.transition_case", case):
        raise PermissionDenied
    return move_for_system(case, user, target, on=on, note=note, grounds=grounds,
                           grounds_text=grounds_text, expected_version=expected_version,
                           responsible=responsible)


def move_for_system(case: Case, actor: User, target: str, *, on: datetime.date | None = None,
                    note: str = "", grounds: Sequence[str] = (), grounds_text: str = "",
                    expected_version: int | None = None,
                    responsible: User | None = None) -> Case:
    """`transition` without the permission check, for moves the system makes on its own
    authority (the exchange applying the requested side's signed status): the workflow's
    rules, the history and the summary triggers apply alike; `actor` is named in the
    history."""
    on = on or _today()
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError(current.version)
        _check_transition(current, target, note, grounds, grounds_text)
        source = current.status
        changes: dict = {"status": target}
        if target == workflow.STARTED[current.direction] and current.sent_at is None:
            changes["sent_at"] = on
        if target in workflow.CLOSED:
            changes["closed_at"] = on
            start = changes.get("sent_at", current.sent_at)
            changes["days_to_outcome"] = (on - start).days if start else None
        else:
            changes.update(closed_at=None, days_to_outcome=None)
        if target == workflow.REFUSED:
            changes.update(refusal_grounds=list(dict.fromkeys(grounds)),
                           refusal_text=grounds_text)
        if responsible is not None:
            changes["responsible"] = responsible
        if current.due_rule and "sent_at" in changes:
            changes["due_date"], _rule = _due_by_rule(current.kind, changes["sent_at"],
                                                      current.direction, current.urgent)
        updated = save_if_current(current, current.version, changes)
        _record(updated, source, target, actor, on, note, grounds)
    return updated


def update_case(case: Case, user: User, expected_version: int, changes: dict) -> Case:
    """Edit a case's particulars (not its status: that is `transition`)."""
    if not user.has_perm("cases.change_case", case):
        raise PermissionDenied
    changes = {k: v for k, v in changes.items()
               if k not in {"status", "authority", "direction", "reference", "version"}}
    if "due_date" in changes and changes["due_date"] != case.due_date:
        changes["due_rule"] = ""  # set by hand now
    if changes.get("due_date", case.due_date) is None:  # none by hand: the rules may set one
        changes["due_date"], changes["due_rule"] = _due_by_rule(
            case.kind, changes.get("sent_at", case.sent_at), case.direction,
            changes.get("urgent", case.urgent))
    return save_if_current(case, expected_version, changes)


def extend_preservation(case: Case, user: User, expected_version: int,
                        days: int = deadlines.EXTENSION_DAYS) -> Case:
    if not user.has_perm("cases.change_case", case):
        raise PermissionDenied
    if case.kind != Kind.E_EVIDENCE_PRESERVATION or not case.is_open or case.due_date is None:
        raise ValidationError(_("Only an open preservation with an expiry date can be "
                                "extended."))
    updated = save_if_current(case, expected_version, {
        "due_date": case.due_date + datetime.timedelta(days=days)})
    Note.objects.create(case=updated, author=user, text=_(
        "Preservation extended by %(days)s days, to %(date)s.") % {
            "days": days, "date": updated.due_date.isoformat()})
    return updated


# --- links and shares ----------------------------------------------------------------------

LINK_RULES = {
    CaseLink.Type.FOLLOW_UP: ({Kind.E_EVIDENCE_PRESERVATION}, {Kind.MLA}),
}


def link_cases(source: Case, target: Case, link_type: str, user: User) -> CaseLink:
    """Link two cases the user may change; the link's type must fit the cases."""
    if not (user.has_perm("cases.change_case", source)
            and user.has_perm("cases.view_case", target)):
        raise PermissionDenied
    if source.pk == target.pk:
        raise ValidationError(_("A case cannot be linked to itself."))
    if link_type == CaseLink.Type.FOLLOW_UP and not (
            source.kind == Kind.E_EVIDENCE_PRESERVATION and target.kind == Kind.MLA):
        raise ValidationError(_("A follow-up link goes from a preservation to an MLA request."))
    if link_type == CaseLink.Type.TRIGGERED and not (
            source.direction == Direction.INCOMING and target.direction == Direction.OUTGOING):
        raise ValidationError(_("This link goes from an incoming request to an outgoing one."))
    link, _created = CaseLink.objects.get_or_create(source=source, target=target, type=link_type,
                                                   defaults={"created_by": user})
    return link


SHAREABLE_ROLES = (Role.OFFICER, Role.PRACTITIONER)


def _cannot_share() -> ValidationError:
    """One answer for an unknown address, an inactive account and a role that may not
    receive cases, so that sharing tells nobody which addresses have accounts, or what role."""
    return ValidationError(_("The case cannot be shared with this address: it must be the "
                             "e-mail address of an active officer or practitioner."))


def share_case(case: Case, with_user: User, user: User) -> CaseShare:
    if not user.has_perm("cases.share_case", case):
        raise PermissionDenied
    if with_user.role not in SHAREABLE_ROLES or not with_user.is_active:
        raise _cannot_share()
    share, created = CaseShare.objects.get_or_create(case=case, user=with_user,
                                                     defaults={"shared_by": user})
    if created and with_user.email:
        _mail(with_user, "cases/email/shared", {"case": case, "shared_by": user})
    return share


def share_case_by_email(case: Case, email: str, user: User) -> CaseShare:
    if not user.has_perm("cases.share_case", case):
        raise PermissionDenied
    person = User.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        raise _cannot_share()
    return share_case(case, person, user)


def unshare_case(share: CaseShare, user: User) -> None:
    if not user.has_perm("cases.share_case", share.case):
        raise PermissionDenied
    share.delete()


# --- actions, correspondence, notes --------------------------------------------------------

def add_action(case: Case, user: User, title: str, due_date: datetime.date,
               assigned_to: User | None = None) -> CaseAction:
    if not user.has_perm("cases.change_case", case):
        raise PermissionDenied
    action = CaseAction(case=case, title=title, due_date=due_date, created_by=user,
                        assigned_to=assigned_to or user)
    action.full_clean()
    action.save()
    return action


def complete_action(action: CaseAction, user: User, expected_version: int,
                    on: datetime.date | None = None) -> CaseAction:
    if not user.has_perm("cases.change_case", action.case):
        raise PermissionDenied
    return save_if_current(action, expected_version, {"done_at": on or _today()})


def add_correspondence(case: Case, user: User, **fields) -> Correspondence:
    if not user.has_perm("cases.add_correspondence", case):
        raise PermissionDenied
    entry = Correspondence(case=case, created_by=user, **fields)
    entry.full_clean()
    entry.save()
    return entry


def add_note(case: Case, user: User, text: str) -> Note:
    if not user.has_perm("cases.add_note", case):
        raise PermissionDenied
    note = Note(case=case, author=user, text=text)
    note.full_clean()
    note.save()
    return note


# --- documents -----------------------------------------------------------------------------

def document_storage() -> FileSystemStorage:
    """Under MEDIA_ROOT, with no public URL: files are served only by the checked view."""
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "cases", base_url=None)


def max_document_bytes() -> int:
    return getattr(settings, "CASES_MAX_DOCUMENT_BYTES", MAX_DOCUMENT_BYTES)


def check_document(name: str, data: bytes) -> str:
    """The content type of an acceptable document, or ValidationError saying why not."""
    limit = max_document_bytes()
    if len(data) > limit:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {
            "mb": limit // (1024 * 1024)})
    if not data:
        raise ValidationError(_("The file is empty."))
    kind, problem = files.check(name, data)
    if problem == "type_not_allowed":
        raise ValidationError(_("This type of file is not accepted. Use PDF, DOCX, XLSX, ODT, "
                                "PNG, JPEG, TIFF or plain text."))
    if problem == "extension_mismatch":
        raise ValidationError(_("The file's content does not match its name's extension."))
    return files.ALLOWED[kind][0]


def add_document(case: Case, name: str, data: bytes, user: User | None,
                 description: str = "") -> Document:
    """Store a file with a random name (never the user's path) and its SHA-256. Inside
    `atomic_documents`, the file goes if that transaction rolls back."""
    content_type = check_document(name, data)
    stored_name = f"{case.authority_id}/{uuid.uuid4().hex}"
    storage = document_storage()
    saved = storage.save(stored_name, ContentFile(data))
    if (written := _written.get()) is not None:
        written.append(saved)
    try:
        with transaction.atomic():
            return Document.objects.create(
                case=case, name=files.display_name(name), stored_name=saved,
                content_type=content_type, size=len(data),
                sha256=hashlib.sha256(data).hexdigest(), description=description,
                uploaded_by=user)
    except Exception:
        storage.delete(saved)
        raise


def read_document(document: Document) -> bytes:
    """The stored bytes, verified against the recorded checksum."""
    with document_storage().open(document.stored_name, "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        logger.error("case document %s fails its checksum", document.pk)
        raise DocumentIntegrityError(document.pk)
    return data


# --- reminders -----------------------------------------------------------------------------

def _reminder_items(on: datetime.date):
    """(case, action or None, due date, recipient) for every open dated item."""
    last = max(stage.offset for stage in deadlines.STAGES)
    first = min(stage.offset for stage in deadlines.STAGES)
    window = (on - datetime.timedelta(days=last + 30), on - datetime.timedelta(days=first))
    cases = (Case.objects.exclude(status__in=workflow.CLOSED)
             .filter(due_date__range=window, responsible__isnull=False)
             .select_related("responsible"))
    for case in cases:
        yield case, None, case.due_date, case.responsible
    actions = (CaseAction.objects.filter(done_at__isnull=True, due_date__range=window,
                                         assigned_to__isnull=False)
               .exclude(case__status__in=workflow.CLOSED)
               .select_related("case", "assigned_to"))
    for action in actions:
        yield action.case, action, action.due_date, action.assigned_to


def send_reminders(on: datetime.date | None = None) -> list[Reminder]:
    """E-mail each responsible person once per item, due date and stage reached."""
    on = on or _today()
    sent = []
    for case, action, due, recipient in _reminder_items(on):
        stage = deadlines.current_stage(due, on)
        if stage is None or not recipient.is_active or not recipient.email:
            continue
        if not recipient.has_perm("cases.view_case", case):
            continue  # moved to another authority: no case content by e-mail
        with transaction.atomic():
            reminder, created = Reminder.objects.get_or_create(
                case=case, action=action, due_date=due, stage=stage.code, recipient=recipient,
                defaults={"sent_at": timezone.now()})
            if not created:
                continue
            _mail_reminder(case, action, due, stage.code, recipient, on)
        sent.append(reminder)
    return sent


def _mail_reminder(case: Case, action: CaseAction | None, due: datetime.date, stage: str,
                   recipient: User, on: datetime.date) -> None:
    context = {"case": case, "action": action, "due": due, "stage": stage, "today": on,
               "days": (due - on).days, "lapsing": case.kind == Kind.E_EVIDENCE_PRESERVATION}
    _mail(recipient, "cases/email/reminder", context)


def _mail(recipient: User, template: str, context: dict) -> None:
    """E-mail `template`_subject.txt and _body.txt, written in the recipient's language."""
    context = {"site_url": getattr(settings, "SITE_URL", ""), **context}
    with translation.override(recipient.email_language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    send_mail(subject, body, None, [recipient.email])
