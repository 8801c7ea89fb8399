from allauth.account.forms import ResetPasswordForm
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rogatory.accounts import services
from rogatory.accounts.assurance import recently_authenticated
from rogatory.accounts.forms import ProfileForm, TokenForm, UserForm
from rogatory.accounts.models import User
from rogatory.accounts.selectors import users_managed_by
from rogatory.core.decorators import permission_required


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    events = request.user.auth_events.all()[:20]
    return render(request, "accounts/profile.html", {"form": form, "events": events})


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and not recently_authenticated(request):
        raise ReauthenticationRequired  # allauth asks for the password, then replays the POST
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.create_token(request.user, form.cleaned_data["name"], request)
        form = TokenForm()
    return render(request, "accounts/tokens.html", {
        "form": form, "new_key": new_key, "tokens": request.user.api_tokens.all()})


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.revoke_token(token, request)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")


@permission_required("accounts.list_users")
def user_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/user_list.html", {"users": users_managed_by(request.user)})


def _send_welcome(request: HttpRequest, user: User) -> None:
    """New accounts choose their own password through the reset e-mail."""
    form = ResetPasswordForm(data={"email": user.email})
    if form.is_valid():
        form.save(request)


@permission_required("accounts.list_users")
def user_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    target = get_object_or_404(users_managed_by(request.user), pk=pk) if pk else None
    if target is not None and not request.user.has_perm("accounts.manage_user", target):
        raise PermissionDenied
    form = UserForm(request.POST or None, instance=target, manager=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        if not request.user.has_perm("accounts.manage_user", user):
            raise PermissionDenied
        user.save()
        if target is None:
            _send_welcome(request, user)
        messages.success(request, _("The account %(email)s was saved.") % {"email": user.email})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "target": target})
