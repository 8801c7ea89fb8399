"""The pages: steps that save and stop the drafter on a missing essential, the progress list,
assistance items, review, documents, sharing, sending, and who may see what."""

import re

import pytest

from rogatory.accounts.models import Role
from rogatory.writer import integrations, services
from rogatory.writer.models import RequestDraft
from tests.conftest import client_for, make_user
from tests.writer.conftest import basis_result, example, route_result

pytestmark = pytest.mark.django_db


def draft_for(user, name="mla-e-evidence", **changes) -> RequestDraft:
    spec = {**example(name), **changes}
    spec.pop("requesting_state")
    return services.create_draft(user, spec)


def issues(response) -> list[str]:
    return re.findall(r'class="issue (?:error|warning)">(.*?)</li>', response.content.decode(),
                      re.S)


def test_start_a_draft_and_walk_the_steps(actors):
    client = client_for(actors.officer_a)
    assert client.get("/requests/").status_code == 200
    response = client.post("/requests/", {"kind": "mla", "title": "Heron"})
    draft = RequestDraft.objects.get()
    assert response["Location"] == f"/requests/{draft.pk}/requesting/"
    assert draft.content["requesting"]["authority"] == "Central Authority A"
    page = client.get(f"/requests/{draft.pk}/requesting/")
    assert 'aria-current="step"' in page.content.decode()
    for slug in ("state", "basis", "case", "offences", "persons", "procedures",
                 "confidentiality", "urgency", "use", "contacts", "annexes"):
        assert client.get(f"/requests/{draft.pk}/{slug}/").status_code == 200, slug
    assert client.get(f"/requests/{draft.pk}/person_sought/").status_code == 404  # MLA
    assert client.get(f"/requests/{draft.pk}/nonsense/").status_code == 404


def test_save_and_continue_stops_on_a_missing_essential(actors):
    draft = draft_for(actors.officer_a, case={})
    client = client_for(actors.officer_a)
    url = f"/requests/{draft.pk}/case/"
    response = client.post(url, {"version": 1, "subject": "Fraud", "continue": "1"})
    assert response["Location"] == url  # stopped
    page = client.get(url)
    assert any("Nature of the case" in text for text in issues(page))
    assert "an essential is missing" in page.content.decode()
    assert RequestDraft.objects.get(pk=draft.pk).content["case"] == {"subject": "Fraud"}
    complete = {**example("mla-e-evidence")["case"], "version": 2, "continue": "1"}
    response = client.post(url, complete)
    assert response["Location"] == f"/requests/{draft.pk}/offences/"


def test_stale_version_is_refused_on_pages(actors):
    draft = draft_for(actors.officer_a)
    client = client_for(actors.officer_a)
    client.post(f"/requests/{draft.pk}/procedures/", {"version": 1, "procedures": "A"})
    page = client.post(f"/requests/{draft.pk}/procedures/", {"version": 1, "procedures": "B"})
    assert page.status_code == 409 and "Someone else saved" in page.content.decode()
    assert RequestDraft.objects.get(pk=draft.pk).content["procedures"] == {"procedures": "A"}


def test_state_step_shows_the_directory_and_the_language_warning(actors, directory):
    calls = directory(route_result(languages=["fr"], stale=True))
    draft = draft_for(actors.officer_a)
    client = client_for(actors.officer_a)
    response = client.post(f"/requests/{draft.pk}/state/", {
        "version": 1, "requested_state": "FR", "language": "es", "channel": "diplomatic",
        "translation_certified": "unknown"})
    assert response.status_code == 302
    page = client.get(f"/requests/{draft.pk}/state/").content.decode()
    assert "Bureau de l&#x27;entraide pénale internationale" in page
    assert "out of date" in page
    assert "Central authority to central authority, E-mail, INTERPOL" in page  # not codes
    text = " ".join(issues(client.get(f"/requests/{draft.pk}/state/")))
    assert "accepts requests in French, not in Spanish" in text
    assert calls[-1][:2] == ("FR", "e_evidence")  # only e-evidence items: the 24/7 point
    assert RequestDraft.objects.get(pk=draft.pk).language == "es"


def test_unknown_directory_answer_is_shown_as_unknown(actors):
    draft = draft_for(actors.officer_a)
    page = client_for(actors.officer_a).get(f"/requests/{draft.pk}/state/").content.decode()
    assert "its languages, channels and requirements are unknown" in page


def test_basis_step_shows_the_finder_and_asks_for_a_reason_to_override(actors, finder):
    finder(basis_result("unknown", recommended="UNCAC"))
    draft = draft_for(actors.officer_a, "mla-evidence",
                      legal_basis={"code": "UNTOC", "offence_category": "money_laundering"})
    client = client_for(actors.officer_a)
    page = client.get(f"/requests/{draft.pk}/basis/").content.decode()
    assert "Both are parties." in page and "C.N.1.2002" in page
    assert any("state why" in text for text in issues(client.get(f"/requests/{draft.pk}/basis/")))
    client.post(f"/requests/{draft.pk}/basis/", {"version": 1, "code": "UNTOC",
                                                 "offence_category": "money_laundering",
                                                 "override_reason": "No corruption alleged"})
    shown = issues(client.get(f"/requests/{draft.pk}/basis/"))
    assert shown and not any("state why" in text for text in shown)  # unassessed: a warning


