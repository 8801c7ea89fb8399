"""Confidential to the State (its focal points, the officials they invite) and the secretariat
unless published: pages and API alike; State A's people get 404 for State B's assessment."""

import pytest

from rogatory.assessment import services
from rogatory.assessment.models import Assessment
from tests.assessment.conftest import answer, question
from tests.conftest import ROLES, api_client_for, client_for

pytestmark = pytest.mark.django_db

READERS_OF_A = {"focal_a", "secretariat"}


def pages(assessment: Assessment) -> list[str]:
    base = f"/assessment/{assessment.pk}/"
    return [base, f"{base}chapters/art-5/", f"{base}report/", f"{base}report.docx"]


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_a_confidential_assessment(actors, assessment_a, role):
    user = actors.by_name(role)
    expected = 200 if role in READERS_OF_A else 404
    for url in pages(assessment_a):
        assert client_for(user).get(url).status_code == expected, (role, url)
    api = api_client_for(user).get(f"/api/v1/assessments/{assessment_a.pk}/")
    assert api.status_code == expected, role
    report = api_client_for(user).get(f"/api/v1/assessments/{assessment_a.pk}/report/")
    assert report.status_code == expected, role


@pytest.mark.parametrize("role", ROLES)
def test_api_list_is_the_callers_scope(actors, assessment_a, assessment_b, role):
    response = api_client_for(actors.by_name(role)).get("/api/v1/assessments/")
    assert response.status_code == 200
    states = sorted(row["state"] for row in response.json()["results"])
    expected = {"focal_a": ["NL"], "focal_b": ["FR"], "secretariat": ["FR", "NL"]}
    assert states == expected.get(role, [])


def _chapter_post(assessment: Assessment, value: str = "yes", version: int = 0) -> dict:
    q = question(assessment.questionnaire_version, "5.1")
    q2 = question(assessment.questionnaire_version, "5.2")
    return {f"q{q.pk}-answer": value, f"q{q.pk}-version": version, f"q{q2.pk}-version": 0}


@pytest.mark.parametrize(("role", "expected"), [
    ("anonymous", 404), ("practitioner", 404), ("officer_a", 404), ("officer_b", 404),
    ("focal_b", 404), ("secretariat", 403), ("focal_a", 302)])
def test_who_edits_answers_page(actors, assessment_a, role, expected):
    response = client_for(actors.by_name(role)).post(
        f"/assessment/{assessment_a.pk}/chapters/art-5/", _chapter_post(assessment_a))
    assert response.status_code == expected
    assert assessment_a.answers.count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize(("role", "expected"), [
    ("anonymous", 401), ("practitioner", 404), ("officer_b", 404), ("focal_b", 404),
    ("secretariat", 403), ("focal_a", 200)])
