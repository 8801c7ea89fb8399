"""The second-factor forms, saying so when a TOTP code was right but already used.

allauth accepts each TOTP code once (it marks it used in the cache for the tolerance window)
and answers a replayed code with "Incorrect code.", which leaves a person who typed the
right code twice, or signed in twice within 30 seconds, puzzled. Replays are still refused.
"""

from allauth.mfa.base import forms as allauth_forms
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from allauth.mfa.utils import decrypt
from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

ALREADY_USED = _("This code has already been used. Wait for the next code from your "
                 "authenticator app, then enter it.")


def _already_used(user, code: str) -> bool:
    for authenticator in Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP):
        totp = TOTP(authenticator)
        if (validate_totp_code(decrypt(authenticator.data["secret"]), code)
                and cache.get(totp._get_used_cache_key(code)) is not None):
            return True
    return False


class UsedCodeMixin:
    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except forms.ValidationError:
            if _already_used(self.user, self.data.get("code", "")):
                raise forms.ValidationError(ALREADY_USED, code="used_code") from None
            raise


class AuthenticateForm(UsedCodeMixin, allauth_forms.AuthenticateForm):
    pass


class ReauthenticateForm(UsedCodeMixin, allauth_forms.ReauthenticateForm):
    pass
