"""Writes of the exchange, each in one transaction: sending (a message and its outbox row
together, enqueued on commit), receiving (idempotent by sender node and message id), the
evidences of each step, status messages, requests for more information and consultations."""

import datetime
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rogatory.accounts.models import User
from rogatory.cases import services as cases
from rogatory.cases import workflow
from rogatory.cases.models import Case, Correspondence, Direction, Note, Transition
from rogatory.directory.models import Authority
from rogatory.exchange import envelope, keys, local, signing, status, trustlist
from rogatory.exchange.envelope import EnvelopeRefused, EvidenceType, Header, Part
from rogatory.exchange.models import (
    Consultation,
    ConsultationComment,
    ConsultationVersion,
    Effect,
    Evidence,
    Kind,
    Message,
    Outbox,
)
from rogatory.exchange.selectors import in_chain_order
from rogatory.writer import checks, integrations
from rogatory.writer import services as writer

BODY = "body.json"
# A signed evidence is well under 2 KB; a header far longer is no evidence.
MAX_EVIDENCE_CHARS = 8192
# Status changes of an incoming case that travel back to the requesting side.
STATUS_SENT_BACK = {"received", "assigned", "under_execution", "partially_executed",
                    "executed", "refused", "returned"}


class NotServed(integrations.Unavailable):
    """No node on the trust list serves the receiving authority."""


class NotConfigured(NotServed):
    """This node has no keys or no valid trust list (`rogatory node init`,
    `rogatory trust-list import`)."""


@dataclass(frozen=True)
class Peer:
    node: str
    endpoint: str
    encryption_key: object


# --- node and trust --------------------------------------------------------------------------

def local_node():
    try:
        return local.node()
    except keys.NodeError as error:
        raise NotConfigured(str(error)) from error


def trust():
    try:
        return local.trust()
    except (OSError, ValueError, trustlist.TrustListRefused) as error:
        raise NotConfigured(str(error)) from error


def peer(node_id: str) -> Peer:
    entry = trust().nodes.get(node_id)
    key = trust().encryption_key(node_id, timezone.now())
    if entry is None or key is None:
        raise NotServed(node_id)
    return Peer(node_id, entry.endpoint, key)


def peer_serving(authority_id: int | str | None) -> Peer | None:
    """The node that serves a directory authority, by the trust list; None when none does."""
    entry = trust().node_serving(str(authority_id)) if authority_id else None
    return peer(entry.id) if entry else None


# --- evidences ---------------------------------------------------------------------------------

def issue_evidence(message: Message, kind: EvidenceType, reason: str = "") -> Evidence:
    """Sign and store an evidence of this node about `message` (once per type)."""
    node = local_node()
    found = message.evidences.filter(type=kind.value, issuer_node=node.id).first()
    if found:
        return found
    chain = in_chain_order(message.evidences.all())
    now = timezone.now()
    claims = envelope.make_evidence(
        kind, str(message.message_id), message.manifest_hash, node.id, now,
        reasons=[{"code": kind.value, "text": reason}] if reason else (),
        previous=chain[-1].token if chain else None)
    token = envelope.sign_evidence(claims, node.signing_key(now))
    return Evidence.objects.create(message=message, type=kind.value, issuer_node=node.id,
                                   issued_at=now, reason=reason, token=token)


def store_evidence(message: Message, token: str) -> Evidence:
    """Keep an evidence another node signed about `message`, once verified."""
    try:
        claims = envelope.verify_evidence(token, trust())
    except EnvelopeRefused as error:
        raise ValidationError(error.reason) from error
    if claims["message_id"] != str(message.message_id):
        raise ValidationError("evidence about another message")
    return _keep(message, claims, token)


def _keep(message: Message, claims: dict, token: str) -> Evidence:
    found, _created = Evidence.objects.get_or_create(
        message=message, type=claims["type"], issuer_node=claims["issuer_node"],
        defaults={"issued_at": envelope.parse_time(claims["time"]), "token": token,
                  "reason": "; ".join(reason["text"] for reason in claims["reasons"])})
    return found


def submission_evidence(message: Message) -> str:
    """This node's signed SubmissionAcceptance of a message it sends, which travels with the
    envelope so that the receiver's evidences chain on to it ("" if it has none)."""
    return message.evidences.filter(
        type=EvidenceType.SUBMISSION_ACCEPTANCE, issuer_node=message.sender_node,
    ).values_list("token", flat=True).first() or ""


