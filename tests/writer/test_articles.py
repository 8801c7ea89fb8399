"""The request follows the basis chosen: one article map per instrument (pure Python), the fixed
texts of the document cite only that basis's articles, reciprocity carries its undertaking and
no Convention article, and the facts the drafter confirmed reach the document."""

import copy

import pytest

from rogatory.writer import articles, document, rules
from rogatory.writer.articles import Citation, cite, type_article
from tests.writer.conftest import basis_result, example, route_result


@pytest.mark.parametrize(("code", "purpose", "expected"), [
    ("UNTOC", articles.USE, Citation("art. 18(19)", "UNTOC")),
    ("UNTOC", articles.CONFIDENTIALITY, Citation("art. 18(20)", "UNTOC")),
    ("UNTOC", articles.URGENCY, Citation("art. 18(24)", "UNTOC")),
    ("UNTOC", articles.COSTS, Citation("art. 18(28)", "UNTOC")),
    ("UNTOC", articles.PROVISIONAL_ARREST, Citation("art. 16(9)", "UNTOC")),
    # The Protocols apply the Convention mutatis mutandis (art. 1(2) of each Protocol).
    ("UNTOC-TIP", articles.USE, Citation("art. 18(19)", "UNTOC")),
    ("UNCAC", articles.USE, Citation("art. 46(19)", "UNCAC")),
    ("UNCAC", articles.CONFIDENTIALITY, Citation("art. 46(20)", "UNCAC")),
    ("UNCAC", articles.URGENCY, Citation("art. 46(24)", "UNCAC")),
    ("VIENNA-1988", articles.USE, Citation("art. 7(13)", "VIENNA-1988")),
    ("VIENNA-1988", articles.CONFIDENTIALITY, Citation("art. 7(14)", "VIENNA-1988")),
    ("VIENNA-1988", articles.COSTS, Citation("art. 7(19)", "VIENNA-1988")),
    ("VIENNA-1988", articles.URGENCY, None),  # the 1988 Convention has no such paragraph
    ("BUDAPEST", articles.CONFIDENTIALITY, Citation("art. 27(8)", "BUDAPEST")),
    ("BUDAPEST", articles.USE, Citation("art. 28(2)(b)", "BUDAPEST")),
    ("BUDAPEST", articles.PRESERVATION_FOLLOW_UP, Citation("art. 29(2)(f)", "BUDAPEST")),
    ("BUDAPEST", articles.NETWORK, Citation("art. 35", "BUDAPEST")),
    ("reciprocity", articles.USE, None),
    ("domestic_law", articles.USE, None),
    ("ETS-030", articles.USE, None),  # a treaty the map does not know: none unless given
    ("BILATERAL-NL-XX-2031", articles.CONFIDENTIALITY, None),
    (None, articles.USE, None),
])
def test_article_map(code, purpose, expected):
    assert cite(code, purpose) == expected


def test_a_treaty_the_map_does_not_know_cites_what_the_drafter_gives():
    given = {"article_use": " art. 10(2) ", "article_scope": "art. 1"}
    assert cite("ETS-030", articles.USE, given) == Citation("art. 10(2)", "ETS-030")
    assert cite("ETS-030", articles.SCOPE, given) is None  # only use, confidentiality, urgency
    assert cite("UNTOC", articles.USE, given) == Citation("art. 18(19)", "UNTOC")  # the map wins


def test_assistance_type_articles_follow_the_basis():
    assert type_article("Budapest art. 31; UNTOC art. 18(3)(e)", "BUDAPEST") == "art. 31"
    assert type_article("Budapest art. 31; UNTOC art. 18(3)(e)", "UNTOC-SOM") == "art. 18(3)(e)"
    assert type_article("art. 18(3)(f)", "UNCAC") is None  # not UNCAC's numbering
    assert type_article("Budapest art. 29", "UNTOC") is None


def _text(spec, code, language="en", basis=None):
    spec = copy.deepcopy(spec)
    spec["legal_basis"]["code"] = code
    ctx = rules.Context(route=route_result(), basis=basis or basis_result(code=code))
    doc = document.build(spec, ctx, language)
    blocks = list(doc.preamble)
    stack = list(doc.sections)
    while stack:
        section = stack.pop(0)
        blocks += [section.title, *section.blocks]
        stack[:0] = section.subsections
    return "\n".join(getattr(block, "text", str(block)) for block in blocks)


