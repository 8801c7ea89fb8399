"""Handing a draft over (issue #17): a practitioner submits a finished draft to a central
authority of its State; that authority's officers see it in their queue, correct it, return it
with a comment or accept it and send it; every step is in the timeline and e-mailed."""

import pytest
from django.core import mail

from rogatory.accounts.models import Role
from rogatory.cases.models import Case
from rogatory.directory.models import Authority
from rogatory.writer import services
from rogatory.writer.models import RequestDraft, ReviewEvent
from rogatory.writer.selectors import review_authorities
from tests.conftest import api_client_for, client_for, make_user
from tests.writer.conftest import route_result
from tests.writer.test_api import URL, create
from tests.writer.test_pages import draft_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _route(directory, settings):
    directory(route_result())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def submitted(actors, **changes) -> RequestDraft:
    draft = draft_for(actors.practitioner, **changes)
    return services.submit_for_review(draft, draft.version, actors.practitioner,
                                      actors.authority_a, "Please check the annexes.")


def test_the_whole_hand_over_through_the_pages(actors, django_capture_on_commit_callbacks):
    committed = django_capture_on_commit_callbacks  # each step e-mails once it is committed
    practitioner, officer = client_for(actors.practitioner), client_for(actors.officer_a)
    draft = draft_for(actors.practitioner)
    page = practitioner.get(f"/requests/{draft.pk}/review/").content.decode()
    assert f'action="/requests/{draft.pk}/submit/"' in page and "Central Authority A" in page
    with committed(execute=True):
        response = practitioner.post(f"/requests/{draft.pk}/submit/", {
            "version": draft.version, "authority": actors.authority_a.pk, "comment": "Urgent."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "in_review" and draft.review_authority == actors.authority_a
    assert [m.to for m in mail.outbox] == [[actors.officer_a.email]]
    assert draft.title not in mail.outbox[0].body  # nothing of the content by e-mail
    # Read-only for its author while under review.
    assert practitioner.post(f"/requests/{draft.pk}/case/", {
        "version": draft.version, "subject": "x"}).status_code == 403
    assert practitioner.get(f"/requests/{draft.pk}/").url.endswith("/review/")
    # The officer's queue, then the draft, which the officer may correct.
    queue = officer.get("/requests/for-review/").content.decode()
    assert f'href="/requests/{draft.pk}/review/"' in queue
    assert "1 request waiting" in officer.get("/requests/").content.decode()
    review = officer.get(f"/requests/{draft.pk}/review/").content.decode()
    assert f'action="/requests/{draft.pk}/return/"' in review and "Urgent." in review
    response = officer.post(f"/requests/{draft.pk}/urgency/", {"version": draft.version,
                                                                "urgent": "false"})
    assert response.status_code == 302
    draft.refresh_from_db()
    with committed(execute=True):
        officer.post(f"/requests/{draft.pk}/return/", {"version": draft.version,
                                                       "return-comment": "Add the court order."})
    draft.refresh_from_db()
    assert draft.status == "returned" and mail.outbox[-1].to == [actors.practitioner.email]
    assert officer.get(f"/requests/{draft.pk}/review/").status_code == 404  # back with its author
    page = practitioner.get(f"/requests/{draft.pk}/review/").content.decode()
    assert "Add the court order." in page and "Returned with comments" in page
    assert practitioner.post(f"/requests/{draft.pk}/urgency/", {
        "version": draft.version, "urgent": "false"}).status_code == 302  # editable again
    draft.refresh_from_db()
    practitioner.post(f"/requests/{draft.pk}/submit/", {"version": draft.version,
                                                        "authority": actors.authority_a.pk})
    draft.refresh_from_db()
    officer.post(f"/requests/{draft.pk}/accept/", {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == "accepted"
    review = officer.get(f"/requests/{draft.pk}/review/").content.decode()
    assert f'action="/requests/{draft.pk}/send/"' in review
    with committed(execute=True):
        officer.post(f"/requests/{draft.pk}/send/", {"version": draft.version})
    draft.refresh_from_db()
    case = Case.objects.get(pk=draft.case_id)
    assert draft.status == "sent" and case.authority == actors.authority_a
    assert case.created_by == actors.officer_a and case.direction == "outgoing"
    assert [e.kind for e in draft.review_events.all()] == [
        "submitted", "returned", "submitted", "accepted", "sent"]
    assert [e.actor for e in draft.review_events.all()] == [
        actors.practitioner, actors.officer_a, actors.practitioner, actors.officer_a,
        actors.officer_a]
    assert mail.outbox[-1].to == [actors.practitioner.email] and len(mail.outbox) == 3
    page = practitioner.get(f"/requests/{draft.pk}/review/").content.decode()
    assert page.count('<li><strong>') == 5 and "Sent" in page


def test_the_hand_over_through_the_api(actors):
    body = create(actors.practitioner)
    practitioner, officer = api_client_for(actors.practitioner), api_client_for(actors.officer_a)
    url = f"{URL}{body['id']}/"
    assert practitioner.post(f"{url}submit/", {}, format="json").status_code == 428
    response = practitioner.post(f"{url}submit/", {"version": 1, "comment": "Hi"}, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "in_review" and data["review_authority"] == actors.authority_a.pk
    assert data["timeline"][0]["kind"] == "submitted" and data["timeline"][0]["comment"] == "Hi"
    queue = officer.get(f"{URL}for-review/").json()["results"]
    assert [d["id"] for d in queue] == [body["id"]]
    assert officer.post(f"{url}return/", {"version": 2}, format="json").status_code == 400
    stale = officer.post(f"{url}return/", {"version": 1, "comment": "x"}, format="json")
    assert stale.status_code == 409
    response = officer.post(f"{url}return/", {"comment": "Add the order."}, format="json",
                            HTTP_IF_MATCH='"2"')
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert officer.get(url).status_code == 404
    assert practitioner.get(url).json()["timeline"][-1]["comment"] == "Add the order."
    practitioner.post(f"{url}submit/", {"version": 3}, format="json")
    response = officer.post(f"{url}accept/", {"version": 4}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert officer.get(f"{URL}for-review/").json()["results"][0]["status"] == "accepted"
    response = officer.post(f"{url}send/", {"version": 5}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "sent"
    assert officer.get(f"{URL}for-review/").json()["results"] == []
    assert Case.objects.get(pk=response.json()["case_id"]).authority == actors.authority_a


def test_an_incomplete_draft_cannot_be_handed_over(actors):
    body = create(actors.practitioner, case={})
    response = api_client_for(actors.practitioner).post(f"{URL}{body['id']}/submit/",
                                                        {"version": 1}, format="json")
    assert response.status_code == 422 and response.json()["error"]["code"] == "incomplete"
    page = client_for(actors.practitioner)
    response = page.post(f"/requests/{body['id']}/submit/", {
        "version": 1, "authority": actors.authority_a.pk}, follow=True)
    assert "not complete" in response.content.decode()
    assert RequestDraft.objects.get(pk=body["id"]).status == "draft"


def test_the_authorities_offered_are_those_of_the_state_with_an_officer(actors):
    idle = Authority.objects.create(state_id="NL", name="Zonder ambtenaar", functions=["mla"])
    extradition = Authority.objects.create(state_id="NL", name="Uitlevering",
                                           functions=["extradition"])
    make_user("extradition@a.test", Role.OFFICER, "NL", extradition)
    police = Authority.objects.create(state_id="NL", name="Politie", part=2, functions=["mla"])
    make_user("police@a.test", Role.OFFICER, "NL", police)
    draft = draft_for(actors.practitioner)
    offered = review_authorities(draft)
    assert idle not in offered and police not in offered and actors.authority_b not in offered
    assert set(offered) == {actors.authority_a, extradition}
    assert review_authorities(draft_for(actors.practitioner, name="extradition"))[0] == \
        extradition
    client = api_client_for(actors.practitioner)
    for refused in (idle, police, actors.authority_b):
        response = client.post(f"{URL}{draft.pk}/submit/", {"version": 1,
                                                             "authority": refused.pk},
                               format="json")
        assert response.status_code == 400
    response = client_for(actors.practitioner).post(f"/requests/{draft.pk}/submit/", {
        "version": 1, "authority": idle.pk})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_without_any_reviewing_officer_the_practitioner_is_told(actors):
    actors.officer_a.is_active = False
    actors.officer_a.save()
    draft = draft_for(actors.practitioner)
    page = client_for(actors.practitioner).get(f"/requests/{draft.pk}/review/").content.decode()
    assert "has an officer in Rogatory yet" in page and "/submit/" not in page


@pytest.mark.parametrize(("role", "status"), [
    ("officer_b", 404), ("focal_a", 403), ("secretariat", 403), ("anonymous", 302),
])
def test_only_the_reviewing_authority_acts(actors, role, status):
    draft = submitted(actors)
    client = client_for(actors.by_name(role))
    for path in ("review/", "case/"):
        assert client.get(f"/requests/{draft.pk}/{path}").status_code == status
    for path in ("return/", "accept/", "send/"):
        assert client.post(f"/requests/{draft.pk}/{path}", {
            "version": draft.version, "return-comment": "x"}).status_code == status
    draft.refresh_from_db()
    assert draft.status == "in_review" and draft.version == 2


def test_other_officers_and_practitioners_do_not_see_it(actors):
    draft = submitted(actors)
    other_authority = Authority.objects.create(state_id="NL", name="Andere autoriteit")
    other_officer = make_user("other@a.test", Role.OFFICER, "NL", other_authority)
    other_practitioner = make_user("prosecutor@a.test", Role.PRACTITIONER, "NL")
    for user in (other_officer, other_practitioner, actors.officer_b):
        assert client_for(user).get(f"/requests/{draft.pk}/review/").status_code == 404
        assert api_client_for(user).post(f"{URL}{draft.pk}/accept/", {"version": 2},
                                         format="json").status_code == 404
    assert api_client_for(other_officer).get(f"{URL}for-review/").json()["results"] == []


def test_the_author_cannot_review_and_an_officer_cannot_submit(actors):
    draft = submitted(actors)
    author = client_for(actors.practitioner)
    assert author.post(f"/requests/{draft.pk}/accept/", {"version": 2}).status_code == 403
    assert author.post(f"/requests/{draft.pk}/submit/", {"version": 2}).status_code == 403
    own = draft_for(actors.officer_a)
    assert client_for(actors.officer_a).post(f"/requests/{own.pk}/submit/", {
        "version": 1, "authority": actors.authority_a.pk}).status_code == 403
    assert api_client_for(actors.practitioner).get(f"{URL}for-review/").status_code == 403
    assert author.get("/requests/for-review/").status_code == 403


def test_a_return_needs_a_comment_and_a_stale_page_is_told(actors):
    draft = submitted(actors)
    officer = client_for(actors.officer_a)
    response = officer.post(f"/requests/{draft.pk}/return/", {"version": 2,
                                                              "return-comment": " "},
                            follow=True)
    assert "Say what the author should change." in response.content.decode()
    response = officer.post(f"/requests/{draft.pk}/accept/", {"version": 1}, follow=True)
    assert "Someone else saved this record first" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "in_review" and draft.review_events.count() == 1


def test_two_officers_answering_at_once_one_wins(actors):
    draft = submitted(actors)
    colleague = make_user("colleague@a.test", Role.OFFICER, "NL", actors.authority_a)
    first = api_client_for(actors.officer_a).post(f"{URL}{draft.pk}/accept/", {"version": 2},
                                                  format="json")
    second = api_client_for(colleague).post(f"{URL}{draft.pk}/return/", {
        "version": 2, "comment": "No."}, format="json")
    assert first.status_code == 200 and second.status_code in (403, 409)
    assert list(ReviewEvent.objects.values_list("kind", flat=True)) == ["submitted", "accepted"]


def test_each_step_is_in_the_draft_history(actors):
    draft = submitted(actors)
    services.return_draft(draft, 2, actors.officer_a, "Again")
    statuses = list(RequestDraft.history.filter(id=draft.pk).order_by("history_date")
                    .values_list("status", flat=True))
    assert statuses[-2:] == ["in_review", "returned"]
