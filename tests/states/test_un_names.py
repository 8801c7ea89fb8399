"""States are named as the UN names them (UNTERM), from the project's own reference file."""

import csv

import pytest

from rogatory.states import services
from rogatory.states.choices import choosable_states, state_choices
from rogatory.states.models import FactKind, State, TreatyFact
from rogatory.states.reference import DATA

pytestmark = pytest.mark.django_db


def name(code: str, language: str) -> str:
    return State.objects.get(alpha2=code).name(language)


@pytest.mark.parametrize(("code", "language", "expected"), [
    ("CD", "en", "Democratic Republic of the Congo"),  # CLDR: "Congo - Kinshasa"
    ("MM", "en", "Myanmar"),  # CLDR: "Myanmar (Burma)"
    ("PS", "en", "State of Palestine"),  # CLDR: "Palestinian Territories"
    ("BO", "en", "Bolivia (Plurinational State of)"),  # a bracket that is part of the name
    ("VA", "en", "Holy See"),  # UNTERM's "*" footnote mark is not part of the name
    ("CK", "en", "Cook Islands"),
    ("BS", "fr", "Bahamas"),  # UNTERM "Bahamas (les)": the article is for running text
    ("EG", "fr", "Égypte"),
    ("IR", "fr", "Iran (République islamique d')"),
    ("NL", "es", "Países Bajos"),
    ("CN", "zh-hans", "中国"),
    ("RU", "ru", "Российская Федерация"),
    ("EG", "ar", "مصر"),
])
def test_the_un_short_name_in_each_language(code, language, expected):
    assert name(code, language) == expected


def test_cldr_names_only_the_entities_unterm_does_not_list():
    # Côte d'Ivoire has no UNTERM names in the source; Antarctica is no State at all.
    assert name("CI", "fr") == "Côte d’Ivoire"
    assert name("AQ", "en") == "Antarctica"


def test_formal_names_come_from_the_project_file():
    gb = State.objects.get(alpha2="GB")
    assert gb.formal_name("en") == "the United Kingdom of Great Britain and Northern Ireland"
    assert gb.formal_name("zh-hans") == "大不列颠及北爱尔兰联合王国"
    assert State.objects.get(alpha2="PS").formal_name("fr") == "l'État de Palestine"


def test_the_reference_file_covers_every_member_and_observer_state():
    with (DATA / "un_names.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == services.unterm_columns()
    codes = {row["ISO3166-1-Alpha-2"] for row in rows}
    members = set(State.objects.filter(un_status__in=["member", "observer"])
                  .values_list("pk", flat=True))
    assert members - codes == {"CI", "TR"}  # absent from UNTERM's columns in the source
    assert all(row["UNTERM English Short"] and row["UNTERM Chinese Formal"] for row in rows)


def test_only_un_states_and_parties_to_a_known_instrument_can_be_chosen():
    codes = {code for code, _name in state_choices("en")}
    assert {"FR", "CN", "VA", "PS"} <= codes
    assert not codes & {"AQ", "GL", "PR", "HK", "EH", "BV"}  # no Antarctica, no territory
    assert len(codes) == choosable_states().count()
    assert {"CK", "NU"} <= codes  # not UN Members, but parties to UNTOC
    TreatyFact.objects.filter(state="NU", fact=FactKind.CONSENT).delete()
    assert "NU" not in {code for code, _name in state_choices("en")}


def test_pickers_name_states_by_their_un_name():
    choices = dict(state_choices("en"))
    assert choices["CD"] == "Democratic Republic of the Congo"
    assert "Congo - Kinshasa" not in choices.values()