@pytest.mark.django_db
def test_fixed_texts_cite_only_the_chosen_basis():
    spec = example("mla-records")
    spec["confidentiality"]["required"] = True
    spec["urgency"] = {"urgent": True, "reasons": "The account may be closed."}
    untoc = _text(spec, "UNTOC")
    for article in ("art. 18(19)", "art. 18(20)", "art. 18(24)", "art. 18(28)", "art. 18(3)(f)"):
        assert article in untoc
    uncac = _text(spec, "UNCAC")
    assert "art. 46(19)" in uncac and "art. 46(20)" in uncac and "art. 46(28)" in uncac
    assert "art. 18(" not in uncac
    vienna = _text(spec, "VIENNA-1988")
    assert "art. 7(13)" in vienna and "art. 7(14)" in vienna and "art. 7(19)" in vienna
    assert "art. 18(" not in vienna and "art. 46(" not in vienna
    bilateral = _text(spec, "BILATERAL-NL-FR-1990",
                      basis=basis_result(code="BILATERAL-NL-FR-1990"))
    assert "art. " not in bilateral.split("Summary of the facts")[0].split("Legal basis")[1]
    assert "art. 18(" not in bilateral
    spec["legal_basis"]["article_use"] = "art. 12"
    assert "art. 12 of BILATERAL-NL-FR-1990 (test)" in _text(
        spec, "BILATERAL-NL-FR-1990", basis=basis_result(code="BILATERAL-NL-FR-1990"))


@pytest.mark.django_db
def test_reciprocity_carries_its_undertaking_and_no_convention_article():
    spec = example("mla-records")
    text = _text(spec, "reciprocity", basis=basis_result("conditional", code="reciprocity"))
    assert "undertakes to execute, in accordance with its law, a request of the same kind" in text
    assert "art. 18(" not in text and "of the Convention" not in text
    assert "art. 18(" in _text(spec, "UNTOC")  # the same request under UNTOC cites it


@pytest.mark.django_db
def test_confirmed_facts_reach_the_document_as_statements():
    spec = example("mla-evidence")
    text = _text(spec, "UNTOC")
    assert spec["legal_basis"]["applies"] in text
    assert "reasonable grounds to suspect that the offence is transnational" in text
    assert "(art. 18(1) of the United Nations Convention" in text
    spec["legal_basis"].pop("applies")
    assert "reasonable grounds to suspect" not in _text(spec, "UNTOC")  # nothing confirmed


def test_the_conditions_to_confirm_are_asked_for():
    spec = example("mla-evidence")
    spec["legal_basis"].pop("applies")
    basis = basis_result("conditional", confirm=["The offence is transnational (art. 3(2))",
                                                 {"key": "ocg", "text": "An organized group"}])
    found = [i for i in rules.check(spec, rules.Context(basis=basis))
             if i.code == "basis.applies"]
    assert found[0].severity == rules.WARNING
    assert found[0].params["conditions"] == ("The offence is transnational (art. 3(2)); "
                                             "An organized group")
    spec["legal_basis"]["applies"] = "Three persons in two States."
    assert not [i for i in rules.check(spec, rules.Context(basis=basis))
                if i.code == "basis.applies"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar", "zh-hans"])
def test_citations_in_other_languages(language):
    text = _text(example("mla-evidence"), "UNCAC", language)
    assert "art. 46(19)" in text and "art. 18(19)" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "words"), [
    ("en", "Firearms, Their Parts and Components and Ammunition"),
    ("fr", "de leurs pièces, éléments et munitions"),
    ("es", "sus piezas y componentes y municiones"),
    ("ru", "а также боеприпасов к нему"),
    ("ar", "وأجزائها ومكوناتها والذخيرة"),
    ("zh-hans", "及其零部件和弹药"),
])
def test_the_firearms_protocol_is_named_by_its_whole_title(language, words):
    from django.utils import translation

    with translation.override(language):
        assert words in document.basis_name("UNTOC-FIR", None)