def _check_submission(token: str, opened) -> dict | None:
    """The sender's SubmissionAcceptance that came with the envelope, verified: signed by
    the sending node's key on the trust list, about this message and manifest, first of its
    chain. None when none came (a sender older than the evidence chain across nodes)."""
    if not token:
        return None
    header, manifest_hash = opened.header, opened.manifest_hash
    if len(token) > MAX_EVIDENCE_CHARS:
        raise EnvelopeRefused("bad_evidence", "the submission evidence is too long", header,
                              manifest_hash)
    try:
        claims = envelope.verify_evidence(token, trust())
    except EnvelopeRefused as error:
        raise EnvelopeRefused("bad_evidence", f"submission evidence: {error.reason}", header,
                              manifest_hash) from error
    found = (claims["type"], claims["issuer_node"], claims["message_id"],
             claims["manifest_hash"], claims["previous_hash"])
    if found != (EvidenceType.SUBMISSION_ACCEPTANCE, header.sender_node, header.message_id,
                 manifest_hash, ""):
        raise EnvelopeRefused("bad_evidence", "the submission evidence is not the sending "
                              "node's acceptance of this message", header, manifest_hash)
    return claims


# --- sending -----------------------------------------------------------------------------------

def queue_message(*, kind: str, authority: Authority, to: Peer, recipient_authority: str,
                  body: dict, documents=(), case: Case | None = None, user: User | None = None,
                  conversation_id: uuid.UUID | None = None) -> Message:
    """Seal a message, store it with its outbox row in one transaction and enqueue its
    delivery once committed. `documents`: (name, content type, bytes)."""
    node = local_node()
    now = timezone.now()
    header = Header(
        message_id=envelope.new_id(), conversation_id=str(conversation_id or envelope.new_id()),
        kind=kind, sender_node=node.id, sender_authority=str(authority.pk),
        receiver_node=to.node, receiver_authority=recipient_authority, created=now,
        expires=now + datetime.timedelta(hours=settings.EXCHANGE_EXPIRY_HOURS))
    parts = [Part(BODY, "application/json", envelope.canonical_json(body)),
             *(Part(_part_name(index, name), content_type, data)
               for index, (name, content_type, data) in enumerate(documents, start=1))]
    sealed = envelope.seal(header, parts, node.signing_key(now), to.encryption_key)
    with transaction.atomic():
        message = Message.objects.create(
            message_id=header.message_id, conversation_id=header.conversation_id,
            direction=Message.Direction.OUTGOING, kind=kind, sender_node=node.id,
            recipient_node=to.node, sender_authority=str(authority.pk),
            recipient_authority=recipient_authority, authority=authority, case=case,
            created=now, expires=header.expires, body=body, parts=_describe(parts[1:]),
            manifest_hash=envelope.sha256_hex(envelope.manifest_bytes(header, parts)),
            envelope=sealed, created_by=user)
        outbox = Outbox.objects.create(message=message, endpoint=to.endpoint,
                                       next_attempt_at=now)
        issue_evidence(message, EvidenceType.SUBMISSION_ACCEPTANCE)
        from rogatory.exchange.tasks import deliver

        transaction.on_commit(partial(deliver.enqueue, outbox.pk))
    return message


def _part_name(index: int, name: str) -> str:
    """A part name the manifest accepts, from any file name; numbered, so never twice."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:100]
    return f"{index:02d}-{safe or 'document'}"


def _describe(parts) -> list[dict]:
    return [part.entry() for part in parts]


def request_peer(draft) -> tuple[Peer | None, Authority | None]:
    """(node, authority) where a finished request would go through Rogatory: the requested
    authority of the directory's route and the node serving it (None when none does)."""
    ctx = checks.context_for(draft.spec())
    authority = writer._counterpart(ctx.route)
    return peer_serving(authority.pk if authority else None), authority


def serving_node(draft) -> str | None:
    """The id of the node serving the requested authority of `draft`, or None (also when
    this node has no keys or trust list yet)."""
    try:
        found, _authority = request_peer(draft)
    except NotConfigured:
        return None
    return found.node if found else None


