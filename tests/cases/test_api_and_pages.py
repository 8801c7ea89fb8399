"""The API (filters, create, edit with a version, transition) and the case page's forms."""

import datetime

import pytest

from rogatory.cases import services
from rogatory.cases.models import Case, CaseLink
from tests.cases.conftest import make_case
from tests.conftest import api_client_for, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(actors):
    made = [
        make_case(actors, direction="outgoing", status="sent", counterpart_state="MX",
                  kind="extradition"),
        make_case(actors, direction="incoming", counterpart_state="CN",
                  due_date=datetime.date(2020, 1, 1)),
        make_case(actors, direction="incoming", counterpart_state="MX"),
    ]
    services.transition(made[2], actors.officer_a, "checked")
    return made


@pytest.mark.parametrize(("params", "expected"), [
    ({}, {0, 1, 2}),
    ({"direction": "incoming"}, {1, 2}),
    ({"status": "checked"}, {2}),
    ({"counterpart": "mx"}, {0, 2}),
    ({"kind": "extradition"}, {0}),
    ({"overdue": "true"}, {1}),
    ({"direction": "incoming", "counterpart": "MX"}, {2}),
])
def test_api_list_filters(actors, cases, params, expected):
    body = api_client_for(actors.officer_a).get("/api/v1/cases/", params).json()
    assert {r["reference"] for r in body["results"]} == {cases[i].reference for i in expected}


def test_page_list_filters_and_highlights_overdue(actors, cases):
    client = client_for(actors.officer_a)
    html = client.get("/cases/", {"overdue": "on"}).content.decode()
    assert cases[1].reference in html and cases[0].reference not in html
    assert 'class="overdue"' in html
    html = client.get("/cases/", {"direction": "outgoing"}).content.decode()
    assert cases[0].reference in html and cases[1].reference not in html


