"""Reads of assessments and questionnaires, narrowed to what the user may see."""

from django.db.models import Q, QuerySet

from rogatory.assessment.models import (
    Answer,
    Assessment,
    Chapter,
    Question,
    Questionnaire,
    QuestionnaireVersion,
)
from rogatory.library.models import Item, Tag
from rogatory.library.selectors import visible_items
from rogatory.permissions.predicates import is_focal_point, is_official, is_secretariat


def visible_assessments(user) -> QuerySet[Assessment]:
    """Secretariat: all. A focal point: its State's. Invited officials: those they are invited
    to (while of the same State). Everyone: the published ones."""
    assessments = Assessment.objects.select_related(
        "state", "questionnaire_version__questionnaire")
    if is_secretariat(user):
        return assessments
    scope = Q(published=True)
    if is_focal_point(user) and user.state_id:
        scope |= Q(state_id=user.state_id)
    elif is_official(user) and user.state_id:
        scope |= Q(invitations__user=user, state_id=user.state_id)
    return assessments.filter(scope).distinct()


def assessment_for(user, pk: int) -> Assessment:
    """The assessment, or Assessment.DoesNotExist when the user may not see it."""
    return visible_assessments(user).get(pk=pk)


def published_questionnaires() -> list[tuple[Questionnaire, QuestionnaireVersion]]:
    result = []
    for questionnaire in Questionnaire.objects.all():
        version = questionnaire.latest_published()
        if version is not None:
            result.append((questionnaire, version))
    return result


def chapters_of(version: QuestionnaireVersion) -> QuerySet[Chapter]:
    return version.chapters.prefetch_related("questions__library_items")


def questions_of(version: QuestionnaireVersion) -> QuerySet[Question]:
    return Question.objects.filter(chapter__version=version).select_related("chapter")


def answers_of(assessment: Assessment) -> dict[int, Answer]:
    """Answers by question id, with their evidence items."""
    answers = assessment.answers.select_related("updated_by").prefetch_related("evidence__item")
    return {answer.question_id: answer for answer in answers}


def previous_submitted(reader, assessment: Assessment) -> Assessment | None:
    """The State's last assessment submitted before this one (of the same questionnaire) that
    the reader may see, the baseline of the comparison: an unpublished one must not show
    through a published one."""
    earlier = visible_assessments(reader).filter(
        state_id=assessment.state_id, status=Assessment.Status.SUBMITTED,
        questionnaire_version__questionnaire_id=assessment.questionnaire_version.questionnaire_id,
    ).exclude(pk=assessment.pk)
    if assessment.submitted_at:
        earlier = earlier.filter(submitted_at__lt=assessment.submitted_at)
    return earlier.order_by("-submitted_at").first()


def evidence_candidates(user, assessment: Assessment, question: Question) -> QuerySet[Item]:
    """Library items an answer may cite: the State's own items and international ones on the
    question's article, the items the question links to, at most 200."""
    on_article = Tag.objects.filter(kind=Tag.Kind.ARTICLE, value=question.article).values(
        "item_id")
    scope = (Q(state_id=assessment.state_id) | Q(state__isnull=True, pk__in=on_article)
             | Q(pk__in=question.library_items.values("pk")))
    return visible_items(user).filter(scope).order_by("state_id", "title")[:200]


def related_library_items(user, question: Question, state_id: str | None) -> list[Item]:
    """Items the question links to, then the State's items tagged with its article."""
    linked = list(visible_items(user).filter(pk__in=question.library_items.values("pk")))
    on_article = Tag.objects.filter(kind=Tag.Kind.ARTICLE, value=question.article).values(
        "item_id")
    extra = visible_items(user).filter(pk__in=on_article, state_id=state_id).exclude(
        pk__in=[item.pk for item in linked])[:5] if state_id else []
    return [*linked, *extra]