def send_request(draft, expected_version: int, user: User, sign: bool = True):
    """Send a finished request through Rogatory: registered as an outgoing case, as any
    send, and sealed to the node serving the requested authority, in one transaction. With
    `sign`, the PDF the case keeps and the envelope carries is signed by `user` (PAdES);
    signing.SigningFailed if it cannot be, and nothing is sent."""
    to, authority = request_peer(draft)
    if to is None:
        raise NotServed(draft.pk)
    consulted = Consultation.objects.filter(request_id=draft.pk, is_drafter=True).first()
    with cases.atomic_documents():
        draft = writer.send(draft, expected_version, user,
                            finish_pdf=signing.signer_for(user) if sign else None)
        case = Case.objects.get(pk=draft.case_id)
        documents = [(doc.name, doc.content_type, cases.read_document(doc))
                     for doc in case.documents.all()]
        body = {"spec": draft.spec(), "reference": case.reference, "kind": case.kind,
                "title": case.title, "urgent": case.urgent, "legal_basis": case.legal_basis,
                "offences": case.offences, "consulted_version": _consulted(consulted)}
        queue_message(kind=Kind.REQUEST, authority=draft.authority, to=to,
                      recipient_authority=str(authority.pk), body=body, documents=documents,
                      case=case, user=user,
                      conversation_id=consulted.conversation_id if consulted else None)
    return draft


def _consulted(consultation: Consultation | None) -> dict | None:
    last = consultation.versions.last() if consultation else None
    return {"number": last.number, "sha256": last.sha256} if last else None


def reply(message: Message, kind: str, body: dict, documents=(),
          user: User | None = None) -> Message:
    """A message back to the other side of `message`'s conversation."""
    outgoing = message.direction == Message.Direction.OUTGOING
    return queue_message(
        kind=kind, authority=message.authority,
        to=peer(message.recipient_node if outgoing else message.sender_node),
        recipient_authority=message.recipient_authority if outgoing
        else message.sender_authority,
        body=body, documents=documents, case=message.case, user=user,
        conversation_id=message.conversation_id)


def _send_evidence_back(message: Message, evidence: Evidence) -> None:
    reply(message, Kind.EVIDENCE, {"message_id": str(message.message_id),
                                   "token": evidence.token})


# --- receiving ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    status: int
    body: dict


def receive(data: bytes, submission: str = "") -> Answer:
    """Open, verify and store an envelope and the sender's SubmissionAcceptance that came
    with it (`submission`); the answer carries the signed Delivery evidence, chained to it.
    A duplicate (same sender node and message id) gets the same evidence and changes nothing."""
    try:
        node, now = local_node(), timezone.now()
    except NotConfigured:
        return Answer(503, {"refused": "not_configured", "reason": "this node takes no envelopes"})
    opened, submitted = None, None
    try:
        opened = envelope.open_envelope(data, node.decryption_keys(now), trust(), now,
                                        node_id=node.id,
                                        max_bytes=settings.EXCHANGE_MAX_ENVELOPE_BYTES)
        submitted = _check_submission(submission, opened)
        _check_header(opened.header)
        signatures = _signatures(opened)
        with cases.atomic_documents():  # a refused request leaves no file behind
            message, created = Message.objects.get_or_create(
                sender_node=opened.header.sender_node, message_id=opened.header.message_id,
                defaults=_incoming_fields(opened, data))
            if created:
                if submitted:
                    _keep(message, submitted, submission)
                message.signatures = signatures
                _apply(message, opened)
            delivery = issue_evidence(message, EvidenceType.DELIVERY)
    except EnvelopeRefused as refused:
        return _refused(refused.code, refused.reason, refused.header or _header(opened),
                        refused.manifest_hash or (opened.manifest_hash if opened else ""),
                        submission if submitted else None)
    except ValidationError as error:  # a request the register cannot take as it is
        return _refused("malformed", _field_errors(error)[:500], _header(opened),
                        opened.manifest_hash, submission if submitted else None)
    return Answer(200, {"evidence": delivery.token, "duplicate": not created})


def _signatures(opened) -> list[dict]:
    """What the PDFs' signatures say, checked before the transaction (pyHanko takes tens of
    ms a signature, which would hold the database's write lock); not for a duplicate."""
    header = opened.header
    if Message.objects.filter(sender_node=header.sender_node,
                              message_id=header.message_id).exists():
        return []
    return signing.check_pdfs(_documents(opened), trust().ca_certificates())


