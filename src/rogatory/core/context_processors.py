from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from rogatory.core.discovery import local_app_configs


def navigation(user) -> list[dict]:
    """One entry per tool: apps declare `nav_label` and `nav_url` on their AppConfig, and
    `nav_permission` when only some may open it (the others would meet a 403)."""
    items = []
    for config in local_app_configs():
        label = getattr(config, "nav_label", None)
        if not label:
            continue
        permission = getattr(config, "nav_permission", None)
        if permission and not (user is not None and user.has_perm(permission)):
            continue
        try:
            items.append({"label": label, "url": reverse(config.nav_url), "app": config.label})
        except NoReverseMatch:
            continue
    return items


def site(request: HttpRequest) -> dict:
    return {"nav_items": navigation(getattr(request, "user", None)),
            "site_languages": settings.LANGUAGES}
