"""Issue #14, finding 3: API tokens skipped the second factor. A token is bound to its user's
password, role and second factors; it stops working when any of them changes, whoever made
the change (allauth, the admin, a focal point, a shell, a bare UPDATE), and the user is told.
Tokens of roles that need MFA work only while the account has it; tokens are issued only to a
session that has just (re)authenticated."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from rogatory.accounts.models import ApiToken, AuthEvent, Role, User
from tests.accounts.test_login_and_mfa import login
from tests.accounts.test_tokens_and_commands import new_token, token_client
from tests.conftest import PASSWORD, TOTP_SECRET, client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another long passphrase 97"


def works(key: str) -> bool:
    return token_client(key).get("/api/v1/me/").status_code == 200


def promote_to_focal_point(user: User) -> None:
    """What the secretariat does in the user form or the admin: a plain save."""
    user.role, user.authority = Role.FOCAL_POINT, None
    user.save()


def test_officer_promoted_to_focal_point_without_totp_loses_its_token(actors):
    """The report's attack: the token kept working and created users."""
    key = new_token(actors.officer_a)["key"]
    promote_to_focal_point(actors.officer_a)
    api = token_client(key)
    assert api.get("/api/v1/me/").status_code == 401
    response = api.post("/api/v1/users/", {"email": "new@a.test", "role": "officer",
                                           "state": "NL"}, format="json")
    assert response.status_code == 401
    assert not User.objects.filter(email="new@a.test").exists()


def test_promotion_by_bare_update_is_refused_too(actors):
    key = new_token(actors.officer_a)["key"]
    User.objects.filter(pk=actors.officer_a.pk).update(role=Role.FOCAL_POINT, authority=None)
    assert not works(key)
    assert not ApiToken.objects.filter(user=actors.officer_a).exists()  # revoked on sight


def test_token_of_a_role_needing_mfa_works_only_while_mfa_is_enabled(actors):
    """Even if its binding matched (a token issued while the account had no TOTP, e.g. by
    `rogatory create-token`), a focal point's token needs TOTP enabled."""
    focal = actors.focal_a
    Authenticator.objects.filter(user=focal).delete()
    token, key = ApiToken.issue(focal, "before TOTP")
    assert token.matches([token.binding])
    response = token_client(key).get("/api/v1/me/")
    assert response.status_code == 401
    assert "two-factor" in response.json()["error"]["message"]


@pytest.mark.parametrize("change", ["set_password in a shell", "bare update",
                                    "allauth's password change"])
def test_password_change_revokes_every_token(actors, change):
    user = actors.officer_a
    keys = [new_token(user)["key"], new_token(user)["key"]]
    if change == "set_password in a shell":
        user.set_password(NEW_PASSWORD)
        user.save()
    elif change == "bare update":
        user.set_password(NEW_PASSWORD)
        User.objects.filter(pk=user.pk).update(password=user.password)
    else:
        response = client_for(user).post("/accounts/password/change/", {
            "oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert response.status_code == 302
    assert not any(works(key) for key in keys)


@pytest.mark.parametrize("how", ["deleted", "deactivated in allauth"])
def test_mfa_removal_revokes_every_token(actors, how, django_capture_on_commit_callbacks):
    focal = actors.focal_a
    key = new_token(focal)["key"]
    assert works(key)
    if how == "deleted":
        Authenticator.objects.filter(user=focal).delete()
    else:
        client = client_for(focal)
        client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/accounts/2fa/totp/deactivate/")
        assert response.status_code == 302
        assert not Authenticator.objects.filter(user=focal, type="totp").exists()
    assert not works(key)
    # Enabling TOTP again, with the same secret, does not bring the token back.
    TOTP.activate(focal, TOTP_SECRET)
    assert not works(key)


def test_a_token_works_until_its_user_changes(actors):
    key = new_token(actors.focal_a)["key"]
    actors.focal_a.full_name = "Renamed"
    actors.focal_a.save()
    assert works(key)


def test_role_change_ends_sessions_too(actors):
    client = client_for(actors.officer_a)
    User.objects.filter(pk=actors.officer_a.pk).update(role=Role.PRACTITIONER, authority=None)
    response = client.get("/users/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_user_is_told_by_email_and_at_next_sign_in(actors, django_capture_on_commit_callbacks):
    user = actors.officer_a
    new_token(user)
    with django_capture_on_commit_callbacks(execute=True):
        user.set_password(NEW_PASSWORD)
        user.save()
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert "script" in mail.outbox[0].body and "revoked" in mail.outbox[0].subject
    assert AuthEvent.objects.filter(user=user, kind=AuthEvent.Kind.TOKENS_INVALIDATED).exists()
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    page = login(client, user.email, NEW_PASSWORD)
    page = client.get(page["Location"])
    assert "Vos jetons d’API ont été révoqués" in page.content.decode()
    # Told once: the sign-in after that says nothing more.
    client = Client()
    page = client.get(login(client, user.email, NEW_PASSWORD)["Location"])
    assert "API tokens were revoked" not in page.content.decode()


def test_tokens_are_issued_only_after_recent_authentication(actors, settings):
    user = actors.officer_a
    key = new_token(user)["key"]
    # A token cannot make tokens (a stolen one would otherwise outlive its revocation).
    response = token_client(key).post("/api/v1/tokens/", {"name": "more"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "reauthentication_required"
    # A session signed in longer ago than the reauthentication timeout.
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    client = client_for(user)
    response = client.post("/api/v1/tokens/", {"name": "old session"},
                           content_type="application/json")
    assert response.status_code == 403
    response = client.post("/users/me/tokens/", {"name": "old session"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not ApiToken.objects.filter(name="old session").exists()


def test_reauthenticating_resumes_the_token_creation(actors, settings):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    client = client_for(actors.officer_a)
    response = client.post("/users/me/tokens/", {"name": "laptop"})
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=actors.officer_a, name="laptop").exists()


def test_password_set_and_recovery_codes_reset_are_logged(actors,
                                                          django_capture_on_commit_callbacks):
    client = client_for(actors.focal_a)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/recovery-codes/generate/")
    assert response.status_code == 302
    user = actors.officer_a
    user.set_unusable_password()
    user.save()
    response = client_for(user).post("/accounts/password/set/", {
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    kinds = set(AuthEvent.objects.values_list("kind", flat=True))
    assert {AuthEvent.Kind.MFA_RESET, AuthEvent.Kind.PASSWORD_SET} <= kinds


def test_token_requests_are_not_seen_by_the_session_middleware(actors):
    """The token rule lives in the authentication class; a token sent with no session is
    still checked (DRF authenticates inside the view)."""
    key = new_token(actors.secretariat)["key"]
    assert works(key)
    Authenticator.objects.filter(user=actors.secretariat).delete()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/users/").status_code == 401
