"""Filling an assessment over time: save as you go (page and API), optimistic concurrency,
evidence, history, submit (locks), reopen (a new assessment), comparison."""

import re

import pytest
from django.core.exceptions import ValidationError

from rogatory.accounts.models import Role, User
from rogatory.assessment import demo, reference, report, services
from rogatory.assessment.models import Answer, Assessment, Evidence
from rogatory.core.concurrency import ConflictError
from rogatory.library.models import Item
from tests.assessment.conftest import answer, question
from tests.conftest import api_client_for, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def law(db) -> Item:
    return Item.objects.create(kind="legislation", title="Organized Crime Act (test)",
                               state_id="NL", language="en")


def _form(assessment, **values) -> dict:
    """A chapter form post for art-5 from the answers' current versions."""
    data = {}
    for code in ("5.1", "5.2"):
        q = question(assessment.questionnaire_version, code)
        current = assessment.answers.filter(question=q).first()
        data[f"q{q.pk}-version"] = current.version if current else 0
        for name, value in values.get(code, {}).items():
            data[f"q{q.pk}-{name}"] = value
    return data


def test_page_saves_answers_comments_and_evidence(actors, assessment_a, law):
    client = client_for(actors.focal_a)
    url = f"/assessment/{assessment_a.pk}/chapters/art-5/"
    page = client.get(url).content.decode()
    assert "Is participation criminalized?" in page and "Cite the code." in page
    assert law.title in page  # the State's law is offered as evidence
    response = client.post(url, _form(assessment_a, **{
        "5.1": {"answer": "partly", "comment": "Bill pending", "evidence_items": [law.pk],
                "evidence_urls": "https://example.org/law\nhttps://example.org/bill"},
        "5.2": {"answer": "four"}}))
    assert response.status_code == 302 and response["Location"].endswith("/chapters/art-5/")
    saved = {a.question.code: a for a in assessment_a.answers.select_related("question")}
    assert saved["5.1"].value == "partly" and saved["5.1"].comment == "Bill pending"
    assert saved["5.1"].url_list == ["https://example.org/law", "https://example.org/bill"]
    assert list(saved["5.1"].evidence.values_list("item_id", flat=True)) == [law.pk]
    assert saved["5.2"].value == "four" and saved["5.1"].updated_by == actors.focal_a
    # Coming back later: the form shows what was saved.
    page = client.get(url).content.decode()
    assert "Bill pending" in page
    assert re.search(r'value="partly" id="id_q\d+-answer_1" checked', page)


def test_save_and_next_goes_to_the_next_chapter(actors, assessment_a):
    response = client_for(actors.focal_a).post(
        f"/assessment/{assessment_a.pk}/chapters/art-5/",
        {**_form(assessment_a, **{"5.1": {"answer": "yes"}}), "save_next": "1"})
    assert response["Location"].endswith("/chapters/art-29/")


def test_bad_input_is_rejected_whole(actors, assessment_a):
    response = client_for(actors.focal_a).post(
        f"/assessment/{assessment_a.pk}/chapters/art-5/", _form(assessment_a, **{
            "5.1": {"answer": "yes", "evidence_urls": "not a url"},
            "5.2": {"answer": "four"}}))
    assert response.status_code == 400
    assert "Not a web address: not a url" in response.content.decode()
    assert not assessment_a.answers.exists()
    response = client_for(actors.focal_a).post(
        f"/assessment/{assessment_a.pk}/chapters/art-5/",
        _form(assessment_a, **{"5.2": {"answer": "invented"}}))
    assert response.status_code == 400 and not assessment_a.answers.exists()


def test_stale_form_is_a_conflict_and_writes_nothing(actors, assessment_a):
    stale = _form(assessment_a, **{"5.1": {"answer": "no"}, "5.2": {"answer": "list"}})
    answer(assessment_a, actors.focal_a, "5.1", value="yes")  # someone else saved meanwhile
    response = client_for(actors.focal_a).post(
        f"/assessment/{assessment_a.pk}/chapters/art-5/", stale)
    assert response.status_code == 400
    assert "Someone else saved this record first" in response.content.decode()
    assert {a.question.code: a.value for a in assessment_a.answers.all()} == {"5.1": "yes"}


