from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from rogatory.accounts.assurance import requires_mfa, session_passed_mfa
from rogatory.accounts.models import AuthEvent
from rogatory.accounts.services import record_auth_event

# Paths a user without two-factor authentication may still reach: to set it up or leave.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


def _api_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


class RequireMFAMiddleware:
    """A session of an account with a second factor must have passed it in this session
    (allauth's sign-in asks for it; a session made any other way is ended). Secretariat and
    focal points must enable TOTP before they use anything else. Token requests are checked
    by ApiTokenAuthentication: DRF authenticates inside the view, after this middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        if is_mfa_enabled(user):
            if not session_passed_mfa(request):
                return self._end_session(request)
        elif requires_mfa(user) and not request.path.startswith(MFA_EXEMPT_PREFIXES):
            if request.path.startswith("/api/"):
                return _api_error("mfa_required",
                                  _("Enable two-factor authentication before using the API."),
                                  403)
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _end_session(request: HttpRequest) -> HttpResponse:
        record_auth_event(AuthEvent.Kind.SESSION_REFUSED, request, request.user)
        logout(request)
        if request.path.startswith("/api/"):
            return _api_error("mfa_required", _("Sign in again with your second factor."), 401)
        return redirect_to_login(request.get_full_path())
