"""Writes: questionnaires (load, new draft version, publish) and assessments (start, answer,
invite, submit, publish, reopen). Each runs in one transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rogatory.accounts.models import Role, User
from rogatory.assessment import schema
from rogatory.assessment.models import (
    Answer,
    AnswerValue,
    Assessment,
    Chapter,
    Collaborator,
    Evidence,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    QuestionType,
)
from rogatory.core.concurrency import ConflictError, save_if_current
from rogatory.library.models import Item

# --- questionnaires -----------------------------------------------------------------------


def content_hash(data: Mapping) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
                          ).hexdigest()


@transaction.atomic
def load_questionnaire(data: Mapping, out: Callable[[str], None] = lambda _line: None,
                       ) -> QuestionnaireVersion:
    """Load a questionnaire file as a new published version (idempotent: a file already
    loaded is not loaded twice). Raises schema.QuestionnaireInvalid, writing nothing."""
    errors = schema.validate(data)
    if errors:
        raise schema.QuestionnaireInvalid(errors)
    digest = content_hash(data)
    questionnaire, _created = Questionnaire.objects.get_or_create(
        code=data["code"], defaults={"instrument": data["instrument"], "title": data["title"]})
    existing = questionnaire.versions.filter(source_hash=digest).first()
    if existing is not None:
        out(f"Questionnaire {questionnaire.code}: version {existing.number} is up to date.")
        return existing
    questionnaire.instrument, questionnaire.title = data["instrument"], data["title"]
    questionnaire.save()
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=_next_number(questionnaire),
        notes=data.get("notes", ""), source_hash=digest)
    for order, chapter_data in enumerate(data["chapters"], start=1):
        chapter = Chapter.objects.create(
            version=version, order=order, key=chapter_data["key"],
            articles=", ".join(str(a) for a in chapter_data["articles"]),
            title=chapter_data["title"])
        for number, item in enumerate(chapter_data["questions"], start=1):
            _create_question(chapter, number, item)
    publish_version(version)
    out(f"Questionnaire {questionnaire.code}: loaded as version {version.number} "
        f"({Question.objects.filter(chapter__version=version).count()} questions).")
    return version


def _create_question(chapter: Chapter, order: int, item: Mapping) -> Question:
    question = Question.objects.create(
        chapter=chapter, order=order, code=item["code"], article=str(item["article"]),
        provision=item.get("provision", ""), type=item["type"],
        mandatory=bool(item.get("mandatory", True)), text=item["text"],
        guidance=item.get("guidance", {}), choices=item.get("choices", []),
        thresholds=item.get("thresholds", {}))
    linked = Item.objects.filter(external_id__in=item.get("library", []))
    question.library_items.set(linked)
    return question


def _next_number(questionnaire: Questionnaire) -> int:
    last = questionnaire.versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def new_draft_version(questionnaire: Questionnaire, notes: str = "") -> QuestionnaireVersion:
    """A draft copy of the latest version, to edit; the published versions stay as they are."""
    if questionnaire.versions.filter(status=QuestionnaireVersion.Status.DRAFT).exists():
        raise ValidationError(_("This questionnaire already has a draft version."))
    source = questionnaire.versions.order_by("-number").first()
    draft = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=_next_number(questionnaire), notes=notes)
    if source is None:
        return draft
    for chapter in source.chapters.prefetch_related("questions__library_items"):
        questions = list(chapter.questions.all())
        chapter.pk, chapter.version = None, draft
        chapter.save()
        for question in questions:
            items = list(question.library_items.all())
            question.pk, question.chapter = None, chapter
            question.save()
            question.library_items.set(items)
    return draft


def publish_version(version: QuestionnaireVersion) -> QuestionnaireVersion:
    if version.is_published:
        raise ValidationError(_("This version is already published."))
    if not Question.objects.filter(chapter__version=version).exists():
        raise ValidationError(_("A version without questions cannot be published."))
    version.status = QuestionnaireVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save()
    return version


# --- assessments ----------------------------------------------------------------------------


@transaction.atomic
def start_assessment(user: User, version: QuestionnaireVersion, language: str = "en",
                     copy_from: Assessment | None = None) -> Assessment:
    """A new assessment of the user's State; answers of `copy_from` carried over by question
    code (questions the new version no longer has are dropped)."""
    if not version.is_published:
        raise ValidationError(_("Only a published questionnaire version can be answered."))
    if Assessment.objects.filter(state_id=user.state_id, status=Assessment.Status.DRAFT,
                                 questionnaire_version__questionnaire=version.questionnaire
                                 ).exists():
        raise ValidationError(_("Your State already has an assessment in progress on this "
                                "questionnaire: continue that one."))
    assessment = Assessment.objects.create(
        state_id=user.state_id, questionnaire_version=version, language=language,
        created_by=user, previous=copy_from)
    if copy_from is not None:
        _copy_answers(copy_from, assessment, user)
    return assessment


def _copy_answers(source: Assessment, target: Assessment, user: User) -> None:
    questions = {q.code: q for q in Question.objects.filter(
        chapter__version=target.questionnaire_version)}
    for answer in source.answers.select_related("question").prefetch_related("evidence"):
        question = questions.get(answer.question.code)
        if question is None or (question.type != answer.question.type):
            continue
        copy = Answer.objects.create(
            assessment=target, question=question, value=answer.value, number=answer.number,
            text=answer.text, comment=answer.comment, evidence_urls=answer.evidence_urls,
            updated_by=user)
        Evidence.objects.bulk_create(Evidence(answer=copy, item_id=e.item_id)
                                     for e in answer.evidence.all())


@dataclass
class AnswerChange:
    """What a form or API client sends for one question; `expected_version` is the answer's
    version it saw (0 when there was no answer yet)."""

    question: Question
    expected_version: int
    value: str = ""
    number: Decimal | None = None
    text: str = ""
    comment: str = ""
    evidence_urls: str = ""
    evidence_items: list[int] = field(default_factory=list)

    def fields(self) -> dict:
        urls = "\n".join(line.strip() for line in self.evidence_urls.splitlines() if line.strip())
        return {"value": self.value, "number": self.number, "text": self.text,
                "comment": self.comment, "evidence_urls": urls}


def validate_change(change: AnswerChange) -> None:
    """Raise ValidationError when the answer does not fit its question."""
    question, errors = change.question, {}
    if question.type == QuestionType.YES_NO and change.value not in ("", *AnswerValue.values):
        errors["value"] = _("Answer yes, no, partly or do not know yet.")
    if question.type == QuestionType.CHOICE and change.value not in (
            "", *(c["value"] for c in question.choices)):
        errors["value"] = _("Not one of the choices.")
    if question.type in (QuestionType.NUMBER, QuestionType.TEXT) and change.value:
        errors["value"] = _("This question takes a number or a text, not a choice.")
    if change.number is not None and (question.type != QuestionType.NUMBER or change.number < 0):
        errors["number"] = _("Only a number question takes a number, and it cannot be "
                             "negative.")
    bad = [url for url in (line.strip() for line in change.evidence_urls.splitlines())
           if url and not _is_url(url)]
    if bad:
        errors["evidence_urls"] = _("Not a web address: %(url)s") % {"url": bad[0]}
    if errors:  # named by question, so a chapter form can say which answer is wrong
        raise ValidationError({field: f"{question.code}: {message}"
                               for field, message in errors.items()})


def _is_url(text: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return False
    return True


def _unchanged(answer: Answer | None, change: AnswerChange) -> bool:
    if answer is None:
        return not any(change.fields().values()) and not change.evidence_items
    current = {"value": answer.value, "number": answer.number, "text": answer.text,
               "comment": answer.comment, "evidence_urls": answer.evidence_urls}
    items = sorted(e.item_id for e in answer.evidence.all())
    return current == change.fields() and items == sorted(change.evidence_items)


@transaction.atomic
def save_answers(assessment: Assessment, user: User, changes: Iterable[AnswerChange]
                 ) -> list[Answer]:
    """Save the answers that changed, all or none. An answer saved meanwhile by someone else
    raises ConflictError (nothing is written); unchanged answers are skipped."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_draft:
        raise ValidationError(_("This assessment is submitted: reopen it to change answers."))
    saved = []
    for change in changes:
        if change.question.chapter.version_id != locked.questionnaire_version_id:
            raise ValidationError(_("This question is not part of the assessment."))
        validate_change(change)
        answer = (locked.answers.prefetch_related("evidence")
                  .filter(question=change.question).first())
        if _unchanged(answer, change):
            continue
        saved.append(_save_one(locked, user, answer, change))
    if saved:
        Assessment.objects.filter(pk=locked.pk).update(updated=timezone.now())
    return saved