def test_unchanged_answers_are_not_saved_again(actors, assessment_a):
    answer(assessment_a, actors.focal_a, "5.1", value="yes")
    stale_but_same = _form(assessment_a, **{"5.1": {"answer": "yes"}})
    answer(assessment_a, actors.focal_a, "5.1", value="yes", comment="c")
    saved = services.save_answers(assessment_a, actors.focal_a, [services.AnswerChange(
        question=question(assessment_a.questionnaire_version, "5.1"), expected_version=2,
        value="yes", comment="c")])
    assert saved == [] and stale_but_same
    assert Answer.history.filter(assessment_id=assessment_a.pk).count() == 2


def test_history_of_every_answer_and_evidence_is_kept(actors, assessment_a, law):
    answer(assessment_a, actors.focal_a, "5.1", value="no")
    answer(assessment_a, actors.focal_a, "5.1", value="partly", evidence_items=[law.pk])
    answer(assessment_a, actors.focal_a, "5.1", value="yes")
    values = list(Answer.history.filter(assessment_id=assessment_a.pk)
                  .order_by("history_date").values_list("value", flat=True))
    assert values == ["no", "partly", "yes"]
    assert Evidence.history.filter(history_type="+").count() == 1
    assert Evidence.history.filter(history_type="-").count() == 1


