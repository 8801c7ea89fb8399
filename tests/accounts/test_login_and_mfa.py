import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail

from rogatory.accounts.models import AuthEvent, Role
from tests.conftest import PASSWORD, TOTP_SECRET, make_user

pytestmark = pytest.mark.django_db


def totp_now() -> str:
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(TOTP_SECRET, counter))


def login(client, email: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_login_by_email_and_event_logged(client, actors):
    response = login(client, "officer@a.test")
    assert response.status_code == 302
    assert client.get("/users/me/").status_code == 200
    assert AuthEvent.objects.filter(user=actors.officer_a, kind="login").exists()


def test_wrong_password_is_refused_and_logged(client, actors):
    response = login(client, "officer@a.test", "wrong password")
    assert response.status_code == 200
    assert client.get("/users/me/").status_code == 302
    assert AuthEvent.objects.filter(email="officer@a.test", kind="login_failed").exists()


def test_login_is_rate_limited(client, actors):
    for _attempt in range(5):
        login(client, "officer@a.test", "wrong password")
    response = login(client, "officer@a.test")  # even the right password is now refused
    assert response.status_code == 429 or client.get("/users/me/").status_code == 302


def test_secretariat_login_asks_for_totp_code(client, actors):
    response = login(client, "secretariat@un.test")
    assert response.status_code == 302 and "/2fa/" in response["Location"]
    assert client.get("/users/me/").status_code == 302  # not signed in yet
    response = client.post(response["Location"], {"code": totp_now()})
    assert response.status_code == 302
    assert client.get("/users/me/").status_code == 200


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.FOCAL_POINT])
def test_mfa_is_enforced_for_secretariat_and_focal_points(client, role):
    user = make_user("new@x.test", role, None if role == Role.SECRETARIAT else "NL", mfa=False)
    client.force_login(user)
    response = client.get("/users/me/")
    assert response.status_code == 302 and "/accounts/2fa/totp/activate" in response["Location"]
    assert client.get("/api/v1/me/").json()["error"]["code"] == "mfa_required"


def test_mfa_is_optional_for_officers(client, actors):
    client.force_login(actors.officer_a)
    assert client.get("/users/me/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200


def test_password_reset_sends_email(client, actors):
    response = client.post("/accounts/password/reset/", {"email": "officer@a.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "officer@a.test" in mail.outbox[0].to


def test_nobody_can_sign_up(client):
    response = client.post("/accounts/signup/", {"email": "x@y.test", "password1": PASSWORD,
                                                 "password2": PASSWORD})
    assert response.status_code in (200, 302)
    from rogatory.accounts.models import User

    assert not User.objects.filter(email="x@y.test").exists()


def test_passwords_are_hashed_with_argon2(actors):
    assert actors.officer_a.password.startswith("argon2")


def test_user_changes_are_recorded_in_history(actors):
    actors.officer_a.full_name = "Renamed"
    actors.officer_a.save()
    assert actors.officer_a.history.count() == 2
    assert actors.officer_a.history.first().full_name == "Renamed"