def test_api_create_and_roles(actors):
    data = {"direction": "incoming", "kind": "mla", "counterpart_state": "MX",
            "legal_basis": "UNTOC", "offences": ["drug_trafficking"], "title": "Via API"}
    created = api_client_for(actors.officer_a).post("/api/v1/cases/", data, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "received" and created["ETag"] == '"1"'
    for actor in ("practitioner", "focal_a", "secretariat"):
        response = api_client_for(actors.by_name(actor)).post("/api/v1/cases/", data,
                                                              format="json")
        assert response.status_code == 403, actor
    bad = api_client_for(actors.officer_a).post("/api/v1/cases/", {
        **data, "offences": ["jaywalking"], "legal_basis": "=cmd"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"offences", "legal_basis"}
    assert Case.objects.count() == 1


def test_api_edit_needs_the_current_version(actors, cases):
    rest = api_client_for(actors.officer_a)
    url = f"/api/v1/cases/{cases[1].pk}/"
    assert rest.patch(url, {"title": "x"}, format="json").status_code == 428
    ok = rest.patch(url, {"title": "Renamed"}, format="json", HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200 and ok["ETag"] == '"2"'
    stale = rest.patch(url, {"title": "Lost"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert Case.objects.get(pk=cases[1].pk).title == "Renamed"
    # The status is not editable here: only through a transition.
    rest.patch(url, {"status": "executed", "version": 2}, format="json")
    assert Case.objects.get(pk=cases[1].pk).status == "received"


def test_api_transition(actors, cases):
    rest = api_client_for(actors.officer_a)
    url = f"/api/v1/cases/{cases[2].pk}/transition/"
    moved = rest.post(url, {"to": "assigned", "note": "to J. Smith"}, format="json")
    assert moved.status_code == 200 and moved.json()["status"] == "assigned"
    wrong = rest.post(url, {"to": "draft"}, format="json")
    assert wrong.status_code == 400 and "to" in wrong.json()["error"]["fields"]
    unknown = rest.post(url, {"to": "teleported"}, format="json")
    assert unknown.status_code == 400 and "to" in unknown.json()["error"]["fields"]
    refuse = rest.post(url, {"to": "refused"}, format="json")
    assert refuse.status_code == 400 and "grounds" in refuse.json()["error"]["fields"]
    stale = rest.post(url, {"to": "under_execution", "version": 1}, format="json")
    assert stale.status_code == 409
    done = rest.post(url, {"to": "refused", "grounds": ["18_21_c"], "version": 3},
                     format="json")
    assert done.status_code == 200 and done.json()["refusal_grounds"] == ["18_21_c"]
    detail = rest.get(f"/api/v1/cases/{cases[2].pk}/").json()
    assert [t["target"] for t in detail["transitions"]] == ["received", "checked", "assigned",
                                                             "refused"]
    assert detail["allowed_transitions"] == []


def test_page_transition_and_edit_with_version(actors, cases):
    client = client_for(actors.officer_a)
    case = cases[1]
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="version"' in page and "Change status" in page
    response = client.post(f"/cases/{case.pk}/transition/", {"target": "checked",
                                                             "version": case.version})
    assert response.status_code == 302
    refused = client.post(f"/cases/{case.pk}/transition/", {"target": "refused",
                                                            "version": case.version + 1})
    assert refused.status_code == 400 and "Give at least one ground" in refused.content.decode()
    form = {"kind": "mla", "counterpart_state": "CN", "title": "Edited", "confidentiality":
            "restricted", "version": 1}
    stale = client.post(f"/cases/{case.pk}/edit/", form)
    assert stale.status_code == 409 and "Someone else saved" in stale.content.decode()
    saved = client.post(f"/cases/{case.pk}/edit/", {**form, "version": case.version + 1})
    assert saved.status_code == 302
    case.refresh_from_db()
    assert case.title == "Edited" and case.status == "checked"
    # Registered, moved, edited: each change recorded with who made it.
    assert case.history.count() == 3
    assert case.history.first().history_user == actors.officer_a


def test_page_side_forms(actors, cases):
    client = client_for(actors.officer_a)
    case, other = cases[1], cases[0]
    base = f"/cases/{case.pk}"
    assert client.post(f"{base}/actions/", {"title": "Hearing", "due_date": "2026-05-01",
                                            "assigned_to": actors.officer_a.pk}).status_code == 302
    assert client.post(f"{base}/correspondence/", {
        "way": "sent", "type": "progress_request", "on": "2026-04-01",
        "subject": "Progress?", "party": "FGR"}).status_code == 302
    assert client.post(f"{base}/notes/", {"text": "Called the prosecutor."}).status_code == 302
    assert client.post(f"{base}/links/", {"reference": other.reference,
                                          "type": "triggered"}).status_code == 302
    assert client.post(f"{base}/links/", {"reference": "NOPE",
                                          "type": "same_investigation"}).status_code == 400
    action = case.actions.get()
    assert client.post(f"{base}/actions/{action.pk}/done/",
                       {"version": action.version}).status_code == 302
    html = client.get(f"{base}/").content.decode()
    for text in ("Hearing", "Progress?", "Called the prosecutor.", other.reference,
                 "request for a progress report (art. 18(24))"):
        assert text in html
    assert CaseLink.objects.get().type == "triggered"


def test_link_types_must_fit(actors, cases):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.link_cases(cases[1], cases[2], CaseLink.Type.FOLLOW_UP, actors.officer_a)
    with pytest.raises(ValidationError):
        services.link_cases(cases[0], cases[1], CaseLink.Type.TRIGGERED, actors.officer_a)
    with pytest.raises(ValidationError):
        services.link_cases(cases[0], cases[0], CaseLink.Type.SAME_INVESTIGATION,
                            actors.officer_a)


def test_secretariat_and_focal_point_are_sent_to_statistics(actors):
    for actor in ("secretariat", "focal_a"):
        response = client_for(actors.by_name(actor)).get("/cases/")
        assert response.status_code == 302 and response["Location"] == "/cases/statistics/"


def test_demo_data_loads_once(actors):
    from rogatory.accounts import demo as accounts_demo
    from rogatory.cases import demo
    from rogatory.directory import demo as directory_demo

    lines: list[str] = []
    directory_demo.load(lines.append)
    accounts_demo.load(lines.append)
    demo.load(lines.append)
    count = Case.objects.count()
    assert count == 2 * len(demo.SCENARIOS)
    demo.load(lines.append)
    assert Case.objects.count() == count
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"executed", "refused", "under_execution", "received"} <= statuses