def test_api_saves_one_answer_with_optimistic_concurrency(actors, assessment_a, law):
    api = api_client_for(actors.focal_a)
    url = f"/api/v1/assessments/{assessment_a.pk}/answers/5.1/"
    missing = api.patch(url, {"value": "yes"}, format="json")
    assert missing.status_code == 428 and missing.json()["error"]["code"]
    first = api.patch(url, {"value": "partly", "evidence_items": [law.pk],
                            "evidence_urls": ["https://example.org/a"]},
                      format="json", HTTP_IF_MATCH='"0"')
    assert first.status_code == 200, first.json()
    body = first.json()
    assert (body["value"], body["status"], body["version"]) == ("partly", "partly", 1)
    assert body["evidence_items"] == [law.pk] and first["ETag"] == '"1"'
    # A partial change keeps the other fields.
    second = api.patch(url, {"comment": "Bill adopted", "version": 1}, format="json")
    assert second.json()["evidence_items"] == [law.pk] and second.json()["version"] == 2
    stale = api.patch(url, {"value": "no"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    bad = api.patch(url, {"value": "sometimes"}, format="json", HTTP_IF_MATCH='"2"')
    assert bad.status_code == 400 and "value" in bad.json()["error"]["fields"]
    number = api.patch(f"/api/v1/assessments/{assessment_a.pk}/answers/29.2/",
                       {"number": "75"}, format="json", HTTP_IF_MATCH='"0"')
    assert number.json()["status"] == "implemented"
    assert api.patch(f"/api/v1/assessments/{assessment_a.pk}/answers/99.9/", {"value": "yes"},
                     format="json", HTTP_IF_MATCH='"0"').status_code == 404
    assert assessment_a.answers.get(question__code="5.1").value == "partly"


def test_api_detail_has_answers_and_gap_report(actors, assessment_a):
    answer(assessment_a, actors.focal_a, "5.1", value="no")
    data = api_client_for(actors.focal_a).get(f"/api/v1/assessments/{assessment_a.pk}/").json()
    assert data["state"] == "NL" and data["state_name"] == "Netherlands"
    assert data["questionnaire"] == "test-untoc" and data["instrument"] == "UNTOC"
    assert [a["question"] for a in data["answers"]] == ["5.1"]
    assert data["report"]["needs"] == [
        {"article": "5", "question": "5.1", "status": "not", "priority": "high"}]
    assert {a["article"]: a["status"] for a in data["report"]["articles"]} == {
        "5": "not", "29": "not_assessed"}


def test_submit_locks_and_reopen_starts_a_new_assessment(actors, assessment_a):
    services.invite(assessment_a, actors.focal_a, "officer@a.test")
    answer(assessment_a, actors.focal_a, "5.1", value="no")
    answer(assessment_a, actors.focal_a, "29.2", number=10)
    api = api_client_for(actors.focal_a)
    assert api.post(f"/api/v1/assessments/{assessment_a.pk}/submit/", {},
                    format="json", HTTP_IF_MATCH='"9"').status_code == 409
    response = api.post(f"/api/v1/assessments/{assessment_a.pk}/submit/", {"version": 1},
                        format="json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assessment_a.refresh_from_db()
    assert assessment_a.submitted_by == actors.focal_a
    with pytest.raises(ValidationError):
        answer(assessment_a, actors.focal_a, "5.1", value="yes")
    assert client_for(actors.focal_a).post(
        f"/assessment/{assessment_a.pk}/chapters/art-5/",
        _form(assessment_a, **{"5.1": {"answer": "yes"}})).status_code == 403

    response = client_for(actors.focal_a).post(f"/assessment/{assessment_a.pk}/reopen/")
    reopened = Assessment.objects.exclude(pk=assessment_a.pk).get()
    assert response["Location"] == f"/assessment/{reopened.pk}/"
    assert reopened.is_draft and reopened.previous == assessment_a
    assert {a.question.code: (a.value, a.number) for a in reopened.answers.all()} == {
        "5.1": ("no", None), "29.2": ("", 10)}
    assert list(reopened.invitations.values_list("user__email", flat=True)) == [
        "officer@a.test"]
    assessment_a.refresh_from_db()
    assert not assessment_a.is_draft  # the submitted one is kept as it was

    answer(reopened, actors.focal_a, "5.1", value="yes")
    answer(reopened, actors.focal_a, "29.2", number=0)
    services.submit(reopened, actors.focal_a, reopened.version)
    data = report.build_report(actors.focal_a, Assessment.objects.get(pk=reopened.pk))
    assert data.previous == assessment_a
    assert {r.article: r.comparison for r in data.articles} == {"5": "improved",
                                                                "29": "worse"}


def test_publish_requires_submission(actors, assessment_a):
    with pytest.raises(ValidationError):
        services.set_published(assessment_a, assessment_a.version, True)


def test_concurrent_first_answers_conflict(actors, assessment_a):
    q = question(assessment_a.questionnaire_version, "5.1")
    services.save_answers(assessment_a, actors.focal_a, [
        services.AnswerChange(question=q, expected_version=0, value="yes")])
    with pytest.raises(ConflictError):
        services.save_answers(assessment_a, actors.focal_a, [
            services.AnswerChange(question=q, expected_version=0, value="no")])


def test_change_of_report_language(actors, assessment_a):
    response = client_for(actors.focal_a).post(
        f"/assessment/{assessment_a.pk}/language/",
        {"language": "ar", "version": assessment_a.version})
    assert response.status_code == 302
    assessment_a.refresh_from_db()
    assert assessment_a.language == "ar" and assessment_a.version == 2


def test_demo_data_loads_idempotently(db):
    from rogatory.accounts import demo as accounts_demo
    from rogatory.directory import demo as directory_demo
    from rogatory.library import demo as library_demo

    reference.load(lambda _line: None)
    directory_demo.load(lambda _line: None)
    accounts_demo.load(lambda _line: None)
    library_demo.load(lambda _line: None)
    lines: list[str] = []
    demo.load(lines.append)
    demo.load(lines.append)
    assert Assessment.objects.filter(state_id="NL").count() == 2
    current = Assessment.objects.get(state_id="NL", status="draft")
    assert current.previous.status == "submitted" and current.answers.count() > 10
    assert "already loaded" in lines[-1]
    focal_point = User.objects.filter(role=Role.FOCAL_POINT, state_id="NL").first()
    data = report.build_report(focal_point, current)
    assert data.previous == current.previous
    assert any(row.comparison == "improved" for row in data.articles)
