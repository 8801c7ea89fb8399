"""The signed-in user's due and overdue case items, on the home page."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from rogatory.cases import selectors


def panels(request: HttpRequest) -> list[dict]:
    if not request.user.has_perm("cases.view_register"):
        return []
    items = selectors.due_items(request.user)
    return [{"title": _("Case deadlines"), "template": "cases/dashboard_panel.html",
             "context": items}]
