from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from rogatory.core.discovery import local_app_configs


def navigation() -> list[dict]:
    """One entry per tool: apps declare `nav_label` and `nav_url` on their AppConfig."""
    items = []
    for config in local_app_configs():
        label = getattr(config, "nav_label", None)
        if not label:
            continue
        try:
            items.append({"label": label, "url": reverse(config.nav_url), "app": config.label})
        except NoReverseMatch:
            continue
    return items


def site(request: HttpRequest) -> dict:
    return {"nav_items": navigation(), "site_languages": settings.LANGUAGES}
