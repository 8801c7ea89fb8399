"""The secretariat's view across States: who has assessed, and which articles most States
need help with (from each State's latest submitted assessment)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rogatory.assessment import scoring
from rogatory.assessment.models import Answer, Assessment, Question


@dataclass
class StateRow:
    state: object
    latest: Assessment
    latest_submitted: Assessment | None
    count: int


@dataclass
class ArticleNeeds:
    article: str
    by_priority: dict[str, int] = field(default_factory=dict)
    states: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_priority.values())


def state_rows(questionnaire_id: int | None = None) -> list[StateRow]:
    """One row per State that has started an assessment, newest assessment first."""
    assessments = Assessment.objects.select_related(
        "state", "questionnaire_version__questionnaire").order_by("state_id", "-created")
    if questionnaire_id:
        assessments = assessments.filter(
            questionnaire_version__questionnaire_id=questionnaire_id)
    rows: dict[str, StateRow] = {}
    for assessment in assessments:
        row = rows.get(assessment.state_id)
        if row is None:
            row = rows[assessment.state_id] = StateRow(assessment.state, assessment, None, 0)
        row.count += 1
        if row.latest_submitted is None and not assessment.is_draft:
            row.latest_submitted = assessment
    return sorted(rows.values(), key=lambda r: r.state.name())


def _statuses(assessments: list[Assessment]) -> dict[int, tuple[list[dict], dict[str, str]]]:
    """(question specs, status by code) per assessment, in two queries for all of them."""
    versions = {a.questionnaire_version_id for a in assessments}
    questions: dict[int, list[Question]] = {}
    for question in Question.objects.filter(chapter__version_id__in=versions).select_related(
            "chapter"):
        questions.setdefault(question.chapter.version_id, []).append(question)
    answers: dict[int, dict[int, Answer]] = {}
    for answer in Answer.objects.filter(assessment__in=assessments).only(
            "assessment_id", "question_id", "value", "number", "text"):
        answers.setdefault(answer.assessment_id, {})[answer.question_id] = answer
    result = {}
    for assessment in assessments:
        given = answers.get(assessment.pk, {})
        own = questions.get(assessment.questionnaire_version_id, [])
        result[assessment.pk] = ([q.as_spec() for q in own], {
            q.code: scoring.score_answer(q.as_spec(), given[q.pk].as_spec() if q.pk in given
                                         else None) for q in own})
    return result


def aggregated_needs(rows: list[StateRow]) -> list[ArticleNeeds]:
    """Per article, how many States have a need of each priority, most needed first."""
    result: dict[str, ArticleNeeds] = {}
    submitted = [row.latest_submitted for row in rows if row.latest_submitted is not None]
    scored = _statuses(submitted)
    for row in rows:
        if row.latest_submitted is None:
            continue
        specs, statuses = scored[row.latest_submitted.pk]
        for article, level in scoring.article_needs(specs, statuses).items():
            entry = result.setdefault(article, ArticleNeeds(article))
            entry.by_priority[level] = entry.by_priority.get(level, 0) + 1
            entry.states.append(row.state.pk)
    return sorted(result.values(), key=lambda e: (-e.total, scoring.article_key(e.article)))


NEEDS_HEADER = ["article", "states_with_needs", "high", "medium", "low", "states"]


def needs_rows(entries: list[ArticleNeeds]) -> list[list]:
    """The aggregated needs as CSV rows (under NEEDS_HEADER)."""
    return [[e.article, e.total, *(e.by_priority.get(level, 0)
                                   for level in (scoring.HIGH, scoring.MEDIUM, scoring.LOW)),
             " ".join(e.states)] for e in entries]
