"""A small questionnaire the tests write themselves (one question of each type, on two
articles), and helpers to start and fill assessments."""

import copy

import pytest

from rogatory.assessment import services
from rogatory.assessment.models import Assessment, Question, QuestionnaireVersion


def texts(en: str, fr: str = "", ar: str = "") -> dict:
    result = {"en": en}
    if fr:
        result["fr"] = fr
    if ar:
        result["ar"] = ar
    return result


SMALL = {
    "code": "test-untoc", "instrument": "UNTOC", "title": texts("Test questionnaire",
                                                                "Questionnaire d'essai"),
    "chapters": [
        {"key": "art-5", "articles": ["5"], "title": texts("Participation", "Participation",
                                                          "المشاركة"),
         "questions": [
             {"code": "5.1", "article": "5", "type": "yes_no", "mandatory": True,
              "text": texts("Is participation criminalized?",
                            "La participation est-elle incriminée ?",
                            "هل المشاركة مجرّمة؟"),
              "guidance": texts("Cite the code.", "Citez le code.")},
             {"code": "5.2", "article": "5", "type": "choice", "mandatory": True,
              "text": texts("How is serious crime defined?",
                            "Comment l'infraction grave est-elle définie ?"),
              "choices": [
                  {"value": "four", "status": "implemented", "label": texts("Four years")},
                  {"value": "list", "status": "partly", "label": texts("A list", "Une liste")},
                  {"value": "none", "status": "not", "label": texts("Not defined")}]},
         ]},
        {"key": "art-29", "articles": ["29"], "title": texts("Training", "Formation"),
         "questions": [
             {"code": "29.1", "article": "29", "type": "yes_no", "mandatory": False,
              "text": texts("Is there a training programme?",
                            "Existe-t-il un programme de formation ?")},
             {"code": "29.2", "article": "29", "type": "number", "mandatory": True,
              "text": texts("How many officials were trained?",
                            "Combien d'agents ont été formés ?"),
              "thresholds": {"implemented_at": 50, "partly_at": 1}},
             {"code": "29.3", "article": "29", "type": "text", "mandatory": True,
              "text": texts("Which assistance would you like?",
                            "Quelle assistance souhaitez-vous ?")},
         ]},
    ],
}


@pytest.fixture
def small_data() -> dict:
    return copy.deepcopy(SMALL)


@pytest.fixture
def version(db, small_data) -> QuestionnaireVersion:
    return services.load_questionnaire(small_data)


def question(version: QuestionnaireVersion, code: str) -> Question:
    return Question.objects.get(chapter__version=version, code=code)


def answer(assessment: Assessment, user, code: str, **fields) -> None:
    """Save one answer on top of whatever version it has now."""
    q = question(assessment.questionnaire_version, code)
    current = assessment.answers.filter(question=q).first()
    services.save_answers(assessment, user, [services.AnswerChange(
        question=q, expected_version=current.version if current else 0, **fields)])


@pytest.fixture
def assessment_a(actors, version) -> Assessment:
    """A draft assessment of State A (NL) by its focal point."""
    return services.start_assessment(actors.focal_a, version, "en")


@pytest.fixture
def assessment_b(actors, version) -> Assessment:
    """A draft assessment of State B (FR)."""
    return services.start_assessment(actors.focal_b, version, "fr")