def _field_errors(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(texts)}"
                         for name, texts in error.message_dict.items())
    return "; ".join(error.messages)


def _check_header(header: Header) -> None:
    if header.kind not in Kind.values:
        raise EnvelopeRefused("malformed", f"unknown kind of message {header.kind}")
    if not Authority.objects.filter(pk=_int(header.receiver_authority)).exists():
        raise EnvelopeRefused("wrong_receiver", "no such authority in this node's directory")


def _int(value: str) -> int:
    return int(value) if str(value).isdigit() else 0


def _header(opened) -> Header | None:
    return opened.header if opened else None


def _refused(code: str, reason: str, header: Header | None, manifest_hash: str,
             submission: str | None = None) -> Answer:
    """The refusal, with a signed NonDelivery naming the message when the sender's signature
    was verified (otherwise nobody can be told: the sender gives up at expiry), chained to
    the sender's SubmissionAcceptance once that verified."""
    token = ""  # nosec B105 an evidence token, not a password
    if header is not None:
        node, now = local_node(), timezone.now()
        token = envelope.sign_evidence(envelope.make_evidence(
            EvidenceType.NON_DELIVERY, header.message_id, manifest_hash, node.id, now,
            reasons=[{"code": code, "text": reason}], previous=submission),
            node.signing_key(now))
    return Answer(422, {"refused": code, "reason": reason, "evidence": token})


def _incoming_fields(opened, data: bytes) -> dict:
    header = opened.header
    body = _body(opened)
    return {"conversation_id": header.conversation_id, "direction": Message.Direction.INCOMING,
            "kind": header.kind, "recipient_node": header.receiver_node,
            "sender_authority": header.sender_authority,
            "recipient_authority": header.receiver_authority,
            "authority_id": _int(header.receiver_authority), "created": header.created,
            "expires": header.expires, "manifest_hash": opened.manifest_hash,
            "signer_kid": opened.signer_kid, "body": body,
            "parts": _describe(_documents(opened)), "envelope": data}


def _body(opened) -> dict:
    found = next((part for part in opened.parts if part.name == BODY), None)
    try:
        body = json.loads(found.content) if found else None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise EnvelopeRefused("malformed", "the message has no body as a JSON object")
    return body


def _documents(opened) -> list:
    return [part for part in opened.parts if part.name != BODY]


def conversation_case(message: Message) -> Case | None:
    """The local case of the request that opened `message`'s conversation."""
    first = (Message.objects.filter(conversation_id=message.conversation_id, kind=Kind.REQUEST,
                                    case__isnull=False).select_related("case").first())
    return first.case if first else None


def _apply(message: Message, opened) -> None:
    handlers = {Kind.REQUEST: _open_case, Kind.EVIDENCE: _take_evidence,
                Kind.INFORMATION_REQUEST: _take_information,
                Kind.INFORMATION_ANSWER: _take_information,
                Kind.CONSULTATION: _take_version, Kind.COMMENT: _take_comments,
                Kind.STATUS: _take_status}
    if message.kind != Kind.REQUEST:
        message.case = conversation_case(message)
    handler = handlers.get(message.kind)
    if handler:
        handler(message, opened)
    message.save()


def exchange_account(authority: Authority) -> User:
    """Who registers the cases other nodes open here, as the register's history names it: an
    account per State nobody can sign in with (inactive, no usable password, not an
    officer)."""
    email = f"exchange.{authority.state_id.lower()}@rogatory.invalid"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, is_active=False, state_id=authority.state_id,
                                        full_name="Rogatory exchange")
    return user


def _open_case(message: Message, opened) -> None:
    """An incoming case at the receiving authority, pre-filled from the structured request,
    with the documents attached (their checksums checked against the signed manifest)."""
    body, spec = message.body, message.body.get("spec") or {}
    sender = Authority.objects.filter(pk=_int(message.sender_authority)).first()
    message.case = cases.register_case(
        authority=message.authority, created_by=exchange_account(message.authority),
        direction=Direction.INCOMING,
        kind=body.get("kind") or "mla",
        counterpart_state=(sender.state_id if sender else spec.get("requesting_state") or ""),
        counterpart_authority=sender, counterpart_reference=str(body.get("reference", ""))[:100],
        legal_basis=str(body.get("legal_basis") or "")[:40],
        offences=[code for code in body.get("offences") or [] if isinstance(code, str)],
        urgent=bool(body.get("urgent")), title=str(body.get("title") or "")[:200],
        summary=str((spec.get("facts") or {}).get("summary") or "")[:5000]
        if isinstance(spec.get("facts"), dict) else "")
    _attach(message, opened)