def test_who_edits_answers_api(actors, assessment_a, role, expected):
    response = api_client_for(actors.by_name(role)).patch(
        f"/api/v1/assessments/{assessment_a.pk}/answers/5.1/", {"value": "yes"},
        format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code in ((401, 403) if expected == 401 else (expected,))
    assert assessment_a.answers.count() == (1 if expected == 200 else 0)


def test_invited_official_reads_and_edits_but_cannot_submit(actors, assessment_a):
    services.invite(assessment_a, actors.focal_a, "officer@a.test")
    officer = client_for(actors.officer_a)
    assert officer.get(f"/assessment/{assessment_a.pk}/").status_code == 200
    assert officer.post(f"/assessment/{assessment_a.pk}/chapters/art-5/",
                        _chapter_post(assessment_a)).status_code == 302
    assert officer.post(f"/assessment/{assessment_a.pk}/submit/",
                        {"version": assessment_a.version}).status_code == 403
    assert officer.post(f"/assessment/{assessment_a.pk}/invite/",
                        {"email": "practitioner@a.test"}).status_code == 403
    listed = api_client_for(actors.officer_a).get("/api/v1/assessments/").json()["results"]
    assert [row["id"] for row in listed] == [assessment_a.pk]
    # The practitioner of the same State, not invited, still sees nothing.
    assert client_for(actors.practitioner).get(
        f"/assessment/{assessment_a.pk}/").status_code == 404


def test_only_officials_of_the_same_state_can_be_invited(actors, assessment_a):
    response = client_for(actors.focal_a).post(f"/assessment/{assessment_a.pk}/invite/",
                                               {"email": "officer@b.test"}, follow=True)
    assert "No active official of this State" in response.content.decode()
    assert not assessment_a.invitations.exists()
    assert client_for(actors.focal_b).post(f"/assessment/{assessment_a.pk}/invite/",
                                           {"email": "officer@b.test"}).status_code == 404


def test_withdrawn_invitation_ends_access(actors, assessment_a):
    services.invite(assessment_a, actors.focal_a, "officer@a.test")
    client_for(actors.focal_a).post(
        f"/assessment/{assessment_a.pk}/invite/{actors.officer_a.pk}/remove/")
    assert client_for(actors.officer_a).get(f"/assessment/{assessment_a.pk}/").status_code == 404


def test_published_assessment_is_public_read_only(actors, assessment_a):
    answer(assessment_a, actors.focal_a, "5.1", value="yes")
    submitted = services.submit(assessment_a, actors.focal_a, assessment_a.version)
    focal = client_for(actors.focal_a)
    assert focal.post(f"/assessment/{submitted.pk}/publish/",
                      {"version": submitted.version, "published": "1"}).status_code == 302
    anonymous = client_for(None)
    for url in pages(submitted):
        assert anonymous.get(url).status_code == 200, url
    assert anonymous.get(f"/assessment/{submitted.pk}/history/").status_code == 403
    assert client_for(actors.focal_b).get(
        f"/assessment/{submitted.pk}/history/").status_code == 403
    listed = api_client_for(None).get("/api/v1/assessments/").json()["results"]
    assert [row["id"] for row in listed] == [submitted.pk]
    # Still nobody outside the State may change it.
    assert client_for(actors.focal_b).post(f"/assessment/{submitted.pk}/publish/", {
        "version": submitted.version + 1, "published": "0"}).status_code == 403


@pytest.mark.parametrize(("role", "expected"), [
    ("anonymous", 302), ("practitioner", 403), ("focal_a", 403), ("secretariat", 200)])
def test_overview_and_questionnaires_are_for_the_secretariat(actors, version, role, expected):
    client = client_for(actors.by_name(role))
    for url in ("/assessment/overview/", "/assessment/overview/needs.csv",
                "/assessment/questionnaires/",
                f"/assessment/questionnaires/versions/{version.pk}/"):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize(("role", "expected"), [
    ("practitioner", 403), ("officer_a", 403), ("secretariat", 403), ("focal_a", 302)])
def test_only_focal_points_start_an_assessment(actors, version, role, expected):
    response = client_for(actors.by_name(role)).post(
        "/assessment/", {"questionnaire": version.pk, "language": "fr"})
    assert response.status_code == expected
    created = Assessment.objects.filter(state_id="NL")
    assert created.count() == (1 if expected == 302 else 0)
    if expected == 302:
        assert created.get().language == "fr" and created.get().created_by == actors.focal_a


def test_history_is_for_the_team_and_the_secretariat(actors, assessment_a):
    answer(assessment_a, actors.focal_a, "5.1", value="no")
    answer(assessment_a, actors.focal_a, "5.1", value="yes", comment="Law adopted")
    url = f"/assessment/{assessment_a.pk}/history/"
    html = client_for(actors.focal_a).get(url).content.decode()
    assert html.count("<th scope=\"row\">5.1</th>") == 2 and "Law adopted" in html
    assert client_for(actors.secretariat).get(url).status_code == 200
    assert client_for(actors.focal_b).get(url).status_code == 404
