"""The Django admin behind the one sign-in (finding 2 of issue #14).

The stock admin signs in with a password alone and no rate limit. Here its login page only
sends to allauth's sign-in (second factor, rate limits, the audit log), and the admin opens
only to a session that passed the second factor. Loaded while the app registry is being
populated (it is named in INSTALLED_APPS), so model-importing modules are imported late."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class SecureAdminSite(admin.AdminSite):
    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """Anonymous: to allauth's sign-in, back here after it. Signed in: to the admin if
        allowed, else 403. Django's own password form is never shown nor processed."""
        from allauth.account.decorators import secure_admin_login

        return secure_admin_login(self._signed_in)(request)

    def _signed_in(self, request: HttpRequest) -> HttpResponse:
        if not self.has_permission(request):
            raise PermissionDenied
        return redirect(reverse("admin:index", current_app=self.name))

    def has_permission(self, request: HttpRequest) -> bool:
        from allauth.mfa.utils import is_mfa_enabled

        from rogatory.accounts.assurance import session_passed_mfa

        return (super().has_permission(request) and is_mfa_enabled(request.user)
                and session_passed_mfa(request))


class AdminConfig(DjangoAdminConfig):
    default_site = "rogatory.accounts.admin_site.SecureAdminSite"