def test_rows_are_added_and_deleted(actors):
    draft = draft_for(actors.officer_a)
    client = client_for(actors.officer_a)
    data = {"version": 1, "offences-TOTAL_FORMS": 3, "offences-INITIAL_FORMS": 2,
            "offences-0-name": "Money laundering", "offences-0-provision": "Art. 420bis",
            "offences-0-category": "money_laundering",
            "offences-1-name": "To delete", "offences-1-DELETE": "on",
            "offences-2-name": "Fraud", "offences-2-provision": "Art. 326"}
    assert client.post(f"/requests/{draft.pk}/offences/", data).status_code == 302
    rows = RequestDraft.objects.get(pk=draft.pk).content["offences"]
    assert [row["name"] for row in rows] == ["Money laundering", "Fraud"]


def test_assistance_items_are_added_edited_and_removed(actors):
    draft = draft_for(actors.officer_a, assistance=[])
    client = client_for(actors.officer_a)
    response = client.post(f"/requests/{draft.pk}/assistance/", {"version": 1,
                                                                 "type": "videoconference"})
    assert response["Location"] == f"/requests/{draft.pk}/assistance/0/"
    item = client.get(response["Location"])
    assert "Hearing by videoconference" in item.content.decode()
    stopped = client.post(f"/requests/{draft.pk}/assistance/0/",
                          {"version": 2, "person": "Bob", "continue": "1"})
    assert stopped["Location"] == f"/requests/{draft.pk}/assistance/0/"
    fields = {**example("mla-videoconference")["assistance"][0], "version": 3, "continue": "1"}
    fields.pop("type")
    done = client.post(f"/requests/{draft.pk}/assistance/0/", fields)
    assert done["Location"] == f"/requests/{draft.pk}/assistance/"
    saved = RequestDraft.objects.get(pk=draft.pk).content["assistance"][0]
    assert saved["proposed_time"] == "2026-06-10T10:00" and saved["type"] == "videoconference"
    client.post(f"/requests/{draft.pk}/assistance/0/remove/", {"version": 4})
    assert RequestDraft.objects.get(pk=draft.pk).content["assistance"] == []
    assert client.get(f"/requests/{draft.pk}/assistance/5/").status_code == 404


def test_review_documents_and_history(actors):
    draft = draft_for(actors.officer_a, case={})
    client = client_for(actors.officer_a)
    page = client.get(f"/requests/{draft.pk}/review/").content.decode()
    assert "Essentials are missing" in page and "History" in page
    refused = client.get(f"/requests/{draft.pk}/document/", {"format": "pdf", "language": "en"})
    assert refused["Location"] == f"/requests/{draft.pk}/review/"
    preview = client.get(f"/requests/{draft.pk}/document/",
                         {"format": "docx", "language": "ru", "draft": "on"})
    assert preview.status_code == 200 and preview["Content-Disposition"].endswith('ru.docx"')
    complete = draft_for(actors.officer_a)
    pdf = client.get(f"/requests/{complete.pk}/document/", {"format": "pdf", "language": "fr"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_share_and_send_from_the_review(actors, monkeypatch):
    colleague = make_user("colleague@a.test", Role.OFFICER, "NL", actors.authority_a)
    draft = draft_for(actors.officer_a)
    client = client_for(actors.officer_a)
    client.post(f"/requests/{draft.pk}/share/", {"colleagues": [colleague.pk]})
    assert list(draft.shared_with.all()) == [colleague]
    assert client.post(f"/requests/{draft.pk}/share/",
                       {"colleagues": [actors.officer_b.pk]}).status_code == 302
    assert list(draft.shared_with.all()) == [colleague]  # outsiders refused
    assert client_for(colleague).post(f"/requests/{draft.pk}/share/", {}).status_code == 403
    monkeypatch.setattr(integrations, "register_outgoing", lambda **fields: None)
    client_for(colleague).post(f"/requests/{draft.pk}/send/", {"version": 1})
    draft.refresh_from_db()
    assert draft.status == "sent" and draft.sent_at is not None
    assert client.post(f"/requests/{draft.pk}/procedures/", {"version": 2}).status_code == 403


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("secretariat", 403), ("focal_a", 403), ("officer_b", 404),
    ("practitioner", 404), ("officer_a", 200),
])
def test_who_may_open_a_draft(actors, role, status):
    draft = draft_for(actors.officer_a)
    client = client_for(actors.by_name(role))
    for path in ("case/", "review/", "assistance/", "assistance/0/"):
        assert client.get(f"/requests/{draft.pk}/{path}").status_code == status, path


def test_writer_is_in_the_navigation_for_everyone_who_may_use_it(actors):
    page = client_for(actors.practitioner).get("/").content.decode()
    assert 'href="/requests/"' in page
    assert client_for(actors.focal_a).get("/requests/").status_code == 403
