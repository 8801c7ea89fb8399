"""Instruments' titles are printed whole (issue #17): the writer's fixed texts and the labels
every page uses carry each instrument's official title, in each language, as the UN Treaty
Collection records it (`states/data/instruments.csv`, the titles `load-reference` loads)."""

import csv
import re
from pathlib import Path

import pytest
from django.utils import translation

from rogatory.core.labels import INSTRUMENT_TITLES
from rogatory.states.models import Instrument
from rogatory.writer.document import INSTRUMENTS, basis_name

CSV = Path(__file__).resolve().parents[2] / "src/rogatory/states/data/instruments.csv"
ROWS = {row["code"]: row for row in csv.DictReader(CSV.open(encoding="utf-8"))}
COLUMNS = {"en": "name", "fr": "title_fr", "es": "title_es", "ru": "title_ru", "ar": "title_ar",
           "zh-hans": "title_zh"}
TREATIES = sorted(code for code in INSTRUMENTS if code in ROWS)


def official(code: str, language: str) -> str:
    """The recorded title without a trailing series number ("(ETS No. 185)"); empty where
    none is recorded in the language (the Budapest Convention is authentic in English and
    French only)."""
    return re.sub(r"\s*\([^()]*\)$", "", ROWS[code][COLUMNS[language]])


def test_every_instrument_the_writer_names_is_recorded():
    assert set(TREATIES) == {"UNTOC", "UNTOC-TIP", "UNTOC-SOM", "UNTOC-FIR", "UNCAC",
                             "VIENNA-1988", "BUDAPEST"}


@pytest.mark.parametrize("language", sorted(COLUMNS))
@pytest.mark.parametrize("code", TREATIES)
def test_writer_and_labels_give_the_whole_title(code, language):
    title = official(code, language).lower()
    if not title:
        pytest.skip("no official title recorded in this language")
    with translation.override(language):
        assert title in translation.gettext(INSTRUMENTS[code]).lower()
        assert title in str(INSTRUMENT_TITLES[code]).lower()


def test_the_firearms_protocol_title_is_whole():
    with translation.override("en"):
        assert str(INSTRUMENT_TITLES["UNTOC-FIR"]) == (
            "Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their "
            "Parts and Components and Ammunition, supplementing the United Nations Convention "
            "against Transnational Organized Crime")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_another_instrument_is_named_by_its_recorded_title_in_the_language(language):
    row = ROWS["ETS-030"]
    Instrument.objects.update_or_create(code="ETS-030", defaults={
        "name": row["name"], "kind": row["kind"], "source": row["source"],
        "names": {"fr": row["title_fr"], "ar": row["title_ar"]}})
    with translation.override(language):
        name = basis_name("ETS-030", {"candidates": [{"instrument": {
            "code": "ETS-030", "name": "ETS 030 (finder)"}}]})
    assert name == (row[COLUMNS[language]] or row["name"])
