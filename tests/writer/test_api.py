"""/api/v1/requests/: create, read, update with versions, checks, documents, sending, and who
may see what (404 outside one's scope)."""

import io

import pytest
from pypdf import PdfReader

from rogatory.accounts.models import Role
from rogatory.writer import integrations
from rogatory.writer.models import RequestDraft
from tests.conftest import api_client_for, make_user
from tests.writer.conftest import example, route_result

pytestmark = pytest.mark.django_db
URL = "/api/v1/requests/"


def create(user, name="mla-e-evidence", **changes):
    spec = {**example(name), **changes}
    response = api_client_for(user).post(URL, spec, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_create_read_and_list(actors):
    body = create(actors.officer_a)
    assert body["version"] == 1 and body["status"] == "draft"
    assert body["requesting_state"] == "NL" and body["author"] == "officer@a.test"
    assert body["assistance"][0]["type"] == "preservation"
    draft = RequestDraft.objects.get(pk=body["id"])
    assert draft.authority == actors.authority_a and draft.history.count() == 1
    client = api_client_for(actors.officer_a)
    assert client.get(f"{URL}{body['id']}/").json()["title"] == body["title"]
    assert [d["id"] for d in client.get(URL).json()["results"]] == [body["id"]]


def test_bad_body_is_rejected_whole_with_paths(actors):
    spec = example("mla-evidence")
    spec["assistance"][0]["oath"] = "maybe"
    spec["urgency"] = {"deadline": "tomorrow"}
    spec["bogus"] = 1
    response = api_client_for(actors.officer_a).post(URL, spec, format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert {"assistance.0.oath", "urgency.deadline", "bogus"} <= set(fields)
    assert not RequestDraft.objects.exists()
    response = api_client_for(actors.officer_a).post(
        URL, {**example("mla-evidence"), "requested_state": "XX"}, format="json")
    assert "requested_state" in response.json()["error"]["fields"]


def test_update_needs_the_current_version(actors):
    body = create(actors.officer_a)
    client = api_client_for(actors.officer_a)
    url = f"{URL}{body['id']}/"
    assert client.patch(url, {"title": "x"}, format="json").status_code == 428
    response = client.patch(url, {"title": "Renamed", "urgency": {"urgent": True}},
                            format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response["ETag"] == '"2"'
    assert response.json()["urgency"] == {"urgent": True}
    assert response.json()["case"] == body["case"]  # other sections kept
    stale = client.patch(url, {"title": "Lost"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    replaced = client.put(url, {"title": "Only", "version": 2}, format="json")
    assert replaced.status_code == 200 and "case" not in replaced.json()
    assert RequestDraft.objects.get(pk=body["id"]).history.count() == 3


def test_check_endpoint(actors, directory):
    directory(route_result(languages=["fr"]))
    body = create(actors.officer_a)
    report = api_client_for(actors.officer_a).get(f"{URL}{body['id']}/check").json()
    assert report["complete"] is True
    language = [i for i in report["issues"] if i["field"] == "language"]
    assert language[0]["severity"] == "warning" and "French" in language[0]["message"]
    assert set(report["issues"][0]) == {"step", "field", "severity", "message"}
    incomplete = create(actors.officer_a, case={})
    report = api_client_for(actors.officer_a).get(f"{URL}{incomplete['id']}/check/").json()
    assert report["complete"] is False
    assert {"step": "case", "field": "case.subject", "severity": "error"}.items() <= \
        next(i for i in report["issues"] if i["field"] == "case.subject").items()


def test_check_messages_follow_the_language(actors):
    body = create(actors.officer_a, case={})
    report = api_client_for(actors.officer_a).get(f"{URL}{body['id']}/check",
                                                  HTTP_ACCEPT_LANGUAGE="fr").json()
    subject = next(i for i in report["issues"] if i["field"] == "case.subject")
    assert subject["message"].startswith("L'affaire : ajoutez « Objet de l'affaire »")


def test_documents(actors):
    body = create(actors.officer_a)
    client = api_client_for(actors.officer_a)
    pdf = client.get(f"{URL}{body['id']}/document?format=pdf&language=ar")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "طلب المساعدة القانونية المتبادلة" in PdfReader(io.BytesIO(pdf.content)).pages[0] \
        .extract_text()
    docx = client.get(f"{URL}{body['id']}/document", {"format": "docx", "language": "zh"})
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('zh-hans.docx"')
    assert client.get(f"{URL}{body['id']}/document?format=odt").status_code == 400
    assert client.get(f"{URL}{body['id']}/document?language=xx").status_code == 400
    assert client.get(f"{URL}{body['id']}/document?document=jit&item=0").status_code == 404


def test_document_refused_while_errors_remain_unless_draft(actors):
    body = create(actors.officer_a, case={})
    client = api_client_for(actors.officer_a)
    refused = client.get(f"{URL}{body['id']}/document?format=pdf")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "incomplete"
    assert any(i["field"] == "case.facts" for i in refused.json()["error"]["issues"])
    preview = client.get(f"{URL}{body['id']}/document?format=pdf&draft=1")
    assert preview.status_code == 200
    assert "DRAFT - INCOMPLETE" in PdfReader(io.BytesIO(preview.content)).pages[0].extract_text()


def test_jit_agreement_document(actors):
    body = create(actors.officer_a, name="mla-jit")
    response = api_client_for(actors.officer_a).get(
        f"{URL}{body['id']}/document?document=jit&item=0&format=docx&language=en")
    assert response.status_code == 200 and "jit-1-en.docx" in response["Content-Disposition"]


def test_send_registers_an_outgoing_case(actors, monkeypatch, directory):
    directory(route_result())
    calls = []

    class Case:
        pk = 77

    def register(**fields):
        calls.append(fields)
        return Case()

    monkeypatch.setattr(integrations, "register_outgoing", register)
    body = create(actors.officer_a)
    response = api_client_for(actors.officer_a).post(f"{URL}{body['id']}/send", {"version": 1},
                                                     format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "sent" and response.json()["case_id"] == 77
    fields = calls[0]
    assert fields["authority"] == actors.authority_a and fields["created_by"] == actors.officer_a
    assert fields["kind"] == "mla"  # preservation and subscriber information together
    assert fields["counterpart_state"] == "FR" and fields["legal_basis"] == "BUDAPEST"
    assert fields["offences"] == ("money_laundering", "participation_in_ocg")
    assert fields["request_id"] == body["id"]
    name, pdf = fields["documents"][0]
    assert name == "NL-EX-2026-001.pdf" and pdf.startswith(b"%PDF")
    # Sent requests are final.
    again = api_client_for(actors.officer_a).patch(f"{URL}{body['id']}/", {"title": "x"},
                                                   format="json", HTTP_IF_MATCH='"2"')
    assert again.status_code == 403


def test_send_refused_when_incomplete_or_without_register(actors, monkeypatch):
    incomplete = create(actors.officer_a, case={})
    client = api_client_for(actors.officer_a)
    assert client.post(f"{URL}{incomplete['id']}/send", {"version": 1},
                       format="json").status_code == 422
    body = create(actors.officer_a)
    monkeypatch.setattr(integrations, "_function", lambda module, name: None)  # no register
    unavailable = client.post(f"{URL}{body['id']}/send", {"version": 1}, format="json")
    assert unavailable.status_code == 503
    draft = RequestDraft.objects.get(pk=body["id"])
    assert draft.status == "draft" and draft.version == 1  # nothing half-done


def test_case_kind_follows_the_assistance(actors, monkeypatch):
    calls = []
    monkeypatch.setattr(integrations, "register_outgoing",
                        lambda **fields: calls.append(fields))
    for name, kind in (("mla-jit", "jit"), ("mla-confiscation", "confiscation"),
                       ("extradition", "extradition"), ("mla-evidence", "mla")):
        body = create(actors.officer_a, name=name)
        api_client_for(actors.officer_a).post(f"{URL}{body['id']}/send", {"version": 1},
                                              format="json")
        assert calls[-1]["kind"] == kind


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 401), ("secretariat", 403), ("focal_a", 403), ("focal_b", 403),
    ("officer_b", 404), ("practitioner", 404), ("officer_a", 200),
])
def test_who_may_read_a_draft(actors, role, status):
    body = create(actors.officer_a)
    response = api_client_for(actors.by_name(role)).get(f"{URL}{body['id']}/")
    assert response.status_code == status
    check = api_client_for(actors.by_name(role)).get(f"{URL}{body['id']}/check")
    assert check.status_code == status


def test_sharing_inside_the_authority_only(actors):
    colleague = make_user("colleague@a.test", Role.PRACTITIONER, "NL", actors.authority_a)
    body = create(actors.officer_a)
    client = api_client_for(actors.officer_a)
    url = f"{URL}{body['id']}/"
    refused = client.patch(url, {"shared_with": [actors.officer_b.pk]}, format="json",
                           HTTP_IF_MATCH='"1"')
    assert refused.status_code == 400
    shared = client.patch(url, {"shared_with": [colleague.pk]}, format="json",
                          HTTP_IF_MATCH='"1"')
    assert shared.status_code == 200 and shared.json()["shared_with"] == [colleague.pk]
    other = api_client_for(colleague)
    assert other.get(url).status_code == 200
    edit = other.patch(url, {"title": "By colleague"}, format="json", HTTP_IF_MATCH='"2"')
    assert edit.status_code == 200
    # Only the author shares; a practitioner does not send.
    assert other.patch(url, {"shared_with": []}, format="json",
                       HTTP_IF_MATCH='"3"').status_code == 403
    assert other.post(f"{url}send", {"version": 3}, format="json").status_code == 403
    # Moving to another authority ends access.
    colleague.authority = None
    colleague.save()
    assert api_client_for(colleague).get(url).status_code == 404


def test_practitioner_without_authority_drafts_alone(actors):
    body = create(actors.practitioner, name="extradition")
    assert RequestDraft.objects.get(pk=body["id"]).authority is None
    assert api_client_for(actors.practitioner).get(f"{URL}{body['id']}/").status_code == 200
    assert api_client_for(actors.officer_a).get(f"{URL}{body['id']}/").status_code == 404
