"""Extradition (UNTOC art. 16) as the requested State's directory entry shapes it: the channel
of the formal request and of provisional arrest, the supporting documents it asks for with
their authentication, and the statement of the evidence where it requires one (art. 16(7))."""

import pytest

from rogatory.core.documents import walk
from rogatory.writer import checks, document, extradition
from rogatory.writer.rules import ERROR, Context, check

from .conftest import basis_result, example, route_result


@pytest.mark.parametrize(("channels", "expected"), [
    (None, "diplomatic"),
    ([], "diplomatic"),
    (["central_authority", "diplomatic", "email"], "diplomatic"),
    (["central_authority", "email"], "central_authority"),
    (["interpol", "email"], "email"),
    (["interpol"], "diplomatic"),
])
def test_the_formal_request_goes_through_the_diplomatic_channel_unless_the_state_says_otherwise(
        channels, expected):
    assert extradition.request_channel(channels) == expected


@pytest.mark.parametrize(("channels", "expected"), [
    (["email", "interpol"], "interpol"), (["email"], "email"), ([], "diplomatic"),
])
def test_provisional_arrest_goes_through_interpol_where_listed(channels, expected):
    assert extradition.arrest_channel(channels) == expected


@pytest.mark.parametrize(("requirements", "expected"), [
    (None, False), ({}, False), ({"evidence_statement": None}, False),
    ({"evidence_statement": False}, False), ({"evidence_statement": True}, True),
])
def test_the_statement_of_evidence_is_required_only_where_the_directory_says_so(
        requirements, expected):
    assert extradition.evidence_statement_required(requirements) is expected


def text_of(doc) -> str:
    blocks = list(doc.preamble)
    for section in walk(doc.sections):
        blocks += [section.title, *section.blocks]
    return "\n".join(getattr(block, "text", "") or str(block) for block in blocks)


def build(spec=None, language="en", **route):
    spec = spec or example("extradition")
    ctx = Context(route=route_result(assistance="extradition", **route), basis=basis_result())
    return text_of(document.build(spec, ctx, language)), spec, ctx


@pytest.mark.django_db
@pytest.mark.parametrize(("channels", "shown"), [
    (["central_authority", "diplomatic", "email"], "Diplomatic channel"),
    (["central_authority", "email"], "Central authority to central authority"),
    ([], "Diplomatic channel"),
])
def test_the_extradition_request_names_its_channel(channels, shown):
    text, _spec, _ctx = build(channels=channels)
    assert f"Channel of transmission: {shown}" in text
    assert "may differ from the channel of its central authority for mutual legal assistance" \
        in text


@pytest.mark.django_db
def test_a_common_law_state_gets_its_documents_authentication_and_statement_of_evidence():
    requirements = {"evidence_statement": True,
                    "documentation": "The warrant and a record of the case.",
                    "authentication": "Certified by a judge and sealed by the Ministry."}
    spec = example("extradition")
    spec["requested_state"] = "ZA"
    text, spec, ctx = build(spec, requirements=requirements)
    assert "Documents the requested State asks for: The warrant and a record of the case." in text
    assert ("The supporting documents are authenticated as the requested State requires: "
            "Certified by a judge and sealed by the Ministry.") in text
    assert "Statement of the evidence\n(to be completed)" in text
    issues = [i for i in check(spec, ctx) if i.code == "extradition.evidence"]
    assert [(i.severity, i.field) for i in issues] == [(ERROR, "extradition.evidence")]
    spec["extradition"]["evidence"] = "Bank records and two witnesses identify the person."
    text, spec, ctx = build(spec, requirements=requirements)
    assert "Statement of the evidence\nBank records and two witnesses" in text
    assert not [i for i in check(spec, ctx) if i.code == "extradition.evidence"]


