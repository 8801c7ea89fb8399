"""Validation of the directory's structured values: phones, languages, time zones, code lists."""

import zoneinfo
from collections.abc import Callable

import phonenumbers
import pycountry
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

ISO_639_1 = frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def normalise_phone(value: str) -> str:
    """An international number in E.164 form, or ValidationError."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(_("%(value)s is not an international telephone number "
                                "(start with + and the country code).")
                              % {"value": value}) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("%(value)s is not a valid telephone number.") % {"value": value})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value: str) -> str:
    """For display: +31 70 370 7911."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def validate_phone(value: str) -> None:
    if value:
        normalise_phone(value)


def validate_phone_list(value: list) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Expected a list of telephone numbers."))
    for item in value:
        normalise_phone(str(item))


def validate_languages(value: list) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Expected a list of language codes."))
    unknown = [str(code) for code in value if code not in ISO_639_1]
    if unknown:
        raise ValidationError(_("Not ISO 639-1 language codes: %(codes)s")
                              % {"codes": ", ".join(unknown)})


def validate_time_zone(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a time zone name such as Europe/Amsterdam.")
                              % {"value": value})


@deconstructible
class ChoiceList:
    """Every item of a JSON list is one of the codes of `choices`."""

    def __init__(self, choices_path: str):
        self.choices_path = choices_path

    def __call__(self, value: list) -> None:
        module, name = self.choices_path.rsplit(".", 1)
        choices = getattr(__import__(module, fromlist=[name]), name)
        if not isinstance(value, list):
            raise ValidationError(_("Expected a list of codes."))
        unknown = [str(code) for code in value if code not in choices.values]
        if unknown:
            raise ValidationError(_("Unknown codes: %(codes)s") % {"codes": ", ".join(unknown)})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ChoiceList) and other.choices_path == self.choices_path


def choice_list(choices: type[models.TextChoices]) -> Callable[[list], None]:
    return ChoiceList(f"{choices.__module__}.{choices.__qualname__}")


def split_list(text: str) -> list[str]:
    """'nl, en; fr' -> ['nl', 'en', 'fr'] (for forms and CSV cells)."""
    return [item.strip() for item in text.replace(";", ",").replace("\n", ",").split(",")
            if item.strip()]
