"""Questionnaires (data, versioned, translated) and the assessments States make against them.

A questionnaire version is immutable once published: editing makes a new draft version (a
copy), so an assessment, which keeps the version it answered, never changes under its
answers. Question texts, guidance and choice labels are stored per language as JSON
({"en": "...", "fr": "...", ...}) and shown in the reader's language with English fallback.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from rogatory.assessment.text import localized
from rogatory.core.concurrency import Versioned


class Questionnaire(models.Model):
    """A questionnaire for one instrument (UNTOC, a Protocol, UNCAC...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    instrument = models.CharField(_("instrument"), max_length=40,
                                  help_text=_("Instrument code, e.g. UNTOC, UNTOC-TIP, UNCAC."))
    title = models.JSONField(_("title"), default=dict,
                             help_text=_('By language: {"en": "...", "fr": "..."}.'))
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.display_title()

    def display_title(self, language: str | None = None) -> str:
        return localized(self.title, language) or self.code

    def latest_published(self) -> "QuestionnaireVersion | None":
        return self.versions.filter(status=QuestionnaireVersion.Status.PUBLISHED).order_by(
            "-number").first()


class QuestionnaireVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT,
                                      related_name="versions", verbose_name=_("questionnaire"))
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    notes = models.TextField(_("what changed"), blank=True)
    # The hash of the reference file it was loaded from, so reloading is idempotent.
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["questionnaire", "-number"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "number"],
                                               name="assessment_version_unique")]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")

    def __str__(self) -> str:
        return f"{self.questionnaire.code} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.PUBLISHED:
                raise ValidationError(_("A published questionnaire version cannot be changed; "
                                        "make a new draft version."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise ValidationError(_("A published questionnaire version cannot be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class FrozenWhenPublished(models.Model):
    """Chapters and questions of a published version cannot be changed or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard()
        return super().delete(*args, **kwargs)

    def owning_version(self) -> QuestionnaireVersion:
        raise NotImplementedError

    def _guard(self) -> None:
        version = QuestionnaireVersion.objects.filter(pk=self.owning_version().pk).first()
        if version is not None and version.is_published:
            raise ValidationError(_("A published questionnaire version cannot be changed; "
                                    "make a new draft version."))


class Chapter(FrozenWhenPublished):
    """A group of questions on one or a few articles (e.g. arts. 12–14, confiscation)."""

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE,
                                related_name="chapters", verbose_name=_("version"))
    order = models.PositiveIntegerField(_("order"))
    key = models.SlugField(_("key"), max_length=40,
                           help_text=_("Stable across versions, e.g. art-12-14."))
    articles = models.CharField(_("articles"), max_length=60,
                                help_text=_("Article numbers, separated by commas."))
    title = models.JSONField(_("title"), default=dict)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "key"],
                                               name="assessment_chapter_key")]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self) -> str:
        return self.display_title()

    def owning_version(self) -> QuestionnaireVersion:
        return self.version

    def display_title(self, language: str | None = None) -> str:
        return localized(self.title, language) or self.key

    @property
    def article_list(self) -> list[str]:
        return [part.strip() for part in self.articles.split(",") if part.strip()]


class QuestionType(models.TextChoices):
    YES_NO = "yes_no", _("yes / no / partly")
    CHOICE = "choice", _("choice")
    NUMBER = "number", pgettext_lazy("numeric value", "number")
    TEXT = "text", _("text")


class Question(FrozenWhenPublished):
    """One question. `code` is stable across versions, so answers can be carried forward."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="questions",
                                verbose_name=_("chapter"))
    order = models.PositiveIntegerField(_("order"))
    code = models.CharField(_("code"), max_length=20, help_text=_("Stable, e.g. 5.1."))
    article = models.CharField(_("article"), max_length=10,
                               help_text=_("The UNTOC (or other instrument) article number."))
    provision = models.CharField(_("provision"), max_length=40, blank=True,
                                 help_text=_("e.g. art. 5(1)(a)(i)"))
    type = models.CharField(_("type"), max_length=10, choices=QuestionType.choices)
    mandatory = models.BooleanField(
        _("mandatory obligation"), default=True,
        help_text=_('"Shall" provisions; optional ones ("shall consider") lower the priority '
                    "of a need."))
    text = models.JSONField(_("question"), default=dict)
    guidance = models.JSONField(_("guidance"), default=dict, blank=True)
    # Choice questions: [{"value": "...", "label": {lang: text}, "status": "implemented|
    # partly|not|none"}]. Number questions: {"implemented_at": n, "partly_at": m} or {}.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    thresholds = models.JSONField(_("number thresholds"), default=dict, blank=True)
    library_items = models.ManyToManyField("library.Item", blank=True,
                                           related_name="assessment_questions",
                                           verbose_name=_("library items"))

    class Meta:
        ordering = ["chapter__order", "order"]
        constraints = [models.UniqueConstraint(fields=["chapter", "code"],
                                               name="assessment_question_code")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.code} {self.display_text()}"[:120]

    def owning_version(self) -> QuestionnaireVersion:
        return self.chapter.version

    def display_text(self, language: str | None = None) -> str:
        return localized(self.text, language)

    def display_guidance(self, language: str | None = None) -> str:
        return localized(self.guidance, language)

    def choice_options(self, language: str | None = None) -> list[tuple[str, str]]:
        return [(c["value"], localized(c.get("label", {}), language) or c["value"])
                for c in self.choices]

    def as_spec(self) -> dict:
        """What the pure scoring rules need to know about the question."""
        return {"code": self.code, "article": self.article, "type": self.type,
                "mandatory": self.mandatory, "choices": self.choices,
                "thresholds": self.thresholds}


class Assessment(Versioned):
    """A State's self-assessment against one questionnaire version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("in progress")
        SUBMITTED = "submitted", _("submitted")

    state = models.ForeignKey("states.State", on_delete=models.PROTECT,
                              related_name="assessments", verbose_name=_("State"))
    questionnaire_version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT,
                                              related_name="assessments",
                                              verbose_name=_("questionnaire version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    language = models.CharField(_("report language"), max_length=7, choices=settings.LANGUAGES,
                                default="en",
                                help_text=_("The UN language of the exported gap report."))
    published = models.BooleanField(
        _("published"), default=False,
        help_text=_("Published assessments can be read by everyone; others are confidential "
                    "to the State and the secretariat."))
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="followed_by",
                                 verbose_name=_("reopened from"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("started by"))
    created = models.DateTimeField(_("started"), auto_now_add=True)
    updated = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("submitted by"))
    collaborators = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Collaborator",
                                           through_fields=("assessment", "user"),
                                           related_name="assessments_invited",
                                           verbose_name=_("invited officials"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["state", "-created"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.state.name()} · {self.questionnaire_version} · {self.created:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Collaborator(models.Model):
    """An official of the same State invited by a focal point to help fill an assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="assessment_invitations", verbose_name=_("official"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("invited by"))
    created = models.DateTimeField(_("invited"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "user"],
                                               name="assessment_collaborator_unique")]
        verbose_name = _("invited official")
        verbose_name_plural = _("invited officials")

    def __str__(self) -> str:
        return str(self.user)


class AnswerValue(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Do not know yet")


class Answer(Versioned):
    """The answer to one question. Every change is kept (history)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # yes/no/partly/unknown, or the chosen value of a choice question.
    value = models.CharField(_("answer"), max_length=60, blank=True)
    number = models.DecimalField(pgettext_lazy("numeric value", "number"), max_digits=14,
                                 decimal_places=2, null=True, blank=True)
    text = models.TextField(_("text answer"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    evidence_urls = models.TextField(_("evidence links"), blank=True,
                                     help_text=_("One web address per line."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("saved by"))
    updated = models.DateTimeField(_("last saved"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question__chapter__order", "question__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "question"],
                                               name="assessment_answer_unique")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value or self.number or self.text[:40]}"

    @property
    def url_list(self) -> list[str]:
        return [line.strip() for line in self.evidence_urls.splitlines() if line.strip()]

    def as_spec(self) -> dict:
        return {"value": self.value, "number": None if self.number is None else float(self.number),
                "text": self.text}


class Evidence(models.Model):
    """A library item cited as evidence for an answer (e.g. the State's law)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey("library.Item", on_delete=models.PROTECT,
                             related_name="assessment_evidence", verbose_name=_("library item"))
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "item"],
                                               name="assessment_evidence_unique")]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return str(self.item)
