import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from rogatory.accounts.models import ApiToken, Role, User
from tests.conftest import api_client_for, client_for, make_user

pytestmark = pytest.mark.django_db


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def new_token(user) -> dict:
    """A token created through the API by a session that has just signed in."""
    response = client_for(user).post("/api/v1/tokens/", {"name": "script"},
                                     content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_user_creates_uses_and_revokes_a_token(actors):
    api = api_client_for(actors.officer_a)
    response = client_for(actors.officer_a).post("/api/v1/tokens/", {"name": "script"},
                                                 content_type="application/json")
    assert response.status_code == 201
    key = response.json()["key"]
    assert token_client(key).get("/api/v1/me/").json()["email"] == "officer@a.test"
    assert "key" not in api.get("/api/v1/tokens/").json()["results"][0]
    token_id = response.json()["id"]
    assert api.delete(f"/api/v1/tokens/{token_id}/").status_code == 204
    assert token_client(key).get("/api/v1/me/").status_code == 401


def test_tokens_are_stored_hashed(actors):
    key = new_token(actors.officer_a)["key"]
    assert not ApiToken.objects.filter(key_hash=key).exists()


def test_cannot_revoke_someone_elses_token(actors):
    token, _key = ApiToken.issue(actors.officer_b, "theirs")
    assert api_client_for(actors.officer_a).delete(f"/api/v1/tokens/{token.pk}/").status_code == 404
    response = client_for(actors.officer_a).post(f"/users/me/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_token_page_shows_key_once(actors):
    client = client_for(actors.officer_a)
    html = client.post("/users/me/tokens/", {"name": "laptop"}).content.decode()
    key = ApiToken.objects.get(name="laptop")
    assert "laptop" in html and key.prefix in html
    assert key.prefix not in client.get("/users/me/tokens/").content.decode().split("laptop")[0]


def test_focal_point_without_mfa_cannot_create_token():
    user = make_user("f@x.test", Role.FOCAL_POINT, "NL", mfa=False)
    response = api_client_for(user).post("/api/v1/tokens/", {"name": "x"})
    assert response.status_code == 403


def test_create_user_command_reads_password_from_stdin(actors, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    call_command("create-user", "new@x.test", "--role", "officer", "--state", "NL",
                 "--authority", str(actors.authority_a.pk), "--password-stdin",
                 stdout=io.StringIO())
    user = User.objects.get(email="new@x.test")
    assert user.check_password("a long enough password") and user.role == Role.OFFICER


@pytest.mark.parametrize(("args", "message"), [
    (["--role", "officer", "--state", "NL"], "authority"),
    (["--role", "focal_point", "--state", "XX"], "unknown State"),
    (["--role", "officer", "--state", "NL", "--authority", "99999"], "unknown authority"),
])
def test_create_user_command_rejects_bad_input(actors, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create-user", "bad@x.test", *args, stdout=io.StringIO())
    assert not User.objects.filter(email="bad@x.test").exists()


def test_create_token_command_prints_a_working_key(actors):
    out = io.StringIO()
    call_command("create-token", "officer@a.test", stdout=out)
    assert token_client(out.getvalue().strip()).get("/api/v1/me/").status_code == 200
    with pytest.raises(CommandError):
        call_command("create-token", "nobody@x.test", stdout=io.StringIO())


def test_demo_is_idempotent_and_prints_accounts():
    first, second = io.StringIO(), io.StringIO()
    call_command("demo", stdout=first)
    count = User.objects.count()
    call_command("demo", stdout=second)
    assert User.objects.count() == count
    assert "secretariat@example.org" in first.getvalue()
    assert "rogatory-demo-2026" in second.getvalue()
