"""One way to write a date per language: Babel's (CLDR's) medium format on pages, long in
documents ("4 déc. 2026" on a page, "4 décembre 2026" in a letter)."""

import datetime as dt

from babel.dates import format_date, format_time
from django.utils import timezone

from rogatory.states.models import babel_locale


def page_date(value: dt.date, language: str | None = None, width: str = "medium") -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_date(value, width, locale=babel_locale(language))


def document_date(value: dt.date, language: str | None = None) -> str:
    return page_date(value, language, "long")


def page_datetime(value: dt.datetime, language: str | None = None) -> str:
    """Medium date and short time, joined as the language joins them ("{1}, {0}")."""
    locale = babel_locale(language)
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    pattern = str(locale.datetime_formats["medium"])
    return (pattern.replace("{1}", format_date(moment.date(), "medium", locale=locale))
            .replace("{0}", format_time(moment.time(), "short", locale=locale)))
