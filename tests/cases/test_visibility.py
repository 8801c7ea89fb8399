"""Only members of the owning authority, and people a case is shared with, see it: pages
and API alike; everyone else gets 404 on the case and its documents. The secretariat and
focal points see statistics only."""

import pytest

from rogatory.cases import services
from rogatory.cases.models import CaseShare
from tests.cases.conftest import make_case
from tests.cases.test_register import PDF
from tests.conftest import api_client_for, client_for, make_user

pytestmark = pytest.mark.django_db

# (actor, case page, API case, register page)
MATRIX = [
    ("anonymous", 302, 401, 302),
    ("officer_a", 200, 200, 200),
    ("officer_b", 404, 404, 200),
    ("practitioner", 404, 404, 200),  # practitioner of State A with no authority
    ("focal_a", 403, 403, 302),       # focal points: statistics only
    ("secretariat", 403, 403, 302),   # secretariat: statistics only
]


@pytest.fixture
def case(actors):
    case = make_case(actors, title="Secret operation Tulip")
    services.add_document(case, "evidence.pdf", PDF, actors.officer_a)
    return case


@pytest.mark.parametrize(("actor", "page", "api", "register"), MATRIX)
def test_case_pages_and_api(actors, case, actor, page, api, register):
    user = actors.by_name(actor)
    doc = case.documents.get()
    client = client_for(user)
    assert client.get(f"/cases/{case.pk}/").status_code == page
    assert client.get(f"/cases/{case.pk}/documents/{doc.pk}/").status_code == page
    assert client.get("/cases/").status_code == register
    rest = api_client_for(user)
    assert rest.get(f"/api/v1/cases/{case.pk}/").status_code == api
    assert rest.get(f"/api/v1/cases/{case.pk}/documents/").status_code == api
    assert rest.get(f"/api/v1/cases/{case.pk}/documents/{doc.pk}/").status_code == api
    if api == 200:
        assert rest.get("/api/v1/cases/").json()["count"] == 1


def test_other_authority_sees_nothing_in_lists(actors, case):
    html = client_for(actors.officer_b).get("/cases/").content.decode()
    assert "Secret operation Tulip" not in html and case.reference not in html
    assert api_client_for(actors.officer_b).get("/api/v1/cases/").json()["count"] == 0


def test_other_authority_cannot_act_on_the_case(actors, case):
    client = client_for(actors.officer_b)
    for url in ("transition", "notes", "documents", "shares", "links", "actions",
                "correspondence", "extend"):
        assert client.post(f"/cases/{case.pk}/{url}/", {}).status_code == 404, url
    rest = api_client_for(actors.officer_b)
    assert rest.post(f"/api/v1/cases/{case.pk}/transition/", {"to": "checked"},
                     format="json").status_code == 404
    assert rest.patch(f"/api/v1/cases/{case.pk}/", {"title": "x"}, format="json",
                      HTTP_IF_MATCH='"1"').status_code == 404


def test_member_practitioner_sees_but_may_not_change(actors, case):
    member = make_user("member@a.test", "practitioner", "NL", actors.authority_a)
    client = client_for(member)
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and b"Change status" not in page.content
    assert client.post(f"/cases/{case.pk}/transition/",
                       {"target": "checked", "version": 1}).status_code == 403
    assert client.get(f"/cases/{case.pk}/edit/").status_code == 403
    assert client.post(f"/cases/{case.pk}/notes/", {"text": "seen"}).status_code == 302
    assert api_client_for(member).post(f"/api/v1/cases/{case.pk}/transition/",
                                       {"to": "checked"}, format="json").status_code == 403


def test_sharing_opens_the_case_to_one_person_and_closing_it_again(actors, case):
    client = client_for(actors.officer_a)
    assert client.post(f"/cases/{case.pk}/shares/",
                       {"email": "officer@b.test"}).status_code == 302
    doc = case.documents.get()
    assert client_for(actors.officer_b).get(f"/cases/{case.pk}/").status_code == 200
    assert client_for(actors.officer_b).get(
        f"/cases/{case.pk}/documents/{doc.pk}/").status_code == 200
    assert api_client_for(actors.officer_b).get("/api/v1/cases/").json()["count"] == 1
    # Shared is read (and note) only.
    assert client_for(actors.officer_b).post(
        f"/cases/{case.pk}/transition/", {"target": "checked", "version": 1}).status_code == 403
    share = case.shares.get()
    assert client.post(f"/cases/{case.pk}/shares/{share.pk}/remove/").status_code == 302
    assert client_for(actors.officer_b).get(f"/cases/{case.pk}/").status_code == 404
    assert CaseShare.history.filter(case_id=case.pk).count() == 2  # shared, then removed


@pytest.mark.parametrize("email", ["secretariat@un.test", "focal@b.test", "nobody@x.test"])
def test_sharing_with_statistics_roles_or_strangers_is_refused(actors, case, email):
    response = client_for(actors.officer_a).post(f"/cases/{case.pk}/shares/", {"email": email})
    assert response.status_code == 400
    assert not case.shares.exists()


@pytest.mark.parametrize(("actor", "status"), [
    ("anonymous", 302), ("practitioner", 403), ("officer_a", 200), ("officer_b", 200),
    ("focal_a", 200), ("secretariat", 200),
])
def test_statistics_page_per_role(actors, case, actor, status):
    response = client_for(actors.by_name(actor)).get("/cases/statistics/")
    assert response.status_code == status
    if status == 200:
        assert "Secret operation Tulip" not in response.content.decode()
        assert case.reference not in response.content.decode()
