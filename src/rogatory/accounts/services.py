from django.http import HttpRequest

from rogatory.accounts.models import ApiToken, AuthEvent, User


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
