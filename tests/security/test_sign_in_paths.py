"""Issue #14, finding 2: every way to a session goes through the one sign-in, with its second
factor and its rate limit. Attacked as the report did: the stock admin's password form, a
session that never passed the second factor, the admin's login path hammered."""

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory

from rogatory.accounts.models import ApiToken, AuthEvent, Role
from tests.accounts.test_login_and_mfa import login, totp_now
from tests.conftest import PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db

SECRETARIAT = "secretariat@un.test"


def admin_password_login(client: Client, email: str = SECRETARIAT,
                         password: str = PASSWORD):
    """The stock admin's form: username (the e-mail here) and password, nothing else."""
    return client.post("/admin/login/", {"username": email, "password": password,
                                         "next": "/admin/"})


def assert_no_usable_session(client: Client) -> None:
    """Nothing the report reached with the admin's session is reachable."""
    response = client.get("/users/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/api/v1/me/").status_code in (401, 403)
    tokens_before = ApiToken.objects.count()
    response = client.post("/api/v1/tokens/", {"name": "lasting"},
                           content_type="application/json")
    assert response.status_code in (401, 403)
    assert ApiToken.objects.count() == tokens_before
    response = client.get("/admin/", follow=True)  # ends on the sign-in or its second step
    assert response.redirect_chain[-1][0].startswith(("/accounts/login/",
                                                      "/accounts/2fa/authenticate/"))


def test_admin_login_with_the_password_alone_gives_no_session(client, actors):
    response = admin_password_login(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "_auth_user_id" not in client.session
    assert_no_usable_session(client)


def test_admin_login_page_sends_to_the_one_sign_in(client, actors):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    assert b"password" not in response.content


def test_admin_is_reached_through_the_sign_in_with_its_second_factor(client, actors):
    location = client.get("/admin/login/?next=/admin/")["Location"]
    response = client.post(location, {"login": SECRETARIAT, "password": PASSWORD})
    assert "/2fa/" in response["Location"]
    assert client.get("/admin/").status_code == 302  # password passed, second factor not yet
    response = client.post(response["Location"], {"code": totp_now()})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # The admin's login page now sends a signed-in secretariat to the admin, not to a form.
    assert client.get("/admin/login/")["Location"] == "/admin/"


def test_admin_login_path_is_rate_limited(client, actors):
    for _attempt in range(6):
        admin_password_login(client, password="wrong password")
    admin_password_login(client)  # the right password after six wrong ones
    assert "_auth_user_id" not in client.session
    # The sign-in the admin sends to counts failures per IP and per account: five wrong
    # passwords there and even the right one is refused.
    location = client.get("/admin/login/?next=/admin/")["Location"]
    for _attempt in range(5):
        client.post(location, {"login": SECRETARIAT, "password": "wrong password"})
    response = client.post(location, {"login": SECRETARIAT, "password": PASSWORD})
    assert response.status_code in (200, 429)  # the form again, with the limit's message
    assert "_auth_user_id" not in client.session


def test_failed_attempts_name_the_attempted_login(client, actors):
    client.post("/accounts/login/?next=/admin/", {"login": SECRETARIAT,
                                                  "password": "wrong password"})
    # Django's own forms (the stock admin's included) authenticate by `username`.
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="someone@x.test", password="wrong password") is None
    failures = AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN_FAILED)
    assert sorted(failures.values_list("email", flat=True)) == [SECRETARIAT, "someone@x.test"]


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.FOCAL_POINT])
def test_session_that_did_not_pass_the_second_factor_is_ended(role):
    """A session of an account with TOTP that did not pass it (made by the old admin form,
    or any way other than the sign-in) is refused everywhere and ended."""
    user = make_user(f"{role}@x.test", role, None if role == Role.SECRETARIAT else "NL")
    for path in ("/users/", "/users/me/", "/api/v1/me/", "/admin/", "/accounts/2fa/"):
        client = Client()
        client.force_login(user)  # a session with the password's result only
        response = client.get(path)
        assert response.status_code in (302, 401), path
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), path
        assert "_auth_user_id" not in client.session, path
    assert AuthEvent.objects.filter(user=user, kind=AuthEvent.Kind.SESSION_REFUSED).exists()


def test_session_stopped_before_the_second_factor_reaches_nothing(client, actors):
    response = login(client, SECRETARIAT)
    assert "/2fa/" in response["Location"]
    assert_no_usable_session(client)


def test_session_of_an_officer_promoted_to_focal_point_ends(actors):
    """The role is part of the session's hash: the promoted user signs in again, and then
    meets the second-factor enrolment."""
    client = client_for(actors.officer_a)
    assert client.get("/users/me/").status_code == 200
    actors.officer_a.role = Role.FOCAL_POINT
    actors.officer_a.authority = None
    actors.officer_a.save()
    response = client.get("/users/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_admin_needs_the_second_factor_in_this_session(actors):
    assert client_for(actors.secretariat).get("/admin/").status_code == 200
    client = Client()
    client.force_login(actors.secretariat)
    assert client.get("/admin/").status_code == 302
    # Not staff, second factor or not: the admin is closed.
    assert client_for(actors.focal_a).get("/admin/login/").status_code == 403


@pytest.mark.django_db(transaction=True)  # allauth signals the enrolment on commit
def test_enrolling_totp_counts_as_passing_it_in_this_session():
    """A new focal point signs in with its password, is sent to enrol, enrols: its session
    goes on (the enrolment proved the factor), and the next sign-in asks for it."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters

    user = make_user("new@x.test", Role.FOCAL_POINT, "NL", mfa=False)
    client = Client()
    login(client, user.email)
    response = client.get("/users/me/")
    assert response["Location"].startswith("/accounts/2fa/totp/activate")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})  # allauth asks first
    assert client.get(response["Location"]).status_code == 200
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, next(counters())))
    response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert user.authenticator_set.filter(type="totp").exists()
    assert client.get("/users/me/").status_code == 200
    assert "/2fa/" in login(Client(), user.email)["Location"]
