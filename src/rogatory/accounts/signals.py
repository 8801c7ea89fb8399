from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from rogatory.accounts.models import AuthEvent
from rogatory.accounts.services import record_auth_event


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs) -> None:
    record_auth_event(AuthEvent.Kind.LOGIN, request, user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_auth_event(AuthEvent.Kind.LOGOUT, request, user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    record_auth_event(AuthEvent.Kind.LOGIN_FAILED, request, email=credentials.get("email", ""))


@receiver(password_changed)
def on_password_changed(sender, request, user, **kwargs) -> None:
    record_auth_event(AuthEvent.Kind.PASSWORD_CHANGED, request, user)


@receiver(password_reset)
def on_password_reset(sender, request, user, **kwargs) -> None:
    record_auth_event(AuthEvent.Kind.PASSWORD_RESET, request, user)


@receiver(authenticator_added)
def on_mfa_added(sender, request, user, **kwargs) -> None:
    record_auth_event(AuthEvent.Kind.MFA_ADDED, request, user)


@receiver(authenticator_removed)
def on_mfa_removed(sender, request, user, **kwargs) -> None:
    record_auth_event(AuthEvent.Kind.MFA_REMOVED, request, user)


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs) -> None:
    """Until the user chooses, e-mails follow the language they signed in with."""
    language = getattr(request, "LANGUAGE_CODE", "") if request is not None else ""
    if not user.preferred_language and language in dict(settings.LANGUAGES):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
