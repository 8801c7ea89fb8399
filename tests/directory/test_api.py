"""The authorities API: filters, ETag, optimistic concurrency, nested lists, validation."""

import pytest

from rogatory.directory.models import Authority, Contact
from tests.conftest import api_client_for

pytestmark = pytest.mark.django_db


def _names(client, query: str) -> set[str]:
    response = client.get(f"/api/v1/authorities/?{query}")
    assert response.status_code == 200
    return {row["name"] for row in response.json()["results"]}


@pytest.mark.parametrize(("query", "expected"), [
    ("state=NL", {"Centrale autoriteit A", "INTERPOL NCB Den Haag"}),
    ("state=fr", {"Autorité centrale B"}),
    ("function=mla", {"Centrale autoriteit A", "Autorité centrale B"}),
    ("function=extradition", {"Centrale autoriteit A"}),
    ("function=e_evidence", {"INTERPOL NCB Den Haag"}),
    ("instrument=UNCAC", {"Autorité centrale B"}),
    ("instrument=UNTOC", {"Centrale autoriteit A"}),
    ("language=en", {"Centrale autoriteit A", "INTERPOL NCB Den Haag"}),
    ("language=FR", {"Autorité centrale B"}),
    ("channel=interpol", {"INTERPOL NCB Den Haag"}),
    ("channel=email", {"Centrale autoriteit A"}),
    ("part=2", {"INTERPOL NCB Den Haag"}),
    ("stale=true", {"Autorité centrale B"}),
    ("function=mla&language=nl", {"Centrale autoriteit A"}),
    ("function=terrorism", set()),
])
def test_list_filters(actors, directory, query, expected):
    assert _names(api_client_for(actors.practitioner), query) == expected


def test_stale_flag_and_etag_on_get(actors, directory):
    client = api_client_for(actors.officer_a)
    response = client.get(f"/api/v1/authorities/{directory['b'].pk}/")
    assert response.status_code == 200
    assert response.json()["stale"] is True
    assert response["ETag"] == f'"{directory["b"].version}"'
    assert client.get(f"/api/v1/authorities/{directory['a'].pk}/").json()["stale"] is False


def test_patch_needs_a_version(actors, directory):
    response = api_client_for(actors.focal_a).patch(
        f"/api/v1/authorities/{directory['a'].pk}/", {"name_en": "x"}, format="json")
    assert response.status_code == 428
    assert response.json()["error"]["code"] == "precondition_required"


def test_stale_patch_is_409_and_nothing_is_lost(actors, directory):
    authority = directory["a"]
    url = f"/api/v1/authorities/{authority.pk}/"
    first = api_client_for(actors.focal_a).patch(url, {"name_en": "First"}, format="json",
                                                 HTTP_IF_MATCH=f'"{authority.version}"')
    assert first.status_code == 200 and first["ETag"] == f'"{authority.version + 1}"'
    stale = api_client_for(actors.secretariat).patch(
        url, {"name_en": "Second", "contacts": []}, format="json",
        HTTP_IF_MATCH=f'"{authority.version}"')
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    saved = Authority.objects.get(pk=authority.pk)
    assert saved.name_en == "First" and saved.contacts.count() == 1


def test_version_field_works_like_if_match(actors, directory):
    authority = directory["a"]
    response = api_client_for(actors.focal_a).patch(
        f"/api/v1/authorities/{authority.pk}/",
        {"version": authority.version, "languages": ["nl", "de"]}, format="json")
    assert response.status_code == 200
    assert response.json()["languages"] == ["nl", "de"]


def test_patch_replaces_contacts_keeping_ids(actors, directory):
    authority = directory["a"]
    anna = authority.contacts.get()
    response = api_client_for(actors.focal_a).patch(
        f"/api/v1/authorities/{authority.pk}/",
        {"contacts": [{"id": anna.pk, "name": "Anna Secret-Contact", "title": "Director",
                       "phones": ["+31 70 370 7911"]},
                      {"name": "New Person", "email": "new@a.test"}]},
        format="json", HTTP_IF_MATCH=f'"{authority.version}"')
    assert response.status_code == 200, response.json()
    assert Contact.objects.get(pk=anna.pk).title == "Director"
    assert set(authority.contacts.values_list("name", flat=True)) == {
        "Anna Secret-Contact", "New Person"}
    response = api_client_for(actors.focal_a).patch(
        f"/api/v1/authorities/{authority.pk}/", {"contacts": []}, format="json",
        HTTP_IF_MATCH=f'"{authority.version + 1}"')
    assert response.status_code == 200 and not authority.contacts.exists()


@pytest.mark.parametrize(("payload", "field"), [
    ({"languages": ["xx"]}, "languages"),
    ({"languages": ["english"]}, "languages"),
    ({"functions": ["spying"]}, "functions"),
    ({"channels": ["pigeon"]}, "channels"),
    ({"phone": "12345"}, "phone"),
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"contacts": [{"name": "X", "phones": ["not a number"]}]}, "contacts"),
    ({"contacts": [{"name": "X", "email": "not-an-email"}]}, "contacts"),
    ({"designations": [{"basis": "made_up"}]}, "designations"),
])
def test_bad_input_is_rejected_whole(actors, directory, payload, field):
    authority = directory["a"]
    response = api_client_for(actors.focal_a).patch(
        f"/api/v1/authorities/{authority.pk}/", {**payload, "name_en": "Should not stick"},
        format="json", HTTP_IF_MATCH=f'"{authority.version}"')
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    saved = Authority.objects.get(pk=authority.pk)
    assert saved.name_en != "Should not stick" and saved.version == authority.version


def test_bilateral_designation_needs_treaty_code(actors, directory):
    authority = directory["a"]
    url = f"/api/v1/authorities/{authority.pk}/"
    response = api_client_for(actors.focal_a).patch(
        url, {"designations": [{"basis": "bilateral_treaty"}]}, format="json",
        HTTP_IF_MATCH=f'"{authority.version}"')
    assert response.status_code == 400
    assert Authority.objects.get(pk=authority.pk).version == authority.version  # rolled back
    response = api_client_for(actors.focal_a).patch(
        url, {"designations": [{"basis": "bilateral_treaty", "instrument": "NL-US-1981"},
                               {"basis": "uncac_46_13", "instrument": "wrong"}]},
        format="json", HTTP_IF_MATCH=f'"{authority.version}"')
    assert response.status_code == 200
    assert {d["instrument"] for d in response.json()["designations"]} == {"NL-US-1981", "UNCAC"}


def test_verify_by_api(actors, directory):
    authority = directory["b"]
    url = f"/api/v1/authorities/{authority.pk}/verify/"
    assert api_client_for(actors.focal_a).post(url, {"version": authority.version}
                                               ).status_code == 403
    response = api_client_for(actors.focal_b).post(url, {"version": authority.version})
    assert response.status_code == 200
    assert response.json()["stale"] is False and response.json()["verified_by"] == "focal"
