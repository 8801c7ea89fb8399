from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rogatory.core.concurrency import ConflictError
from rogatory.core.decorators import permission_required
from rogatory.directory import exports, selectors, services
from rogatory.directory.forms import FORMSETS, AuthorityForm, FilterForm, RouteForm, formset_items
from rogatory.directory.models import Authority, Channel, Contact, ReviewStatus
from rogatory.states.choices import named, state_choices
from rogatory.states.models import State


def _state_choices(authorities) -> list[tuple[str, str]]:
    """States that have entries, named and sorted in the reader's language."""
    states = State.objects.filter(pk__in=authorities.values("state")).distinct()
    return named(states)


def index(request: HttpRequest) -> HttpResponse:
    visible = selectors.visible_authorities(request.user)
    form = FilterForm(request.GET or None, states=_state_choices(visible),
                      fields=selectors.filters_for(request.user))
    params = form.cleaned_data if form.is_valid() else {}
    authorities = selectors.filter_authorities(request.user, visible, params)
    return render(request, "directory/index.html", {
        "form": form, "authorities": authorities, "query": request.GET.urlencode(),
        "restricted": request.user.has_perm("directory.view_restricted")})


def _visible_or_sign_in(request: HttpRequest, pk: int) -> Authority | HttpResponse:
    authority = get_object_or_404(Authority.objects.select_related("state"), pk=pk)
    if authority.part != Authority.Part.CENTRAL and not request.user.has_perm(
            "directory.view_restricted"):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return authority


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    authority = _visible_or_sign_in(request, pk)
    if isinstance(authority, HttpResponse):
        return authority
    user = request.user
    return render(request, "directory/detail.html", {
        "authority": authority,
        "restricted": user.has_perm("directory.view_restricted"),
        "can_edit": user.has_perm("directory.change_authority", authority),
        "can_history": user.has_perm("directory.view_history", authority),
        "can_approve": user.has_perm("directory.approve")
                       and authority.review_status == ReviewStatus.PENDING,
    })


def _formsets(request: HttpRequest, authority: Authority) -> dict:
    data = request.POST if request.method == "POST" else None
    return {kind: cls(data, instance=authority, prefix=kind) for kind, cls in FORMSETS.items()}


def _save(request: HttpRequest, form: AuthorityForm, formsets: dict,
          authority: Authority | None) -> Authority:
    children = {kind: formset_items(formset) for kind, formset in formsets.items()}
    if authority is None:
        return services.create_authority(request.user, form.values(), children)
    expected = form.cleaned_data.get("version") or 0
    return services.update_authority(authority, expected, form.values(), request.user, children)


def _edit(request: HttpRequest, authority: Authority | None) -> HttpResponse:
    form = AuthorityForm(request.POST or None, instance=authority or Authority(),
                         user=request.user)
    formsets = _formsets(request, authority or Authority())
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in
                                                            formsets.values()):
        candidate = Authority(state=form.cleaned_data["state"])
        if not request.user.has_perm("directory.change_authority", candidate):
            raise PermissionDenied
        try:
            saved = _save(request, form, formsets, authority)
        except ConflictError as error:
            status, conflict = 409, str(error)  # the form keeps what the user typed
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The entry was saved."))
            return redirect("directory:detail", saved.pk)
    return render(request, "directory/form.html", {
        "form": form, "formsets": formsets, "authority": authority, "conflict": conflict},
        status=status)


@permission_required("directory.add_authority")
def create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@permission_required("directory.add_authority")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(Authority, pk=pk)
    if not request.user.has_perm("directory.change_authority", authority):
        raise PermissionDenied
    return _edit(request, authority)


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


def _transition(request: HttpRequest, authority: Authority, action, done: str) -> HttpResponse:
    try:
        action(authority, _version(request), request.user)
    except ConflictError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("directory:detail", authority.pk)


@require_POST
@permission_required("directory.add_authority")
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(Authority, pk=pk)
    if not request.user.has_perm("directory.change_authority", authority):
        raise PermissionDenied
    return _transition(request, authority, services.verify,
                       _("The entry is marked as verified today."))


@require_POST
@permission_required("directory.approve")
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(Authority, pk=pk)
    return _transition(request, authority, services.approve, _("The changes were approved."))


@permission_required("directory.approve")
def review(request: HttpRequest) -> HttpResponse:
    pending = Authority.objects.filter(review_status=ReviewStatus.PENDING).select_related("state")
    return render(request, "directory/review.html", {"pending": pending})


@permission_required("directory.add_authority")
def history(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(Authority.objects.select_related("state"), pk=pk)
    if not request.user.has_perm("directory.view_history", authority):
        raise PermissionDenied
    return render(request, "directory/history.html", {
        "authority": authority, "entries": selectors.history(authority)})


def _exported(request: HttpRequest):
    authorities = selectors.filter_authorities(
        request.user, selectors.visible_authorities(request.user), request.GET)
    return authorities.prefetch_related("contacts", "designations", "links")


@permission_required("directory.export")
def export_csv(request: HttpRequest) -> HttpResponse:
    return exports.directory_csv(_exported(request))


@permission_required("directory.export")
def export_pdf(request: HttpRequest) -> HttpResponse:
    authorities = list(_exported(request))
    state = State.objects.filter(pk=(request.GET.get("state") or "").upper()).first()
    title = (_("Directory of competent national authorities: %(state)s")
             % {"state": state.name()} if state
             else _("Directory of competent national authorities"))
    pdf = exports.directory_pdf(request, authorities, title)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"directory-{state.pk}" if state else "directory"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@permission_required("directory.export")
def contact_vcard(request: HttpRequest, pk: int) -> HttpResponse:
    return exports.vcard_response(get_object_or_404(Contact.objects.select_related(
        "authority"), pk=pk))


@permission_required("directory.view_restricted")
def route_page(request: HttpRequest) -> HttpResponse:
    """Where does my request go? The routing answer as a page (same selector as the API)."""
    form = RouteForm(request.GET or None, states=state_choices())
    answer, asked = None, False
    if form.is_valid():
        asked = True
        answer = selectors.route(form.cleaned_data["state"], form.cleaned_data["assistance"],
                                 form.cleaned_data["urgent"])
    authority = (Authority.objects.select_related("state").get(pk=answer["authority"]["id"])
                 if answer else None)
    channels = [str(Channel(code).label) for code in answer["channels"]] if answer else []
    return render(request, "directory/route.html", {
        "form": form, "answer": answer, "asked": asked, "authority": authority,
        "channels": channels})
