from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation

from rogatory.accounts.models import ApiToken, AuthEvent, User, token_bindings


def record_auth_event(kind: str, request: HttpRequest | None = None, user: User | None = None,
                      email: str = "") -> AuthEvent:
    meta = request.META if request is not None else {}
    return AuthEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        email=(email or (user.email if user is not None else ""))[:254],
        ip=meta.get("REMOTE_ADDR") or None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:300],
    )


def create_token(user: User, name: str, request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    token, key = ApiToken.issue(user, name)
    record_auth_event(AuthEvent.Kind.TOKEN_CREATED, request, user)
    return token, key


def revoke_token(token: ApiToken, request: HttpRequest | None = None) -> None:
    user = token.user
    token.delete()
    record_auth_event(AuthEvent.Kind.TOKEN_REVOKED, request, user)


def revoke_stale_tokens(user: User, request: HttpRequest | None = None) -> list[str]:
    """Delete the user's tokens bound to an earlier password, role or set of second factors
    (they no longer authenticate anyway), log it and tell the user by e-mail; the next
    sign-in says it too. Returns the names of the revoked tokens."""
    tokens = list(user.api_tokens.all())
    if not tokens:
        return []
    bindings = token_bindings(user)
    stale = [token for token in tokens if not token.matches(bindings)]
    if not stale:
        return []
    ApiToken.objects.filter(pk__in=[token.pk for token in stale]).delete()
    record_auth_event(AuthEvent.Kind.TOKENS_INVALIDATED, request, user)
    names = [token.name for token in stale]
    transaction.on_commit(partial(_mail_tokens_revoked, user, names))
    return names


def _mail_tokens_revoked(user: User, names: list[str]) -> None:
    if not user.email:
        return
    context = {"user": user, "names": names}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/tokens_revoked_subject.txt", context).strip()
        body = render_to_string("accounts/email/tokens_revoked_body.txt", context)
    send_mail(subject, body, None, [user.email])


def tokens_revoked_since_last_sign_in(user: User) -> bool:
    """Called as the user signs in, before this sign-in is logged."""
    events = user.auth_events.all()
    last = events.filter(kind=AuthEvent.Kind.LOGIN).order_by("-created").first()
    revoked = events.filter(kind=AuthEvent.Kind.TOKENS_INVALIDATED)
    if last is not None:
        revoked = revoked.filter(created__gt=last.created)
    return revoked.exists()