def _attach(message: Message, opened) -> None:
    """Attach the documents to the message's case, each stored file checked against the
    signed manifest's hash."""
    signed = {entry["name"]: entry["sha256"] for entry in json.loads(opened.manifest)["parts"]}
    for part in _documents(opened):
        document = cases.add_document(message.case, part.name, part.content, None,
                                      description=_("Received through Rogatory"))
        if document.sha256 != signed[part.name]:
            raise EnvelopeRefused("tampered_part", f"{part.name} was not stored as signed")


def _take_evidence(message: Message, opened) -> None:
    original = Message.objects.filter(message_id=message.body.get("message_id"),
                                      direction=Message.Direction.OUTGOING,
                                      recipient_node=message.sender_node).first()
    if original is None:
        raise EnvelopeRefused("malformed", "evidence about an unknown message")
    store_evidence(original, str(message.body.get("token", "")))
    message.case = original.case


def _take_information(message: Message, opened) -> None:
    if message.case is None:
        raise EnvelopeRefused("malformed", "no request in this conversation")
    _attach(message, opened)
    Correspondence.objects.create(
        case=message.case, way=Correspondence.Way.RECEIVED,
        type=(Correspondence.Type.INFORMATION_REQUEST
              if message.kind == Kind.INFORMATION_REQUEST else Correspondence.Type.SUPPLEMENTARY),
        on=timezone.localdate(), party=str(message.case.counterpart_display())[:300],
        subject=str(message.body.get("subject") or message.get_kind_display())[:300],
        summary=str(message.body.get("text") or ""))


# --- status back -------------------------------------------------------------------------------

def status_changed(transition_id: int) -> None:
    """Tell the requesting side of an incoming exchanged case its new status, numbered by
    the case's transitions so the other side can tell a late message from a new one."""
    step = Transition.objects.select_related("case").get(pk=transition_id)
    if step.target not in STATUS_SENT_BACK:
        return
    request = Message.objects.filter(case_id=step.case_id, kind=Kind.REQUEST,
                                     direction=Message.Direction.INCOMING).first()
    if request is None:
        return
    sequence = Transition.objects.filter(case_id=step.case_id, pk__lte=step.pk).count()
    reply(request, Kind.STATUS, {
        "status": step.target, "note": step.note, "grounds": list(step.grounds or []),
        "grounds_text": step.case.refusal_text if step.target == workflow.REFUSED else "",
        "sequence": sequence})


def _take_status(message: Message, opened) -> None:
    """A status of the requested side moves the outgoing case here, through the register's
    own workflow, unless it is older than one already received, the case is closed here, or
    the workflow has no such move (`rogatory.exchange.status`); the message is kept either
    way, with what it did."""
    if message.case is None or message.case.direction != Direction.OUTGOING:
        message.effect = Effect.UNKNOWN
        return
    case = Case.objects.select_for_update().get(pk=message.case.pk)  # one status at a time
    decided = status.plan(case.status, str(message.body.get("status", "")),
                          newest=_newest_status(message))
    message.effect = decided.outcome
    try:
        with transaction.atomic():  # a move the register refuses leaves none of the steps
            for target in decided.steps:
                case = cases.move_for_system(case, _counterpart_account(message, case), target,
                                             **_status_details(message.body, target))
    except ValidationError as error:
        message.effect, message.effect_detail = Effect.NOT_ALLOWED, _field_errors(error)


def _newest_status(message: Message) -> bool:
    key = status.order_key(message.body, message.created)
    others = (Message.objects.filter(conversation_id=message.conversation_id,
                                     kind=Kind.STATUS, direction=Message.Direction.INCOMING)
              .exclude(pk=message.pk).values_list("body", "created"))
    return all(status.order_key(body, created) < key for body, created in others)


