"""Reads of the exchange. Only officers of the local authority of a message (the sender of
an outgoing one, the receiver of an incoming one) see it, its evidences and its exports."""

from django.db.models import Q, QuerySet

from rogatory.accounts.models import Role, User
from rogatory.exchange import envelope
from rogatory.exchange.models import Consultation, Evidence, Message


def is_exchange_officer(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.OFFICER
                and user.authority_id)


def messages_visible_to(user: User) -> QuerySet[Message]:
    if not is_exchange_officer(user):
        return Message.objects.none()
    return Message.objects.filter(authority_id=user.authority_id)


def consultations_visible_to(user: User) -> QuerySet[Consultation]:
    if not (user.is_authenticated and user.is_active and user.authority_id
            and user.role in (Role.OFFICER, Role.PRACTITIONER)):
        return Consultation.objects.none()
    return Consultation.objects.filter(authority_id=user.authority_id)


def inbox(user: User) -> QuerySet[Message]:
    return (messages_visible_to(user)
            .filter(direction=Message.Direction.INCOMING)
            .select_related("case").prefetch_related("evidences"))


def case_timeline(user: User, case_id: int) -> list[Message]:
    """Both sides' events of an exchanged case, oldest first, each with its evidences."""
    messages = messages_visible_to(user).filter(case_id=case_id)
    conversations = list(messages.values_list("conversation_id", flat=True).distinct())
    return list(messages_visible_to(user)
                .filter(Q(case_id=case_id) | Q(conversation_id__in=conversations))
                .prefetch_related("evidences").order_by("created", "id"))


def in_chain_order(evidences) -> list[Evidence]:
    """A message's evidences, both nodes' together, in the order of their hash chain."""
    by_token = {evidence.token: evidence for evidence in evidences}
    return [by_token[token] for token in envelope.chain_order(list(by_token))]


def evidence_export(message: Message) -> dict:
    """The message's evidences as signed on both sides, for an archive or a court, in the
    order of their hash chain (`envelope.verify_evidence_chain` checks the list as given)."""
    return {
        "message_id": str(message.message_id),
        "conversation_id": str(message.conversation_id),
        "kind": message.kind, "direction": message.direction,
        "sender_node": message.sender_node, "recipient_node": message.recipient_node,
        "manifest_hash": message.manifest_hash, "parts": message.parts,
        "evidences": [{"type": e.type, "issuer": e.issuer_node,
                       "issued_at": e.issued_at.isoformat(), "reason": e.reason,
                       "jws": e.token} for e in in_chain_order(message.evidences.all())],
    }
