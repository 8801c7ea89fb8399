"""Sorting text as a reader of the language expects: ICU collation with CLDR's rules.

French puts « Égypte » under E, Spanish "Ñ" after "N", Chinese in pinyin order. PyICU has no
wheel on PyPI and builds only where libicu-dev is installed (see docs/architecture.md,
"Collation"); without it lists are sorted by a degraded key (accents and case ignored, then
code points) and a system check warns, so that `make run` still works on a bare machine.
"""

import functools
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core import checks
from django.utils.translation import get_language

try:
    import icu
except ImportError:  # pragma: no cover - CI has PyICU; the fallback has its own test
    icu = None

T = TypeVar("T")


def icu_tag(language: str) -> str:
    """Django's "zh-hans" is BCP 47 "zh-Hans" (ICU reads the script to pick pinyin)."""
    parts = language.replace("_", "-").split("-")
    return "-".join([parts[0].lower(), *(p.title() if len(p) == 4 else p for p in parts[1:])])


@functools.lru_cache(maxsize=16)
def _collator(language: str):
    """One collator per language: building one reads CLDR's tailoring, which is costly."""
    return icu.Collator.createInstance(icu.Locale.forLanguageTag(icu_tag(language)))


def _degraded_key(text: str) -> tuple[str, str]:
    """Base letters first ("Égypte" beside "Egypt"), then the exact text to break ties."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    return bare.casefold(), text


def sort_key(language: str | None = None) -> Callable[[str], object]:
    """A key function ordering strings as the language's collation does."""
    if icu is None:
        return _degraded_key
    return _collator(language or get_language() or "en").getSortKey


def collated(items: Iterable[T], text: Callable[[T], str],
             language: str | None = None) -> list[T]:
    """The items sorted by `text(item)` in the language's collation."""
    key = sort_key(language)
    return sorted(items, key=lambda item: key(text(item)))


@checks.register()
def check_icu(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if icu is not None:
        return []
    return [checks.Warning(
        "PyICU is not installed: lists of States and other names are sorted without the "
        "language's collation (Chinese not in pinyin order).",
        hint="Install libicu-dev and pkg-config, then pip install 'rogatory[icu]'.",
        id="rogatory.W001")]
