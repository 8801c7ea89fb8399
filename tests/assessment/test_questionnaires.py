"""Questionnaires are data: validated as a whole, loaded idempotently, versioned, immutable
once published, translated with English fallback; answers keep their version."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from rogatory.assessment import reference, report, schema, services
from rogatory.assessment.models import (
    Assessment,
    Chapter,
    Question,
    Questionnaire,
    QuestionnaireVersion,
)
from rogatory.assessment.text import localized
from tests.assessment.conftest import answer, question

pytestmark = pytest.mark.django_db


def test_reference_questionnaire_covers_the_articles_in_six_languages():
    reference.load(lambda _line: None)
    version = Questionnaire.objects.get(code="untoc").latest_published()
    assert version.questionnaire.instrument == "UNTOC"
    articles = set(Question.objects.filter(chapter__version=version)
                   .values_list("article", flat=True))
    assert {"5", "6", "8", "23", "10", "12", "13", "14", "15", "16", "17", "18", "19", "20",
            "21", "24", "25", "27", "29"} <= articles
    types = set(Question.objects.filter(chapter__version=version).values_list("type", flat=True))
    assert types == {"yes_no", "choice", "number", "text"}
    for q in Question.objects.filter(chapter__version=version):
        for field in (q.text, q.guidance):
            assert set(field) == {"ar", "zh", "en", "fr", "ru", "es"}, q.code
            assert all(text.strip() for text in field.values()), q.code
        for choice in q.choices:
            assert set(choice["label"]) == {"ar", "zh", "en", "fr", "ru", "es"}, q.code
    for chapter in Chapter.objects.filter(version=version):
        assert set(chapter.title) == {"ar", "zh", "en", "fr", "ru", "es"}


def test_reference_load_is_idempotent():
    lines: list[str] = []
    reference.load(lines.append)
    reference.load(lines.append)
    assert QuestionnaireVersion.objects.filter(questionnaire__code="untoc").count() == 1
    assert "up to date" in lines[-1]


def test_changed_file_becomes_a_new_published_version(small_data):
    first = services.load_questionnaire(small_data)
    small_data["chapters"][0]["questions"][0]["text"]["en"] = "Reworded question?"
    second = services.load_questionnaire(small_data)
    assert (first.number, second.number) == (1, 2)
    assert second.is_published
    assert question(first, "5.1").display_text("en") == "Is participation criminalized?"
    assert question(second, "5.1").display_text("en") == "Reworded question?"


@pytest.mark.parametrize(("change", "reason"), [
    (lambda d: d.update(code="Not A Slug"), "code:"),
    (lambda d: d["chapters"][0]["questions"][0].update(type="scale"), "type 'scale'"),
    (lambda d: d["chapters"][0]["questions"][1].update(code="5.1"), "used twice"),
    (lambda d: d["chapters"][1]["questions"][0]["text"].pop("en"), "English text is missing"),
    (lambda d: d["chapters"][0]["questions"][1].update(choices=[]), "at least two choices"),
    (lambda d: d["chapters"][1]["questions"][1].update(
        thresholds={"implemented_at": 1, "partly_at": 5}), "partly_at cannot be above"),
    (lambda d: d["chapters"][0]["questions"][0]["text"].update(xx="?"), "unknown language"),
    (lambda d: d["chapters"][0].update(articles=["five"]), "article numbers"),
])
def test_bad_file_is_rejected_whole_with_where_and_why(small_data, change, reason):
    change(small_data)
    with pytest.raises(schema.QuestionnaireInvalid) as error:
        services.load_questionnaire(small_data)
    assert reason in str(error.value)
    assert not Questionnaire.objects.exists() and not Question.objects.exists()


def test_validation_names_the_place_of_each_error(small_data):
    small_data["chapters"][1]["questions"][2]["type"] = "essay"
    small_data["chapters"][0]["questions"][0]["article"] = "x"
    errors = schema.validate(small_data)
    assert any(e.startswith("chapters[1].questions[2]: type") for e in errors)
    assert any(e.startswith("chapters[0].questions[0]: article") for e in errors)


def test_published_version_cannot_change(version):
    q = question(version, "5.1")
    q.text = {"en": "Changed"}
    with pytest.raises(ValidationError):
        q.save()
    with pytest.raises(ValidationError):
        q.delete()
    with pytest.raises(ValidationError):
        version.chapters.first().delete()
    version.notes = "edited"
    with pytest.raises(ValidationError):
        version.save()
    assert question(version, "5.1").display_text("en") == "Is participation criminalized?"


def test_new_draft_copies_everything_and_is_editable(version):
    draft = services.new_draft_version(version.questionnaire, "reword 5.1")
    assert draft.number == 2 and not draft.is_published
    assert Question.objects.filter(chapter__version=draft).count() == 5
    q = question(draft, "5.1")
    q.text = {"en": "Does domestic law criminalize participation?"}
    q.save()
    with pytest.raises(ValidationError, match="already has a draft"):
        services.new_draft_version(version.questionnaire)
    services.publish_version(draft)
    assert version.questionnaire.latest_published() == draft


def test_a_newer_version_never_changes_past_answers(actors, version):
    old = services.start_assessment(actors.focal_a, version)
    answer(old, actors.focal_a, "5.1", value="yes")
    answer(old, actors.focal_a, "5.2", value="list")
    services.submit(old, actors.focal_a, old.version)
    before = report.article_statuses(old)

    draft = services.new_draft_version(version.questionnaire)
    changed = question(draft, "5.2")
    changed.choices = [{"value": "list", "status": "not", "label": {"en": "A list"}},
                       {"value": "four", "status": "implemented", "label": {"en": "Four"}}]
    changed.text = {"en": "Reworded"}
    changed.save()
    question(draft, "5.1").delete()
    services.publish_version(draft)

    old.refresh_from_db()
    assert old.questionnaire_version == version
    saved = {a.question.code: (a.value, a.question.display_text("en"))
             for a in old.answers.select_related("question")}
    assert saved == {"5.1": ("yes", "Is participation criminalized?"),
                     "5.2": ("list", "How is serious crime defined?")}
    assert report.article_statuses(old) == before == {"5": "partly", "29": "not_assessed"}

    # Reopening moves to the new version; answers follow by code, removed questions drop.
    reopened = services.reopen(old, actors.focal_a)
    assert reopened.questionnaire_version == draft
    assert list(reopened.answers.values_list("question__code", flat=True)) == ["5.2"]
    assert report.article_statuses(reopened)["5"] == "not"


def test_only_published_versions_can_be_answered(actors, version):
    draft = services.new_draft_version(version.questionnaire)
    with pytest.raises(ValidationError):
        services.start_assessment(actors.focal_a, draft)


def test_texts_in_the_users_language_with_english_fallback(version):
    q = question(version, "5.1")
    assert localized(q.text, "fr") == "La participation est-elle incriminée ?"
    assert localized(q.text, "zh-hans") == "Is participation criminalized?"
    with translation.override("ar"):
        assert q.display_text() == "هل المشاركة مجرّمة؟"
    assert localized({}, "en") == ""


def test_load_questionnaire_command(tmp_path, small_data):
    path = tmp_path / "q.json"
    path.write_text(json.dumps(small_data))
    out = StringIO()
    call_command("assessment", "load-questionnaire", str(path), stdout=out)
    assert "loaded as version 1" in out.getvalue()
    small_data["chapters"][0]["questions"][0]["type"] = "nope"
    path.write_text(json.dumps(small_data))
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=r"chapters\[0\]\.questions\[0\]"):
        call_command("assessment", "load-questionnaire", str(path), stdout=StringIO())
    assert QuestionnaireVersion.objects.count() == 1


def test_one_draft_assessment_per_state_and_questionnaire(actors, version):
    services.start_assessment(actors.focal_a, version)
    with pytest.raises(ValidationError, match="already has an assessment in progress"):
        services.start_assessment(actors.focal_a, version)
    assert Assessment.objects.count() == 1
