"""No page shows a raw code where a label in the reader's language exists."""

import pytest
from django.utils import translation

from rogatory.core.labels import INSTRUMENT_TITLES, instrument_label
from rogatory.directory.models import Designation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "title"), [
    ("fr", "Convention des Nations Unies contre la criminalité transnationale organisée"),
    ("zh-hans", "联合国打击跨国有组织犯罪公约"),
    ("ar", "اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية"),
])
def test_instrument_titles_in_the_readers_language(language, title):
    with translation.override(language):
        assert instrument_label("UNTOC") == title


def test_every_known_title_is_translated_in_every_language():
    with translation.override("en"):
        english = {code: str(title) for code, title in INSTRUMENT_TITLES.items()}
    for language in ("ar", "zh-hans", "fr", "ru", "es"):
        with translation.override(language):
            same = [code for code in english if instrument_label(code) == english[code]]
        assert same == [], language


def test_an_instrument_without_a_title_is_named_as_recorded():
    assert instrument_label("ARAB-RIYADH").startswith("Riyadh Arab Agreement")
    assert instrument_label("NL-XX-1999") == "NL-XX-1999"  # nothing recorded: the code


def test_directory_designations_name_the_instrument(client, actors):
    Designation.objects.create(authority=actors.authority_a, basis="untoc_18_13",
                               instrument="UNTOC")
    client.force_login(actors.officer_a)
    html = client.get(f"/directory/{actors.authority_a.pk}/",
                      HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<td>Convention des Nations Unies contre la criminalité transnationale " in html
    assert "<td>UNTOC</td>" not in html
