"""Template filters every app may use."""

from urllib.parse import urlsplit

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from rogatory.core import dates, labels

register = template.Library()
SAFE_SCHEMES = ("http", "https", "mailto")


@register.filter
def safe_href(value: object) -> str:
    """`value` as a link target when it is a web address (or has no scheme, like a document
    symbol); "#" for any other scheme, so an imported `javascript:` source never runs."""
    text = str(value or "").strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return "#"
    return text if scheme in ("", *SAFE_SCHEMES) else "#"


@register.filter(is_safe=True)
def local_date(value, width: str = "medium") -> str:
    """A date as the reader's language writes it (Babel's medium format on pages, "long" in
    documents), isolated so that it reads whole inside right-to-left text; "" for none."""
    if not value:
        return ""
    return format_html("<bdi>{}</bdi>", dates.page_date(value, get_language(), width))


@register.filter(is_safe=True)
def local_datetime(value) -> str:
    """A moment as the reader's language writes it (medium date, short time, local zone)."""
    if not value:
        return ""
    return format_html("<bdi>{}</bdi>", dates.page_datetime(value, get_language()))


@register.filter
def instrument(code: str) -> str:
    """An instrument code ("UNTOC") as its title in the reader's language."""
    return labels.instrument_label(code)
