"""Stale-entry reminders: each focal point gets the list of its State's stale entries."""

from collections import defaultdict

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from rogatory.accounts.models import Role, User
from rogatory.directory.selectors import stale_authorities


def send_stale_reminders(base_url: str = "") -> int:
    """Send one e-mail per focal point whose State has stale entries; return how many."""
    by_state = defaultdict(list)
    for authority in stale_authorities():
        by_state[authority.state_id].append(authority)
    focal_points = User.objects.filter(role=Role.FOCAL_POINT, is_active=True,
                                       state__in=list(by_state)).select_related("state")
    sent = 0
    for user in focal_points:
        entries = [(a, base_url + reverse("directory:detail", args=[a.pk]))
                   for a in by_state[user.state_id]]
        with translation.override(user.email_language):  # written in the user's language
            body = render_to_string("directory/remind_email.txt",
                                    {"user": user, "state": user.state, "entries": entries})
            subject = _("Directory: %(count)s entries of %(state)s to verify") % {
                "count": len(entries), "state": user.state.name()}
        sent += send_mail(subject, body, None, [user.email])
    return sent
