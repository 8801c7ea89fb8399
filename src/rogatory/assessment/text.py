"""Texts stored as data in six languages: {"en": ..., "fr": ..., "zh": ...}."""

from django.utils.translation import get_language

# Keys of translated data: the UN languages, Chinese as "zh" (Simplified).
DATA_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


def data_language(language: str | None = None) -> str:
    """The data key for a Django language code ("zh-hans" -> "zh", "fr-fr" -> "fr")."""
    code = (language or get_language() or "en").lower().replace("_", "-")
    return code.split("-")[0]


def localized(texts: dict | None, language: str | None = None) -> str:
    """The text in the language, else in English, else any language there is."""
    if not texts:
        return ""
    return (texts.get(data_language(language)) or texts.get("en")
            or next((value for value in texts.values() if value), ""))