def _status_details(body: dict, target: str) -> dict:
    """The note and, for a refusal, its grounds as the requested side gave them."""
    if target != body.get("status"):
        return {}  # a step on the way
    note = str(body.get("note") or "")
    if target != workflow.REFUSED:
        return {"note": note}
    grounds = [code for code in body.get("grounds") or [] if isinstance(code, str)]
    return {"note": note, "grounds": grounds,
            "grounds_text": str(body.get("grounds_text") or note)}


def _counterpart_account(message: Message, case: Case) -> User:
    """The history names the exchange account of the State whose authority reported."""
    sender = Authority.objects.filter(pk=_int(message.sender_authority)).first()
    return exchange_account(sender or case.counterpart_authority or case.authority)


def tell_not_delivered(message_pk: int) -> None:
    """The officer who sent a message that was not delivered is told, by a note on the case
    and by e-mail."""
    message = Message.objects.select_related("created_by", "case").get(pk=message_pk)
    reason = message.outbox.last_error
    if message.case:
        Note.objects.create(case=message.case, text=_(
            "Not delivered through Rogatory (%(kind)s): %(reason)s") % {
                "kind": message.get_kind_display(), "reason": reason})
    user = message.created_by
    if user is None or not user.is_active or not user.email:
        return
    with translation.override(user.email_language):
        subject = _("Not delivered: %(reference)s") % {
            "reference": message.case.reference if message.case else message.message_id}
        text = _("The message %(id)s sent through Rogatory could not be delivered: "
                 "%(reason)s. Send it by another channel.") % {
                     "id": message.message_id, "reason": reason}
    send_mail(subject, text, None, [user.email])


# --- retrieval, acceptance, refusal ------------------------------------------------------------

def _may_act(message: Message, user: User) -> None:
    from rogatory.exchange.selectors import messages_visible_to

    if not messages_visible_to(user).filter(pk=message.pk).exists():
        raise PermissionDenied


def retrieve(message: Message, user: User) -> Message:
    """An officer of the receiving authority opened the message: Retrieval, told back once."""
    _may_act(message, user)
    if message.direction != Message.Direction.INCOMING or message.retrieved_at:
        return message
    with transaction.atomic():
        updated = Message.objects.filter(pk=message.pk, retrieved_at__isnull=True).update(
            retrieved_at=timezone.now())
        if updated:
            _send_evidence_back(message, issue_evidence(message, EvidenceType.RETRIEVAL))
    message.refresh_from_db()
    return message


def accept(message: Message, user: User) -> Evidence:
    """The receiving central authority registers the request: Acceptance, told back."""
    _may_act(message, user)
    _check_decidable(message)
    with transaction.atomic():
        evidence = issue_evidence(message, EvidenceType.ACCEPTANCE)
        _send_evidence_back(message, evidence)
    return evidence


def refuse(message: Message, user: User, grounds: list[str], text: str) -> Evidence:
    """Return the request with grounds: Refusal, told back, and the case refused."""
    _may_act(message, user)
    _check_decidable(message)
    with transaction.atomic():
        cases.transition(message.case, user, "refused", grounds=grounds, grounds_text=text,
                         note=text)
        evidence = issue_evidence(message, EvidenceType.REFUSAL, reason=text)
        _send_evidence_back(message, evidence)
    return evidence


def _check_decidable(message: Message) -> None:
    if message.kind != Kind.REQUEST or message.direction != Message.Direction.INCOMING:
        raise ValidationError(_("Only a received request is accepted or refused."))
    if message.evidences.filter(type__in=[EvidenceType.ACCEPTANCE,
                                          EvidenceType.REFUSAL]).exists():
        raise ValidationError(_("This request was already accepted or refused."))


# --- more information (UNTOC art. 18(16)) ----------------------------------------------

def send_information(case: Case, user: User, subject: str, text: str, documents=()) -> Message:
    """Ask for more information (requested side) or give it (requesting side), with
    documents, to the other side of the exchanged request of `case`."""
    if not user.has_perm("cases.add_correspondence", case):
        raise PermissionDenied
    request = Message.objects.filter(case=case, kind=Kind.REQUEST).first()
    if request is None:
        raise ValidationError(_("This case was not exchanged through Rogatory."))
    asking = request.direction == Message.Direction.INCOMING
    kind = Kind.INFORMATION_REQUEST if asking else Kind.INFORMATION_ANSWER
    with transaction.atomic():
        message = reply(request, kind, {"subject": subject, "text": text},
                        documents=documents, user=user)
        Correspondence.objects.create(
            case=case, way=Correspondence.Way.SENT, created_by=user, on=timezone.localdate(),
            type=(Correspondence.Type.INFORMATION_REQUEST if asking
                  else Correspondence.Type.SUPPLEMENTARY),
            party=str(case.counterpart_display())[:300], subject=subject[:300], summary=text)
    return message


