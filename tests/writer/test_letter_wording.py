"""The fixed texts of the letter read as a ministry writes them in each language, whatever the
authorities' names (issue #17): a name is never glued to a preposition or an article that
would have to agree with it (French « à Ministère », « de Royaume », Spanish « a Ministerio »,
Arabic « لـالسلطات »), and the opening and the closing name each authority after a noun."""

import re

import pytest
from babel.messages.pofile import read_po

import rogatory.writer
from rogatory.core.documents import walk
from rogatory.writer import document, rules

from .conftest import example, route_result

CATALOGUE = rogatory.writer.__path__[0] + "/locale/{}/LC_MESSAGES/django.po"
NAMES = r"%\((?:authority|addressee|state|requesting|requested|name)\)s"
# (language, a construction that needs the name's gender, number or first letter)
GLUED = [
    ("fr", rf"\b(?:à|au|aux|de|du|des|le|la|les) {NAMES}"),
    ("es", rf"\b(?:a|al|de|del|el|la|los|las) {NAMES}"),
    ("ar", rf"لـ ?{NAMES}"),
]


def messages(language: str):
    with open(CATALOGUE.format(language), "rb") as handle:
        return [m for m in read_po(handle) if m.id and isinstance(m.string, str)]


@pytest.mark.parametrize(("language", "pattern"), GLUED)
def test_no_name_is_glued_to_a_preposition_or_article(language, pattern):
    bad = [m.string for m in messages(language) if re.search(pattern, m.string)]
    assert bad == []


def letter(language: str, kind: str = "extradition") -> str:
    spec = example("extradition" if kind == "extradition" else "mla-evidence")
    route = route_result("FR", authority={
        "id": None, "name": "Ministère de la Justice — Bureau de l'entraide pénale "
                            "internationale", "name_en": "", "state": "FR", "part": 1})
    ctx = rules.Context(route=route)
    doc = document.build(spec, ctx, language)
    texts = [block.text for block in doc.preamble + doc.closing if hasattr(block, "text")]
    for section in walk(doc.sections):
        texts += [block.text for block in section.blocks if hasattr(block, "text")]
    return "\n".join(texts)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["extradition", "mla"])
def test_french_letter_addresses_the_ministry_after_a_noun(kind):
    text = letter("fr", kind)
    assert "présente ses compliments à l'autorité requise, Ministère de la Justice" in text
    assert "renouveler à l'autorité requise, Ministère de la Justice" in text
    assert "à Ministère" not in text and "à Office" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "es", "ru", "zh-hans", "en"])
def test_each_language_names_the_authorities_after_a_noun(language):
    text = letter(language)
    expected = {"ar": ("السلطة الطالبة،", "للسلطة متلقية الطلب،"),
                "es": ("La autoridad requirente, ", "a la autoridad requerida, Ministère"),
                "ru": ("Запрашивающий орган — ", "запрашиваемому органу — Ministère"),
                "zh-hans": ("请求机关", "被请求机关"),
                "en": ("The requesting authority, ", "to the requested authority, Ministère")}
    for part in expected[language]:
        assert part in text
    assert "لـال" not in text and "The the " not in text


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "line"), [("fr", "Rotterdam, le 2 mars 2026"),
                                                ("ar", "Rotterdam، 2 مارس 2026"),
                                                ("es", "Rotterdam, 2 de marzo de 2026")])
def test_place_and_date_as_the_language_writes_them(language, line):
    assert line in letter(language).splitlines()
