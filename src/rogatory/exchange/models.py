"""The exchange between nodes as stored on one node: every message sent or received, the
signed evidences of each step, the outbox that delivers what is sent, and draft
consultations (ICAR/Lausanne guideline 9). Authorities of another node are named by their
directory id (the trust list's vocabulary); the local one is a foreign key, for permissions."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rogatory.exchange import status

# An evidence of the exchange is a signed proof of one step (ETSI EN 319 522), not the
# evidence of a case (assessment, writer): its own context, its own translation.
PROOF = "signed proof of a step of the exchange"
# The ETSI names (the `type` of an evidence, kept as signed) in words, for the pages.
EVIDENCE_LABELS = {
    "SubmissionAcceptance": _("submission accepted"),
    "SubmissionRejection": _("submission rejected"),
    "Delivery": _("delivered"),
    "NonDelivery": _("not delivered"),
    "Retrieval": _("opened by the receiving authority"),
    "Acceptance": _("accepted by the receiving authority"),
    "Refusal": _("refused by the receiving authority"),
}
FAILED_EVIDENCES = frozenset({"SubmissionRejection", "NonDelivery", "Refusal"})


class Kind(models.TextChoices):
    REQUEST = "request", _("request")
    STATUS = "status", _("status")
    EVIDENCE = "evidence", pgettext_lazy(PROOF, "evidence")
    INFORMATION_REQUEST = "information_request", _("request for more information")
    INFORMATION_ANSWER = "information_answer", _("additional information")
    CONSULTATION = "consultation", _("draft for consultation")
    COMMENT = "comment", _("comments on a draft")


class Effect(models.TextChoices):
    """What a received status did to the local case (`rogatory.exchange.status`)."""

    APPLIED = status.APPLIED, _("the case moved here too")
    OLDER = status.OLDER, _("older than a status already received: not applied")
    CLOSED = status.CLOSED, _("the case is closed here: not applied")
    SAME = status.SAME, _("the case already had this status")
    NOT_ALLOWED = status.NOT_ALLOWED, _("not applied: the register does not allow this move")
    UNKNOWN = status.UNKNOWN, _("not applied: unknown status")


class Message(models.Model):
    class Direction(models.TextChoices):
        OUTGOING = "outgoing", _("sent")
        INCOMING = "incoming", _("received")

    message_id = models.UUIDField(default=uuid.uuid4, editable=False)
    conversation_id = models.UUIDField(default=uuid.uuid4, db_index=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    sender_node = models.CharField(_("sending node"), max_length=200)
    recipient_node = models.CharField(_("receiving node"), max_length=200)
    sender_authority = models.CharField(max_length=40)
    recipient_authority = models.CharField(max_length=40)
    # The local side: the sending authority of an outgoing message, the receiving one of an
    # incoming message. Only its officers see the message.
    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("authority"))
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="exchange_messages", verbose_name=_("case"))
    created = models.DateTimeField(_("created"))
    expires = models.DateTimeField(_("expires"))
    manifest_hash = models.CharField(max_length=64, blank=True)
    signer_kid = models.CharField(max_length=200, blank=True)
    body = models.JSONField(default=dict, blank=True)
    # [{"name", "content_type", "sha256", "size"}] of the documents carried.
    parts = models.JSONField(default=list, blank=True)
    # Received: per PDF part, its PAdES signatures as verified on receipt against the trust
    # list's CA certificates (`signing.check_pdfs`).
    signatures = models.JSONField(default=list, blank=True)
    # Sent: the sealed envelope as delivered. Received: the bytes as they came.
    envelope = models.BinaryField(editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    retrieved_at = models.DateTimeField(_("opened"), null=True, blank=True)
    # A received status: what it did to the local case, and the register's words when it
    # refused the move.
    effect = models.CharField(max_length=20, choices=Effect.choices, blank=True)
    effect_detail = models.TextField(blank=True)
    stored_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-stored_at", "-id"]
        verbose_name = _("exchanged message")
        verbose_name_plural = _("exchanged messages")
        constraints = [models.UniqueConstraint(fields=["sender_node", "message_id"],
                                               name="exchange_message_once")]
        indexes = [models.Index(fields=["authority", "direction", "stored_at"],
                                name="exchange_msg_auth")]

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id}"

    def get_absolute_url(self) -> str:
        return reverse("exchange:message", args=[self.pk])

    @property
    def reported_status(self) -> str:
        """The status a `status` message reports, in the register's words."""
        from rogatory.cases.models import Status  # the cases app imports nothing of this one

        try:
            return Status(self.body.get("status")).label
        except ValueError:
            return _("unknown status")


class Evidence(models.Model):
    """One signed step (ETSI EN 319 522 vocabulary), stored on both sides."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="evidences")
    type = models.CharField(pgettext_lazy(PROOF, "evidence"), max_length=30)
    issuer_node = models.CharField(_("issued by"), max_length=200)
    issued_at = models.DateTimeField(_("issued"))
    reason = models.TextField(_("reason"), blank=True)
    token = models.TextField(editable=False)

    class Meta:
        ordering = ["issued_at", "id"]
        verbose_name = pgettext_lazy(PROOF, "evidence")
        verbose_name_plural = _("evidences")
        constraints = [models.UniqueConstraint(fields=["message", "type", "issuer_node"],
                                               name="exchange_evidence_once")]

    def __str__(self) -> str:
        return f"{self.type} {self.message_id}"

    @property
    def label(self) -> str:
        return EVIDENCE_LABELS.get(self.type, _("unknown evidence"))

    @property
    def failed(self) -> bool:
        return self.type in FAILED_EVIDENCES


class Outbox(models.Model):
    """What is to be delivered: the source of truth the worker's tasks act on."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be delivered")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("not delivered")

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="outbox")
    endpoint = models.URLField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # A worker holds the row until then; a worker killed mid-delivery loses it at that time.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"],
                                name="exchange_outbox_due")]

    def __str__(self) -> str:
        return f"{self.message_id} {self.status}"


class Consultation(models.Model):
    """A draft shared with the requested State's central authority before the formal request."""

    conversation_id = models.UUIDField(default=uuid.uuid4, unique=True)
    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("authority"))
    is_drafter = models.BooleanField(default=True)
    request_id = models.PositiveIntegerField(null=True, blank=True)
    counterpart_node = models.CharField(max_length=200)
    counterpart_authority = models.CharField(max_length=40)
    title = models.CharField(_("title"), max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchange:consultation", args=[self.pk])


class ConsultationVersion(models.Model):
    """A version of the draft; its hash covers its content and the previous version's hash."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="versions")
    number = models.PositiveIntegerField()
    spec = models.JSONField()
    sha256 = models.CharField(max_length=64)
    previous_sha256 = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"],
                                               name="exchange_version_once")]

    def __str__(self) -> str:
        return f"{self.consultation_id} v{self.number}"


class ConsultationComment(models.Model):
    version = models.ForeignKey(ConsultationVersion, on_delete=models.CASCADE,
                                related_name="comments")
    section = models.CharField(_("section"), max_length=60)
    text = models.TextField(_("comment"))
    by_drafter = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.section}: {self.text[:40]}"