# --- draft consultation (ICAR/Lausanne guideline 9) ----------------------------------------------

def version_hash(spec: dict, previous: str) -> str:
    """A version's hash covers its content and the previous version's hash (a chain)."""
    return hashlib.sha256(previous.encode() + b"\n" + envelope.canonical_json(spec)).hexdigest()


def share_draft(draft, user: User) -> ConsultationVersion:
    """Share the draft's current text with the requested authority's node as a new version."""
    if not user.has_perm("writer.change_draft", draft):
        raise PermissionDenied
    to, authority = request_peer(draft)
    if to is None:
        raise NotServed(draft.pk)
    with transaction.atomic():
        consultation, _created = Consultation.objects.get_or_create(
            request_id=draft.pk, is_drafter=True,
            defaults={"authority": draft.authority, "counterpart_node": to.node,
                      "counterpart_authority": str(authority.pk), "title": draft.title})
        version = _add_version(consultation, draft.spec())
        queue_message(kind=Kind.CONSULTATION, authority=draft.authority, to=to,
                      recipient_authority=consultation.counterpart_authority,
                      body={"title": draft.title, "number": version.number,
                            "spec": version.spec, "sha256": version.sha256,
                            "previous_sha256": version.previous_sha256},
                      user=user, conversation_id=consultation.conversation_id)
    return version


def _add_version(consultation: Consultation, spec: dict) -> ConsultationVersion:
    last = consultation.versions.order_by("-number").first()
    previous = last.sha256 if last else ""
    return ConsultationVersion.objects.create(
        consultation=consultation, number=(last.number + 1) if last else 1, spec=spec,
        sha256=version_hash(spec, previous), previous_sha256=previous)


def _take_version(message: Message, opened) -> None:
    body = message.body
    consultation, _created = Consultation.objects.get_or_create(
        conversation_id=message.conversation_id,
        defaults={"authority": message.authority, "is_drafter": False,
                  "counterpart_node": message.sender_node,
                  "counterpart_authority": message.sender_authority,
                  "title": str(body.get("title") or "")[:200]})
    spec = body.get("spec") if isinstance(body.get("spec"), dict) else {}
    version = _add_version(consultation, spec)
    if (version.number, version.sha256) != (body.get("number"), body.get("sha256")):
        raise EnvelopeRefused("malformed", "the version does not follow the last one")


def comment(version: ConsultationVersion, user: User, comments: dict[str, str]) -> Message:
    """Comments per section on a version, sent to the other side."""
    consultation = version.consultation
    if user.authority_id != consultation.authority_id:
        raise PermissionDenied
    comments = {section: text for section, text in comments.items() if text.strip()}
    if not comments:
        raise ValidationError(_("Write at least one comment."))
    with transaction.atomic():
        for section, text in comments.items():
            ConsultationComment.objects.create(version=version, section=section[:60],
                                               text=text, by_drafter=consultation.is_drafter)
        return queue_message(
            kind=Kind.COMMENT, authority=consultation.authority,
            to=peer(consultation.counterpart_node),
            recipient_authority=consultation.counterpart_authority,
            body={"number": version.number, "sha256": version.sha256,
                  "comments": [{"section": s, "text": t} for s, t in comments.items()]},
            user=user, conversation_id=consultation.conversation_id)


def _take_comments(message: Message, opened) -> None:
    version = ConsultationVersion.objects.filter(
        consultation__conversation_id=message.conversation_id,
        consultation__authority=message.authority, number=message.body.get("number"),
        sha256=message.body.get("sha256")).select_related("consultation").first()
    if version is None:
        raise EnvelopeRefused("malformed", "comments on an unknown version")
    for row in message.body.get("comments") or []:
        if isinstance(row, dict):
            ConsultationComment.objects.create(
                version=version, section=str(row.get("section", ""))[:60],
                text=str(row.get("text", "")), by_drafter=not version.consultation.is_drafter)
