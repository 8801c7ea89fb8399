"""What a request has proven about its user, read from allauth's authentication records
(the session's log of the methods its sign-in, second-factor and reauthentication steps
passed): a second factor in this session, and how recently it authenticated."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest


def requires_mfa(user) -> bool:
    return user.is_authenticated and user.role in settings.MFA_REQUIRED_ROLES


def mfa_missing(user) -> bool:
    """The account's role needs a second factor and the account has none yet."""
    return requires_mfa(user) and not is_mfa_enabled(user)


def session_passed_mfa(request: HttpRequest) -> bool:
    """This session (not merely the account) passed a second factor."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def recently_authenticated(request: HttpRequest) -> bool:
    """The session signed in or confirmed its password or code within allauth's
    reauthentication timeout (five minutes unless ACCOUNT_REAUTHENTICATION_TIMEOUT says)."""
    records = get_authentication_records(request, request.user)
    newest = max((record.get("at", 0) for record in records), default=0)
    return time.time() - newest < account_settings.REAUTHENTICATION_TIMEOUT


def record_enrolment(request: HttpRequest | None, authenticator: Authenticator) -> None:
    """Activating TOTP proves the factor (a code from it was entered) in this session, as
    passing it at sign-in would; without the record the enrolling session would be ended."""
    if (request is None or authenticator.type == Authenticator.Type.RECOVERY_CODES
            or request.user.pk != authenticator.user_id):
        return
    record_authentication(request, authenticator.user, "mfa", id=authenticator.pk,
                          type=authenticator.type, enrolled=True)
