from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rogatory.core.concurrency import Versioned
from rogatory.writer import schema


class RequestDraft(Versioned):
    """A request being written: resumable by its author and the colleagues it is shared with.

    The structured content of every step lives in `content` (shaped as `schema.py` says, the
    same JSON the API takes); what other tables point to or filter on has a column.
    """

    class Kind(models.TextChoices):
        MLA = "mla", _("Mutual legal assistance")
        EXTRADITION = "extradition", _("Extradition")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("Submitted for review")
        RETURNED = "returned", _("Returned with comments")
        ACCEPTED = "accepted", _("Accepted for sending")
        SENT = "sent", _("Sent")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MLA)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language of the request"), max_length=10,
                                choices=settings.LANGUAGES, default="en")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="request_drafts", verbose_name=_("author"))
    # The author's authority when the draft was started: sharing stays inside it.
    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="request_drafts",
                                  verbose_name=_("authority"))
    requesting_state = models.ForeignKey("states.State", on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("requesting State"))
    requested_state = models.ForeignKey("states.State", on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+",
                                        verbose_name=_("requested State"))
    # The central authority a practitioner handed the draft to (docs/writer.md, "Handing a
    # draft over"); kept after a return, so the timeline still names it.
    review_authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT,
                                         null=True, blank=True, related_name="+",
                                         verbose_name=_("reviewing authority"))
    shared_with = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                         related_name="shared_request_drafts",
                                         verbose_name=_("shared with"))
    content = models.JSONField(_("content"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The case register's id once sent (a plain id: the register is another app).
    case_id = models.PositiveIntegerField(_("case"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[shared_with])

    class Meta:
        ordering = ["-updated"]
        verbose_name = _("request draft")
        verbose_name_plural = _("request drafts")

    def __str__(self) -> str:
        return self.title

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT

    @property
    def sending_authority_id(self) -> int | None:
        """Whose outgoing case the request becomes: the reviewing authority once it accepted
        the draft, the author's own otherwise."""
        if self.status == self.Status.ACCEPTED:
            return self.review_authority_id
        return self.authority_id

    def spec(self) -> dict:
        """The request as the JSON the API and `render-request` take."""
        return {
            "kind": self.kind,
            "title": self.title,
            "language": self.language,
            "requesting_state": self.requesting_state_id,
            "requested_state": self.requested_state_id,
            **{key: value for key, value in (self.content or {}).items()},
        }

    @staticmethod
    def split_spec(spec: dict) -> tuple[dict, dict]:
        """(column values, content) of a validated spec."""
        columns = {}
        if "kind" in spec:
            columns["kind"] = spec["kind"]
        if "title" in spec:
            columns["title"] = spec["title"] or ""
        if spec.get("language"):
            columns["language"] = schema.normalise_language(spec["language"])
        if "requested_state" in spec:
            columns["requested_state_id"] = (spec["requested_state"] or "").upper() or None
        content = {key: value for key, value in spec.items() if key not in schema.TOP_LEVEL}
        return columns, content


class ReviewEvent(models.Model):
    """One step of a draft's hand-over, kept for ever: who did what, when, and why."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned with comments")
        ACCEPTED = "accepted", _("Accepted for sending")
        SENT = "sent", _("Sent")

    draft = models.ForeignKey(RequestDraft, on_delete=models.CASCADE,
                              related_name="review_events", verbose_name=_("request draft"))
    kind = models.CharField(_("step"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("by"))
    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("reviewing authority"))
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.draft_id}"
