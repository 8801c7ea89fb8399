"""Wrong wording seen on pages and in documents stays fixed."""

import pytest
from django.utils import translation

from rogatory.writer import schema

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_state_and_status_columns_have_different_headings(language):
    # Spanish showed «Estado» over both the State and the status columns of the registers.
    with translation.override(language):
        assert translation.gettext("State") != translation.gettext("Status")
        assert translation.gettext("state") != translation.gettext("status")


def _fields(value, seen=None):
    """Every Field of the writer's schema: in steps, kinds of assistance, constants."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, schema.Field):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _fields(item, seen)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _fields(item, seen)
    elif hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        for name in value.__dataclass_fields__:
            yield from _fields(getattr(value, name), seen)


def test_no_field_label_carries_a_hint():
    """Labels head the tables of documents; an "e.g." hint belongs to the form's help."""
    labels = [field.label for field in _fields(vars(schema))]
    assert len(labels) > 50
    assert [label for label in labels if "e.g." in label or "UTC+" in label] == []
    contacts = next(step for step in schema.STEPS if step.slug == "contacts")
    zone = next(field for field in contacts.fields if field.name == "time_zone")
    assert zone.label == "Time zone" and "UTC+01:00" in zone.help