def _save_one(assessment: Assessment, user: User, answer: Answer | None,
              change: AnswerChange) -> Answer:
    if answer is None:
        if change.expected_version != 0:
            raise ConflictError(0)
        try:
            with transaction.atomic():
                answer = Answer.objects.create(assessment=assessment, question=change.question,
                                               updated_by=user, **change.fields())
        except IntegrityError as error:  # someone answered it first
            raise ConflictError(1) from error
    else:
        answer = save_if_current(answer, change.expected_version,
                                 {**change.fields(), "updated_by": user})
    _set_evidence(answer, change.evidence_items, assessment)
    return answer


def _set_evidence(answer: Answer, item_ids: list[int], assessment: Assessment) -> None:
    wanted = set(item_ids)
    if wanted and Item.objects.filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError({"evidence_items": _("Unknown library item.")})
    current = set(answer.evidence.values_list("item_id", flat=True))
    for evidence in answer.evidence.filter(item_id__in=current - wanted):
        evidence.delete()  # one by one, so the history records each removal
    for item_id in sorted(wanted - current):
        Evidence.objects.create(answer=answer, item_id=item_id)


INVITABLE_ROLES = (Role.OFFICER, Role.PRACTITIONER, Role.FOCAL_POINT)


@transaction.atomic
def invite(assessment: Assessment, by: User, email: str) -> Collaborator:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or user.state_id != assessment.state_id or user.role not in INVITABLE_ROLES:
        raise ValidationError({"email": _("No active official of this State has this e-mail "
                                          "address.")})
    if assessment.invitations.filter(user=user).exists():
        raise ValidationError({"email": _("This official is already invited.")})
    return Collaborator.objects.create(assessment=assessment, user=user, invited_by=by)


