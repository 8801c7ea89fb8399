"""Secretariat manages everyone; a focal point manages its own State's officers and
practitioners and nobody else; the others manage no one. Pages and API alike."""

import pytest

from rogatory.accounts.models import Role, User
from tests.conftest import api_client_for, client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("actor", "status"), [
    ("anonymous", 302), ("practitioner", 403), ("officer_a", 403),
    ("focal_a", 200), ("secretariat", 200),
])
def test_user_list_page(actors, actor, status):
    assert client_for(actors.by_name(actor)).get("/users/").status_code == status


def test_focal_point_sees_only_its_own_state(actors):
    html = client_for(actors.focal_a).get("/users/").content.decode()
    assert "officer@a.test" in html and "officer@b.test" not in html


@pytest.mark.parametrize(("actor", "target", "status"), [
    ("focal_a", "officer_a", 200), ("focal_a", "practitioner", 200),
    ("focal_a", "officer_b", 404), ("focal_a", "focal_b", 404), ("focal_a", "focal_a", 403),
    ("secretariat", "focal_b", 200), ("officer_a", "officer_a", 403),
])
def test_edit_user_page(actors, actor, target, status):
    url = f"/users/{actors.by_name(target).pk}/"
    assert client_for(actors.by_name(actor)).get(url).status_code == status


def test_focal_point_creates_officer_of_own_state(actors):
    response = client_for(actors.focal_a).post("/users/new/", {
        "email": "new.officer@a.test", "role": Role.OFFICER, "state": "NL",
        "authority": actors.authority_a.pk, "is_active": "on"})
    assert response.status_code == 302
    user = User.objects.get(email="new.officer@a.test")
    assert user.authority == actors.authority_a and not user.has_usable_password()


@pytest.mark.parametrize("data", [
    {"email": "x@b.test", "role": Role.OFFICER, "state": "FR"},       # another State
    {"email": "x@a.test", "role": Role.FOCAL_POINT, "state": "NL"},   # a role it may not give
    {"email": "x@a.test", "role": Role.SECRETARIAT, "state": "NL"},
])
def test_focal_point_cannot_create_beyond_its_remit(actors, data):
    response = client_for(actors.focal_a).post("/users/new/", data)
    assert response.status_code == 200  # the form comes back with errors
    assert not User.objects.filter(email=data["email"]).exists()


def test_api_users_scoped_to_manager(actors):
    emails = {u["email"] for u in api_client_for(actors.focal_a).get("/api/v1/users/").json()[
        "results"]}
    assert emails == {"practitioner@a.test", "officer@a.test", "focal@a.test"}
    assert api_client_for(actors.officer_a).get("/api/v1/users/").status_code == 403
    assert api_client_for(None).get("/api/v1/users/").status_code == 401


def test_api_focal_point_cannot_edit_other_state_or_promote(actors):
    api = api_client_for(actors.focal_a)
    assert api.patch(f"/api/v1/users/{actors.officer_b.pk}/", {"full_name": "x"}).status_code == 404
    response = api.patch(f"/api/v1/users/{actors.officer_a.pk}/", {"role": Role.FOCAL_POINT})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["role"]
    response = api.patch(f"/api/v1/users/{actors.focal_a.pk}/", {"full_name": "Self"})
    assert response.status_code == 403


def test_api_secretariat_creates_focal_point(actors):
    response = api_client_for(actors.secretariat).post("/api/v1/users/", {
        "email": "focal@c.test", "role": Role.FOCAL_POINT, "state": "MX"})
    assert response.status_code == 201, response.json()
    response = api_client_for(actors.secretariat).post("/api/v1/users/", {
        "email": "nostate@c.test", "role": Role.FOCAL_POINT})
    assert response.status_code == 400
