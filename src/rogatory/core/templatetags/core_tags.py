"""Template filters every app may use."""

from urllib.parse import urlsplit

from django import template

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
