from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Paths a user without two-factor authentication may still reach: to set it up or leave.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


def mfa_missing(user) -> bool:
    return (user.is_authenticated and user.role in settings.MFA_REQUIRED_ROLES
            and not is_mfa_enabled(user))


class RequireMFAMiddleware:
    """Secretariat and focal points must enable TOTP before they use anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if mfa_missing(request.user) and not request.path.startswith(MFA_EXEMPT_PREFIXES):
            if request.path.startswith("/api/"):
                message = _("Enable two-factor authentication before using the API.")
                return JsonResponse({"error": {"code": "mfa_required", "message": message}},
                                    status=403)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
