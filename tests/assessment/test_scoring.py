"""The scoring rules (pure functions): per question type, per article, needs, comparison."""

import ast
from pathlib import Path

import pytest

from rogatory.assessment import scoring
from rogatory.assessment.scoring import (
    HIGH,
    IMPLEMENTED,
    INFO,
    LOW,
    MEDIUM,
    NOT,
    NOT_ASSESSED,
    PARTLY,
)

YES_NO = {"code": "1", "article": "5", "type": "yes_no", "mandatory": True}
CHOICE = {"code": "2", "article": "5", "type": "choice", "mandatory": True, "choices": [
    {"value": "a", "status": "implemented"}, {"value": "b", "status": "partly"},
    {"value": "c", "status": "not"}, {"value": "d", "status": "none"}]}
NUMBER = {"code": "3", "article": "29", "type": "number", "mandatory": True,
          "thresholds": {"implemented_at": 50, "partly_at": 1}}


@pytest.mark.parametrize(("value", "status"), [
    ("yes", IMPLEMENTED), ("partly", PARTLY), ("no", NOT), ("unknown", NOT_ASSESSED),
    ("", NOT_ASSESSED), ("maybe", NOT_ASSESSED)])
def test_yes_no(value, status):
    assert scoring.score_answer(YES_NO, {"value": value}) == status


def test_no_answer_is_not_assessed_never_no():
    assert scoring.score_answer(YES_NO, None) == NOT_ASSESSED
    assert scoring.score_answer(CHOICE, None) == NOT_ASSESSED
    assert scoring.score_answer(NUMBER, None) == NOT_ASSESSED


@pytest.mark.parametrize(("value", "status"), [
    ("a", IMPLEMENTED), ("b", PARTLY), ("c", NOT), ("d", NOT_ASSESSED), ("zzz", NOT_ASSESSED)])
def test_choice_takes_the_status_of_the_chosen_option(value, status):
    assert scoring.score_answer(CHOICE, {"value": value}) == status


def test_choice_without_scored_options_is_information():
    info = {**CHOICE, "choices": [{"value": "x", "status": "none"}, {"value": "y"}]}
    assert scoring.score_answer(info, {"value": "x"}) == INFO


@pytest.mark.parametrize(("number", "status"), [
    (0, NOT), (1, PARTLY), (49.5, PARTLY), (50, IMPLEMENTED), (1000, IMPLEMENTED),
    (None, NOT_ASSESSED)])
def test_number_thresholds(number, status):
    assert scoring.score_answer(NUMBER, {"number": number}) == status


def test_number_without_thresholds_and_text_are_information():
    assert scoring.score_answer({**NUMBER, "thresholds": {}}, {"number": 3}) == INFO
    assert scoring.score_answer({"type": "text"}, {"text": "anything"}) == INFO


def test_unknown_type_is_an_error():
    with pytest.raises(ValueError, match="unknown question type"):
        scoring.score_answer({"type": "scale"}, {"value": "1"})


@pytest.mark.parametrize(("statuses", "expected"), [
    ([IMPLEMENTED, IMPLEMENTED], IMPLEMENTED), ([NOT, NOT], NOT),
    ([IMPLEMENTED, NOT], PARTLY), ([PARTLY], PARTLY), ([IMPLEMENTED, NOT_ASSESSED], IMPLEMENTED),
    ([NOT_ASSESSED, INFO], NOT_ASSESSED), ([], NOT_ASSESSED), ([NOT, INFO], NOT)])
def test_article_aggregate(statuses, expected):
    assert scoring.aggregate(statuses) == expected


def test_coverage_counts_scored_questions_only():
    assert scoring.coverage([IMPLEMENTED, NOT_ASSESSED, INFO, NOT]) == (2, 3)


@pytest.mark.parametrize(("status", "mandatory", "expected"), [
    (NOT, True, HIGH), (NOT, False, MEDIUM), (PARTLY, True, MEDIUM), (PARTLY, False, LOW),
    (IMPLEMENTED, True, None), (NOT_ASSESSED, True, None), (INFO, True, None)])
def test_priority(status, mandatory, expected):
    assert scoring.priority(status, mandatory) == expected


def test_needs_sorted_by_priority_then_article():
    questions = [
        {"code": "29.1", "article": "29", "mandatory": False},
        {"code": "18.1", "article": "18", "mandatory": True},
        {"code": "5.1", "article": "5", "mandatory": True},
        {"code": "6.1", "article": "6", "mandatory": True},
    ]
    statuses = {"29.1": PARTLY, "18.1": NOT, "5.1": PARTLY, "6.1": IMPLEMENTED}
    found = scoring.needs(questions, statuses)
    assert [(n.code, n.priority) for n in found] == [
        ("18.1", HIGH), ("5.1", MEDIUM), ("29.1", LOW)]
    assert scoring.article_needs(questions, statuses) == {"18": HIGH, "5": MEDIUM, "29": LOW}


def test_article_statuses_in_numeric_order():
    questions = [{"code": "a", "article": "18"}, {"code": "b", "article": "5"},
                 {"code": "c", "article": "5"}]
    result = scoring.article_statuses(questions, {"a": NOT, "b": IMPLEMENTED, "c": NOT})
    assert list(result.items()) == [("5", PARTLY), ("18", NOT)]


def test_compare_with_previous_assessment():
    before = {"5": NOT, "6": IMPLEMENTED, "8": PARTLY, "10": NOT_ASSESSED}
    now = {"5": PARTLY, "6": PARTLY, "8": PARTLY, "10": IMPLEMENTED, "29": NOT}
    assert scoring.compare(before, now) == {
        "5": "improved", "6": "worse", "8": "unchanged", "10": "not_comparable", "29": "new"}


def test_scoring_does_not_import_django():
    source = Path(scoring.__file__).read_text()
    imported = {node.module if isinstance(node, ast.ImportFrom) else alias.name
                for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in getattr(node, "names", [])}
    assert not any(name and name.startswith("django") for name in imported)