@pytest.mark.django_db
@pytest.mark.parametrize("recorded", [False, None])
def test_no_statement_of_evidence_where_the_state_does_not_ask_for_it(recorded):
    spec = example("extradition")
    text, spec, ctx = build(spec, requirements={"evidence_statement": recorded})
    assert "Statement of the evidence" not in text
    assert "The supporting documents are listed in the annexes." in text
    assert not [i for i in check(spec, ctx) if i.code == "extradition.evidence"]


def test_the_formal_request_takes_the_ordinary_route_and_the_arrest_the_urgent_one(directory):
    calls = directory(route_result(assistance="extradition"))
    spec = example("extradition")
    spec["urgency"] = {"urgent": True, "reasons": "The person may flee."}
    ctx = checks.context_for(spec)
    assert calls == [("FR", "extradition", False), ("FR", "extradition", True)]
    assert ctx.arrest_route is not None
    spec["extradition"]["provisional_arrest"] = False
    calls.clear()
    assert checks.context_for(spec).arrest_route is None
    assert calls == [("FR", "extradition", False)]


@pytest.mark.django_db
def test_provisional_arrest_uses_the_urgent_route_channel():
    spec = example("extradition")
    ctx = Context(route=route_result(channels=["diplomatic"]),
                  arrest_route=route_result(channels=["email", "interpol"]),
                  basis=basis_result())
    text = text_of(document.build_provisional_arrest(spec, ctx, "en"))
    assert "Channel of transmission: INTERPOL" in text
    main = text_of(document.build(spec, ctx, "en"))
    assert "Channel of transmission: Diplomatic channel" in main


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "shown"), [("en", "Nationality: Netherlands"),
                                                 ("fr", "Nationalité : Pays-Bas")])
def test_nationality_is_printed_as_the_state_name_not_its_code(language, shown):
    text, spec, _ctx = build(language=language)
    assert spec["person_sought"]["nationality"] == "NL"
    assert shown in text
    assert ": NL\n" not in text


@pytest.mark.django_db
def test_a_contact_telephone_number_is_not_broken_across_lines():
    from rogatory.core.documents import Table

    spec = example("extradition")
    ctx = Context(route=route_result(), basis=basis_result())
    doc = document.build(spec, ctx, "ar")
    contacts = next(block for section in walk(doc.sections) for block in section.blocks
                    if isinstance(block, Table) and any("+31" in " ".join(r) for r in block.rows))
    assert "+31\u00a010\u00a0000\u00a00000" in contacts.rows[0]


def test_the_extradition_steps_cite_no_mla_article():
    """Confidentiality and urgency of an extradition request rest on no art. 18 paragraph;
    the labels cite none (the document cites the chosen basis's article for MLA only)."""
    from rogatory.writer.schema import STEPS

    labels = [field.label for step in STEPS if "extradition" in step.kinds
              for field in step.fields]
    assert labels and not [label for label in labels if "art. 18(" in label]


def test_the_channel_warning_names_channels_not_codes():
    spec = example("extradition")
    spec["state"]["channel"] = "diplomatic"
    issues = check(spec, Context(route=route_result(channels=["email", "interpol"])))
    shown = [i.message for i in checks.present_all(issues, "en") if i.code == "state.channel"]
    assert shown == ["The requested State receives this request through E-mail, INTERPOL, not "
                     "the channel chosen: choose one of those."]
    french = [i.message for i in checks.present_all(issues, "fr") if i.code == "state.channel"]
    assert "INTERPOL" in french[0] and "email" not in french[0]


@pytest.mark.parametrize("kind", ["extradition", "mla"])
def test_confidentiality_and_urgency_issues_cite_art_18_for_mla_only(kind):
    spec = example("extradition" if kind == "extradition" else "mla-evidence")
    spec["confidentiality"] = {"required": None}
    spec["urgency"] = {"urgent": True}
    issues = [i for i in check(spec, Context(route=route_result()))
              if i.code in ("confidentiality.unanswered", "urgency.reasons")]
    assert len(issues) == 2
    cites = [("art. 18(" in issue.message) for issue in issues]
    assert cites == ([False, False] if kind == "extradition" else [True, True])
