from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from rogatory.accounts.assurance import mfa_missing
from rogatory.accounts.models import ApiToken, hash_token, token_bindings
from rogatory.accounts.services import revoke_stale_tokens


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` against the hashed personal tokens.

    Checked here, not in RequireMFAMiddleware: DRF authenticates inside the view, so the
    middleware sees token requests as anonymous."""

    def authenticate_credentials(self, key: str):
        try:
            token = ApiToken.objects.select_related("user").get(key_hash=hash_token(key))
        except ApiToken.DoesNotExist as error:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from error
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if not token.matches(token_bindings(user)):
            # Password, role or second factors changed without passing through a signal
            # (a bare UPDATE): revoke and tell the user now.
            revoke_stale_tokens(user)
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if mfa_missing(user):
            raise exceptions.AuthenticationFailed(
                _("Enable two-factor authentication before using the API."))
        now = timezone.now()
        if token.last_used is None or (now - token.last_used).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return user, token
