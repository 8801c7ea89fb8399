"""Display helpers: yes / no / unknown, phone numbers, language names in the reader's language."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from rogatory.directory.validators import format_phone
from rogatory.states.models import babel_locale

register = template.Library()


@register.simple_tag
def tristate(value: bool | None) -> str:
    """Unknown is shown as unknown, never as "no"."""
    if value is None:
        return format_html('<span class="unknown">{}</span>', _("unknown"))
    return _("yes") if value else _("no")


@register.filter
def phone(value: str) -> str:
    return format_phone(value) if value else ""


@register.filter
def language_names(codes: list[str]) -> str:
    names = babel_locale().languages
    return ", ".join(f"{names.get(code, code)} ({code})" for code in codes or [])


@register.filter
def history_value(value) -> str:
    """A field value in the history table: lists joined, None as unknown."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)