def remove_invitation(assessment: Assessment, user_id: int) -> None:
    invitation = assessment.invitations.filter(user_id=user_id).first()
    if invitation is not None:
        invitation.delete()


def submit(assessment: Assessment, user: User, expected_version: int) -> Assessment:
    """Submit (lock) the assessment."""
    if not assessment.is_draft:
        raise ValidationError(_("This assessment is already submitted."))
    return save_if_current(assessment, expected_version, {
        "status": Assessment.Status.SUBMITTED, "submitted_at": timezone.now(),
        "submitted_by": user})


def set_published(assessment: Assessment, expected_version: int, published: bool) -> Assessment:
    if assessment.is_draft and published:
        raise ValidationError(_("Submit the assessment before publishing it."))
    return save_if_current(assessment, expected_version, {"published": published})


def set_language(assessment: Assessment, expected_version: int, language: str) -> Assessment:
    return save_if_current(assessment, expected_version, {"language": language})


@transaction.atomic
def reopen(assessment: Assessment, user: User) -> Assessment:
    """Reopening never changes a submitted assessment: it starts a new draft with its answers
    (on the latest published version), which is compared with it once submitted."""
    if assessment.is_draft:
        raise ValidationError(_("This assessment is still in progress."))
    latest = assessment.questionnaire_version.questionnaire.latest_published()
    draft = start_assessment(user, latest, assessment.language, copy_from=assessment)
    for invitation in assessment.invitations.all():
        Collaborator.objects.create(assessment=draft, user_id=invitation.user_id, invited_by=user)
    return draft
