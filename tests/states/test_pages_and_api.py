"""Treaty status is public to read; only the secretariat curates it and sees who changed it."""

import pytest

from rogatory.core.dates import page_date
from rogatory.states.models import TreatyFact
from tests.conftest import ROLES, api_client_for, client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_states_pages_are_public(actors, role):
    client = client_for(actors.by_name(role))
    listing = client.get("/states/")
    assert listing.status_code == 200
    assert "Netherlands" in listing.content.decode()
    profile = client.get("/states/NL/")
    assert profile.status_code == 200


def test_state_list_shows_coverage_plainly(client):
    html = client.get("/states/").content.decode()
    total = TreatyFact.objects.count()
    assert f"Treaty facts recorded: {total}" in html
    assert "unknown, never “no”" in html
    assert "none (unknown)" in html  # a State with no fact at all


def test_state_profile_shows_facts_with_source_and_as_of_and_unknown(client):
    html = client.get("/states/NL/").content.decode()
    for fact in TreatyFact.objects.filter(state="NL", instrument__code="UNTOC",
                                          fact="extradition_basis"):
        assert fact.source[:40] in html
        assert page_date(fact.as_of, "en") in html
    assert ">unknown<" in html  # e.g. NL's central authority under UNTOC
    assert "Member State of the United Nations" in html


def test_unknown_state_page_is_404(client):
    assert client.get("/states/QQ/").status_code == 404


@pytest.mark.parametrize(("role", "sees_history"), [
    ("anonymous", False), ("practitioner", False), ("focal_a", False), ("secretariat", True)])
def test_fact_history_only_for_the_secretariat(actors, role, sees_history):
    html = client_for(actors.by_name(role)).get("/states/NL/").content.decode()
    assert ("Recent changes" in html) is sees_history


@pytest.mark.parametrize(("role", "status"), [
    ("practitioner", 302), ("officer_a", 302), ("focal_a", 302), ("secretariat", 200)])
def test_only_the_secretariat_curates_facts_in_the_admin(actors, role, status):
    client = client_for(actors.by_name(role))
    assert client.get("/admin/states/treatyfact/").status_code == status
    user = actors.by_name(role)
    assert user.has_perm("states.change_treatyfact") is (role == "secretariat")
    assert user.has_perm("states.add_instrument") is (role == "secretariat")
    for model in ("statefact", "organisation", "membership"):
        assert client.get(f"/admin/states/{model}/").status_code == status
        assert user.has_perm(f"states.change_{model}") is (role == "secretariat")


def test_anonymous_cannot_change_facts():
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("states.change_treatyfact")
    assert AnonymousUser().has_perm("states.view_status")


def test_secretariat_edits_a_fact_in_the_admin_with_history(actors):
    client = client_for(actors.secretariat)
    fact = TreatyFact.objects.filter(state="NL", instrument__code="UNTOC",
                                     fact="extradition_basis").first()
    url = f"/admin/states/treatyfact/{fact.pk}/change/"
    data = {"state": "NL", "instrument": fact.instrument_id, "fact": "extradition_basis",
            "value": "perhaps", "source": fact.source, "source_kind": fact.source_kind,
            "as_of": "2025-01-01"}
    response = client.post(url, data)
    assert response.status_code == 200  # invalid value: the form is shown again
    fact.refresh_from_db()
    assert fact.value == "yes"
    response = client.post(url, {**data, "value": "no"})
    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.value == "no"
    assert fact.history.first().history_user == actors.secretariat


@pytest.mark.parametrize("role", ["anonymous", "practitioner", "secretariat"])
def test_api_states_list_and_detail_are_public(actors, role):
    client = api_client_for(actors.by_name(role))
    listing = client.get("/api/v1/states/?page_size=200")
    assert listing.status_code == 200
    assert listing.json()["count"] >= 249
    detail = client.get("/api/v1/states/nl/").json()
    assert detail["alpha2"] == "NL" and detail["un_status"] == "member"
    untoc = next(i for i in detail["instruments"] if i["instrument"]["code"] == "UNTOC")
    basis = next(f for f in untoc["facts"] if f["fact"] == "extradition_basis")
    assert basis["value"] == "yes" and basis["source"] and basis["as_of"]
    assert "central_authority" in untoc["unknown"]


def test_api_unknown_state_is_400_with_clear_error(client):
    response = client.get("/api/v1/states/QQ/")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unknown_state"
    assert "QQ" in error["message"]
