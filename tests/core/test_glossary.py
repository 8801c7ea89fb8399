"""One word, one translation: the catalogues follow the legal glossary and agree with each other.

`core/data/legal_glossary.csv` gives each legal term as UNTOC, its Protocols and UNCAC word it
(docs/translation.md). Django merges every app's catalogue into one, so a msgid translated two
ways shows whichever app's file wins: the same words would change from page to page.
"""

import csv
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

PACKAGE = Path(settings.PACKAGE_DIR)
GLOSSARY = PACKAGE / "core" / "data" / "legal_glossary.csv"
LANGUAGES = ["fr", "es", "ru", "ar", "zh_Hans"]
# Russian and Arabic inflect a term inside a sentence (case, article, dual): there only a msgid
# that IS the term is checked; French, Spanish and Chinese keep the words of the term.
SENTENCE_CHECKED = {"fr", "es", "zh_Hans"}
# Msgids that quote another instrument in its own official words (Budapest art. 29(3):
# « confiscación » where UNTOC says « incautación »).
OTHER_INSTRUMENT = {"The requesting State will submit a request for mutual assistance for the "
                    "search or similar access, seizure or similar securing, or disclosure of the "
                    "preserved data"}


def _glossary() -> dict[str, dict[str, str]]:
    terms: dict[str, dict[str, str]] = defaultdict(dict)
    with GLOSSARY.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            terms[row["term"]][row["language"]] = row["text"]
    return terms


def _messages(language: str):
    """(app, message) of every entry in every app's catalogue of the language."""
    for path in sorted(PACKAGE.glob(f"*/locale/{language}/LC_MESSAGES/django.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id:
                    yield path.relative_to(PACKAGE).parts[0], message


def _singular(language: str) -> dict[str, str]:
    return {m.id: m.string for _app, m in _messages(language)
            if isinstance(m.id, str) and m.context is None}


def _same_term(text: str, term: str) -> bool:
    """Equal but for the capital of a label's first letter."""
    return text == term or text[:1].lower() + text[1:] == term[:1].lower() + term[1:]


def _plain(text: str) -> str:
    """Lower case, without accents, one apostrophe: « incautaciones » holds « incautación »."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("\u2019", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _pattern(term: str) -> re.Pattern:
    """The term's words, singular or plural (French and Spanish add -s or -es)."""
    words = [re.escape(word) + "(?:e?s)?" for word in _plain(term).split()]
    return re.compile(r"\s+".join(words))


def test_the_glossary_gives_every_term_in_six_languages_with_its_source():
    terms = _glossary()
    assert len(terms) >= 35
    with GLOSSARY.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert row["text"] and row["article"], row
        assert row["source_kind"] in {"depositary", "official_national", "intergovernmental",
                                      "secondary", "unverified"}, row
        assert bool(row["source"]) == (row["source_kind"] != "unverified") == bool(row["as_of"])
    for term, texts in terms.items():
        assert set(texts) == {"en", *LANGUAGES}, term


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_translation_per_msgid_across_all_catalogues(language):
    """A msgid (with its context) reads the same in every app; none is fuzzy or empty."""
    seen: dict[tuple, dict[object, list[str]]] = defaultdict(lambda: defaultdict(list))
    for app, message in _messages(language):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"{app}: {message.id!r} untranslated or fuzzy"
        seen[(message.context, message.id)][message.string].append(app)
    differing = {key: dict(found) for key, found in seen.items() if len(found) > 1}
    assert differing == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_msgid_that_is_a_legal_term_takes_the_official_term(language):
    catalogue = _singular(language)
    wrong = {}
    for texts in _glossary().values():
        for msgid, text in catalogue.items():
            if _same_term(msgid, texts["en"]) and not _same_term(text, texts[language]):
                wrong[msgid] = (text, texts[language])
    assert wrong == {}


@pytest.mark.parametrize("language", sorted(SENTENCE_CHECKED))
def test_a_msgid_that_contains_a_legal_term_uses_the_official_term(language):
    catalogue = _singular(language)
    wrong = []
    for term, texts in _glossary().items():
        english = re.compile(r"(?<![\w\"-])" + re.escape(texts["en"].lower()) + r"(?![\w\"-])")
        official = _pattern(texts[language])
        wrong += [(term, msgid) for msgid, text in catalogue.items()
                  if english.search(msgid.lower()) and msgid not in OTHER_INSTRUMENT
                  and not official.search(_plain(text))]
    assert wrong == []


# msgid, context, a language where the two senses differ, its two translations
SENSES = [
    ("Link", "relation between cases", "fr", "Lien", "Lier"),
    ("Change", "difference", "fr", "Évolution", "Changer"),
    ("share", "part of the assets", "fr", "part", "partage"),
    ("Kind", "claimant", "fr", "Qualité", "Type"),
    ("Due", "amount", "fr", "Dû", "Échéance"),
    ("joined", "user account", "ru", "дата регистрации", "дата вступления"),
    ("number", "numeric value", "fr", "nombre", "numéro"),
    ("Function", "of an authority", "es", "Función", "Cargo"),
    ("Name", "person", "ru", "Имя", "Имя или наименование"),
    ("Name", "designation", "ru", "Название", "Имя или наименование"),
    ("name", "person", "zh-hans", "姓名", "名称"),
    ("Pages", "pagination", "zh-hans", "分页", "页数"),
    ("reciprocity", "basis of a request", "fr", "réciprocité", "la réciprocité"),
]


@pytest.mark.parametrize(("msgid", "context", "language", "with_context", "plain"), SENSES)
def test_a_word_with_two_senses_has_two_translations(msgid, context, language, with_context,
                                                      plain):
    from django.utils import translation

    with translation.override(language):
        assert translation.pgettext(context, msgid) == with_context
        assert translation.gettext(msgid) == plain


def test_russian_writes_e_not_yo():
    """UN Russian texts print «е» for «ё» (Государство-участник, осужденных): one spelling."""
    with_yo = [m.id for _app, m in _messages("ru")
               if "ё" in "".join(m.string if isinstance(m.string, tuple) else (m.string,)).lower()]
    assert with_yo == []


def test_the_glossary_test_sees_a_wrong_term():
    """The check itself: the old Arabic wording of "Extradition" is refused."""
    official = _glossary()["extradition"]["ar"]
    assert not _same_term("تسليم المطلوبين", official)
    assert _same_term("Extradition", "extradition")
    assert _pattern("infraction grave").search(_plain("aux infractions graves de nature"))
    assert not _pattern("base légale").search(_plain("un fondement juridique encore à préciser"))


GLUED_TO_NAME = re.compile(r"(?:^|\s)[لبك]ـ\s?(?:%\(|\{)")


def test_arabic_glues_no_preposition_to_a_name():
    """A name filled in later ("%(state)s") may start with «ال» or be a Latin name: a «لـ»
    glued to it reads «لـالسلطات»; the wording puts the name after a noun or as the subject."""
    glued = [m.id for _app, m in _messages("ar")
             if GLUED_TO_NAME.search("".join(m.string if isinstance(m.string, tuple)
                                             else (m.string,)))]
    assert glued == []
    assert GLUED_TO_NAME.search("يجوز لـ%(state)s أن")
