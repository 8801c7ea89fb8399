"""Home-page panel: a focal point's stale entries; the secretariat's review queue."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from rogatory.directory.models import Authority, ReviewStatus
from rogatory.directory.selectors import stale_authorities
from rogatory.permissions.predicates import is_focal_point, is_secretariat


def panels(request: HttpRequest) -> list[dict]:
    user = request.user
    if is_secretariat(user):
        pending = Authority.objects.filter(review_status=ReviewStatus.PENDING)
        return [{"title": _("Directory"), "template": "directory/panel.html",
                 "context": {"pending": pending.count(), "stale": stale_authorities().count()}}]
    if is_focal_point(user):
        return [{"title": _("Directory"), "template": "directory/panel.html",
                 "context": {"stale_entries": list(stale_authorities(user.state_id))}}]
    return []
