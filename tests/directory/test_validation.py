"""Structured values are validated: phones (phonenumbers), ISO 639-1 languages, time zones."""

import pytest
from django.core.exceptions import ValidationError

from rogatory.directory.models import Authority, Contact
from rogatory.directory.templatetags.directory_tags import language_names, tristate
from rogatory.directory.validators import (
    normalise_phone,
    split_list,
    validate_languages,
    validate_time_zone,
)


@pytest.mark.parametrize(("raw", "e164"), [
    ("+31 70 370 7911", "+31703707911"), ("+33 (0)1 44 77 60 60", "+33144776060"),
    ("+86 10 6520 5000", "+861065205000"),
])
def test_phones_are_normalised(raw, e164):
    assert normalise_phone(raw) == e164


@pytest.mark.parametrize("bad", ["070 370 7911", "+31 12", "phone me", "+999 123456"])
def test_bad_phones_are_refused(bad):
    with pytest.raises(ValidationError):
        normalise_phone(bad)


def test_languages_and_time_zones():
    validate_languages(["nl", "en", "zh", "ar"])
    for bad in (["xx"], ["eng"], ["EN"], "en"):
        with pytest.raises(ValidationError):
            validate_languages(bad)
    validate_time_zone("Europe/Amsterdam")
    validate_time_zone("")
    with pytest.raises(ValidationError):
        validate_time_zone("CET+1")


@pytest.mark.django_db
def test_model_validation_refuses_bad_values(actors):
    authority = Authority(state_id="NL", name="X", functions=["mla", "nope"],
                          channels=["pigeon"], languages=["xx"], time_zone="Nowhere/None",
                          phone="123")
    with pytest.raises(ValidationError) as error:
        authority.full_clean()
    assert {"functions", "channels", "languages", "time_zone", "phone"} <= set(
        error.value.message_dict)
    with pytest.raises(ValidationError):
        Contact(authority=actors.authority_a, name="Y", phones=["+31 12"]).full_clean()


@pytest.mark.django_db
def test_urgent_authority_must_be_of_the_same_state(actors):
    a = actors.authority_a
    a.urgent_authority = actors.authority_b
    with pytest.raises(ValidationError, match="same State"):
        a.full_clean()


def test_display_helpers():
    assert "unknown" in tristate(None) and tristate(True) == "yes" and tristate(False) == "no"
    assert language_names(["nl", "en"]) == "Dutch (nl), English (en)"
    assert split_list("nl, en; fr\nde") == ["nl", "en", "fr", "de"]
