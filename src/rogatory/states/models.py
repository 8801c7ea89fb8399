from babel import Locale, UnknownLocaleError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def babel_locale(language: str | None = None) -> Locale:
    """The Babel locale for a Django language code ("zh-hans" -> zh_Hans)."""
    code = (language or get_language() or "en").replace("-", "_")
    try:
        return Locale.parse(code.replace("_hans", "_Hans"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


class State(models.Model):
    """A State or other ISO 3166-1 entity. Names come from CLDR (Babel), in any language."""

    alpha2 = models.CharField(_("ISO alpha-2"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric"), max_length=3, blank=True)
    # UN formal names ("the Kingdom of the Netherlands"), by language, from UNTERM.
    formal_names = models.JSONField(default=dict, blank=True)
    short_names = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["alpha2"]
        verbose_name = _("State")
        verbose_name_plural = _("States")

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        return babel_locale(language).territories.get(self.alpha2, self.alpha2)

    def formal_name(self, language: str | None = None) -> str:
        """The UN formal name for a letter of request, falling back to the CLDR name."""
        key = babel_locale(language).language
        return self.formal_names.get(key) or self.name(language)
