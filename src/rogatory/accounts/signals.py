"""The audit log of authentication events, and tokens revoked as soon as the account changes
(they stop working by construction anyway: see models.token_bindings)."""

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from rogatory.accounts.assurance import record_enrolment
from rogatory.accounts.models import AuthEvent, User
from rogatory.accounts.services import (
    record_auth_event,
    revoke_stale_tokens,
    tokens_revoked_since_last_sign_in,
)

# Credentials name the account by the backend's keyword: allauth passes `email`, Django's
# own forms (ModelBackend) `username`, which is the e-mail here (USERNAME_FIELD).
LOGIN_KEYS = ("email", "username", "login")


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs) -> None:
    if tokens_revoked_since_last_sign_in(user):
        messages.warning(request, _("Your API tokens were revoked because your password, role "
                                    "or two-factor authentication changed. Create new ones if "
                                    "you still need them."), fail_silently=True)
    record_auth_event(AuthEvent.Kind.LOGIN, request, user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_auth_event(AuthEvent.Kind.LOGOUT, request, user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    attempted = next((str(credentials[key]) for key in LOGIN_KEYS if credentials.get(key)), "")
    record_auth_event(AuthEvent.Kind.LOGIN_FAILED, request, email=attempted)


@receiver(password_changed)
def on_password_changed(sender, request, user, **kwargs) -> None:
    record_auth_event(AuthEvent.Kind.PASSWORD_CHANGED, request, user)


@receiver(password_set)
def on_password_set(sender, request, user, **kwargs) -> None:
    record_auth_event(AuthEvent.Kind.PASSWORD_SET, request, user)


@receiver(password_reset)
def on_password_reset(sender, request, user, **kwargs) -> None:
    record_auth_event(AuthEvent.Kind.PASSWORD_RESET, request, user)


@receiver(authenticator_added)
def on_mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    record_enrolment(request, authenticator)
    record_auth_event(AuthEvent.Kind.MFA_ADDED, request, user)


@receiver(authenticator_removed)
def on_mfa_removed(sender, request, user, **kwargs) -> None:
    record_auth_event(AuthEvent.Kind.MFA_REMOVED, request, user)


@receiver(authenticator_reset)
def on_mfa_reset(sender, request, user, **kwargs) -> None:
    record_auth_event(AuthEvent.Kind.MFA_RESET, request, user)


@receiver(post_save, sender=User)
def on_user_saved(sender, instance: User, update_fields=None, **kwargs) -> None:
    """Any save may have changed the password or the role: the admin, a focal point, a shell's
    set_password (none of them sends an allauth signal)."""
    if update_fields is None or {"password", "role"} & set(update_fields):
        revoke_stale_tokens(instance)


@receiver(post_save, sender=Authenticator)
@receiver(post_delete, sender=Authenticator)
def on_authenticator_changed(sender, instance: Authenticator, **kwargs) -> None:
    user = User.objects.filter(pk=instance.user_id).first()
    if user is not None:
        revoke_stale_tokens(user)


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs) -> None:
    """Until the user chooses, e-mails follow the language they signed in with."""
    language = getattr(request, "LANGUAGE_CODE", "") if request is not None else ""
    if not user.preferred_language and language in dict(settings.LANGUAGES):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
