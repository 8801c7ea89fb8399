"""Every change is kept (who, when, old and new); focal-point changes wait for the
secretariat's approval; a stale page save shows a clear conflict and loses nothing."""

import pytest

from rogatory.directory import services
from rogatory.directory.models import Authority
from rogatory.directory.selectors import history
from tests.conftest import api_client_for, client_for
from tests.directory.test_permissions import _form_data

pytestmark = pytest.mark.django_db


def test_history_records_who_and_old_and_new(actors, directory):
    authority = directory["a"]
    api_client_for(actors.focal_a).patch(
        f"/api/v1/authorities/{authority.pk}/",
        {"name_en": "Renamed", "languages": ["nl"],
         "contacts": [{"name": "Replacement Person", "phones": ["+31703707912"]}]},
        format="json", HTTP_IF_MATCH=f'"{authority.version}"')
    entries = history(authority)
    edit = next(e for e in entries if e.what == "the entry" and e.kind == "~")
    assert edit.who == actors.focal_a
    changes = {c.field: (c.old, c.new) for c in edit.changes}
    assert changes["name in English"] == ("Central Authority A", "Renamed")
    assert changes["languages accepted for requests"] == (["nl", "en"], ["nl"])
    assert "version" not in changes
    removed = next(e for e in entries if e.kind == "-")
    assert removed.what == "contact: Anna Secret-Contact" and removed.who == actors.focal_a
    added = next(e for e in entries if e.kind == "+" and "Replacement" in e.what)
    assert any(c.new == ["+31703707912"] for c in added.changes)


def test_history_page_shows_the_change(actors, directory):
    authority = directory["a"]
    services.update_authority(authority, authority.version, {"name_en": "Page Renamed"},
                              actors.focal_a)
    html = client_for(actors.secretariat).get(f"/directory/{authority.pk}/history/"
                                              ).content.decode()
    assert "Page Renamed" in html and "Central Authority A" in html and "focal" in html


def test_focal_point_change_waits_for_approval(actors, directory):
    authority = directory["a"]
    authority = services.approve(authority, authority.version, actors.secretariat)
    authority = services.update_authority(authority, authority.version, {"name_en": "New"},
                                          actors.focal_a)
    assert authority.review_status == "pending"
    queue = client_for(actors.secretariat).get("/directory/review/")
    assert queue.status_code == 200 and authority.name in queue.content.decode()
    assert client_for(actors.focal_a).get("/directory/review/").status_code == 403
    client_for(actors.secretariat).post(f"/directory/{authority.pk}/approve/",
                                        {"version": authority.version})
    authority.refresh_from_db()
    assert authority.review_status == "approved" and authority.approved_by == actors.secretariat
    assert authority.name not in client_for(actors.secretariat).get(
        "/directory/review/").content.decode()


def test_secretariat_change_is_approved_as_made(actors, directory):
    authority = directory["b"]
    saved = services.update_authority(authority, authority.version, {"name_en": "S"},
                                      actors.secretariat)
    assert saved.review_status == "approved" and saved.approved_by == actors.secretariat


def test_stale_page_save_shows_conflict_and_keeps_input(actors, directory):
    authority = directory["a"]
    stale_form = _form_data(authority, name_en="My careful edit")
    services.update_authority(authority, authority.version, {"name_en": "Someone else"},
                              actors.secretariat)
    response = client_for(actors.focal_a).post(f"/directory/{authority.pk}/edit/", stale_form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this record first" in html
    assert 'value="My careful edit"' in html  # what the user typed is still in the form
    assert Authority.objects.get(pk=authority.pk).name_en == "Someone else"


def test_verify_page_action(actors, directory):
    authority = directory["b"]
    assert authority.is_stale
    response = client_for(actors.focal_b).post(f"/directory/{authority.pk}/verify/",
                                               {"version": authority.version})
    assert response.status_code == 302
    authority.refresh_from_db()
    assert not authority.is_stale and authority.verified_by == actors.focal_b
    stale = client_for(actors.focal_b).post(f"/directory/{authority.pk}/verify/",
                                            {"version": authority.version - 1}, follow=True)
    assert "Someone else saved this record first" in stale.content.decode()
    assert client_for(actors.focal_a).post(f"/directory/{authority.pk}/verify/",
                                           {"version": authority.version}).status_code == 403


def test_page_edit_of_contacts_and_bad_phone(actors, directory):
    authority = directory["a"]
    data = _form_data(authority)
    data["contacts-0-phones"] = "+31 70 370 7911, 0612"
    response = client_for(actors.focal_a).post(f"/directory/{authority.pk}/edit/", data)
    assert response.status_code == 200 and "not" in response.content.decode()
    assert Authority.objects.get(pk=authority.pk).version == authority.version
    data["contacts-0-phones"] = "+31 70 370 7911, +31 6 12345678"
    data["contacts-0-DELETE"] = ""
    response = client_for(actors.focal_a).post(f"/directory/{authority.pk}/edit/", data)
    assert response.status_code == 302
    assert authority.contacts.get().phones == ["+31703707911", "+31612345678"]


def test_blank_extra_rows_are_ignored(actors, directory):
    """The edit page always offers one blank row per list; leaving it blank adds nothing."""
    authority = directory["a"]
    data = _form_data(authority, name_en="Renamed with blank rows")
    for kind in ("contacts", "designations", "links"):
        index = data[f"{kind}-TOTAL_FORMS"]
        data[f"{kind}-TOTAL_FORMS"] = index + 1
        data |= {f"{kind}-{index}-phones": "", f"{kind}-{index}-name": "",
                 f"{kind}-{index}-title": "", f"{kind}-{index}-url": "",
                 f"{kind}-{index}-kind": "other"}  # a select shows its default
    response = client_for(actors.focal_a).post(f"/directory/{authority.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert authority.contacts.count() == 1 and authority.designations.count() == 1
