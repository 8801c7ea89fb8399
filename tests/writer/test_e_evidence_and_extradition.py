"""Electronic evidence (Budapest arts. 29-35) and extradition (UNTOC art. 16) as a central
authority would accept them."""

import pytest

from rogatory.writer.rules import ERROR, WARNING, Context, check
from tests.writer.conftest import basis_result, example
from tests.writer.test_articles import _text


def found(issues, code):
    return [issue for issue in issues if issue.code == code]


@pytest.mark.parametrize("code", ["UNTOC", "UNTOC-TIP", "UNCAC", "VIENNA-1988"])
def test_preservation_on_an_instrument_without_it_is_an_error(code):
    """UNTOC has no preservation obligation; Budapest art. 29 has."""
    spec = example("mla-preservation")
    spec["legal_basis"]["code"] = code
    issues = found(check(spec, Context(basis=basis_result(code=code))),
                   "e_evidence.preservation_basis")
    assert issues and issues[0].severity == ERROR and issues[0].field == "legal_basis.code"


@pytest.mark.parametrize("code", ["BUDAPEST", "BUDAPEST-P2", "domestic_law", "UN-CYBER-2024"])
def test_preservation_on_an_instrument_that_may_provide_it(code):
    spec = example("mla-preservation")
    spec["legal_basis"]["code"] = code
    assert not found(check(spec, Context(basis=basis_result(code=code))),
                     "e_evidence.preservation_basis")


def test_preservation_without_preservation_items_is_not_checked():
    spec = example("mla-subscriber")
    spec["legal_basis"]["code"] = "UNTOC"
    assert not found(check(spec), "e_evidence.preservation_basis")


def test_preservation_needs_its_necessity_and_is_urgent():
    spec = example("mla-preservation")
    spec["assistance"][0].pop("necessity")
    spec["urgency"] = {"urgent": False}
    issues = check(spec)
    assert ("assistance.0.necessity", ERROR) in {(i.field, i.severity) for i in issues}
    urgent = found(issues, "e_evidence.preservation_urgent")
    assert urgent and urgent[0].severity == WARNING and urgent[0].field == "urgency.urgent"


def test_subscriber_information_names_sessions_not_months():
    spec = example("mla-subscriber")
    assert not found(check(spec), "e_evidence.sessions")
    spec["assistance"][0].update(time_from="2025-01-01T00:00", time_to="2025-10-31T23:59")
    sessions = found(check(spec), "e_evidence.sessions")
    assert sessions and sessions[0].severity == WARNING
    assert sessions[0].field == "assistance.0.time_from"


@pytest.mark.django_db
def test_the_follow_up_undertaking_cites_article_29_2_f():
    text = _text(example("mla-preservation"), "BUDAPEST")
    assert "will submit a request for mutual assistance" in text
    assert "(art. 29(2)(f) of the Convention on Cybercrime)" in text
    assert "Expedited preservation of stored computer data (art. 29)" in text
    assert "art. 18(" not in text


@pytest.mark.django_db
def test_extradition_asks_for_surrender_with_speciality_and_no_mla_articles():
    spec = example("extradition")
    spec["confidentiality"] = {"required": True, "reasons": "The person may flee."}
    spec["urgency"] = {"urgent": True, "reasons": "The person may flee."}
    text = _text(spec, "UNTOC")
    assert "has the honour to request the extradition of the person sought" in text
    assert "request assistance" not in text
    assert "requests the surrender of the person sought for prosecution (art. 16 of" in text
    assert "(rule of speciality)" in text
    assert "art. 18(" not in text  # 18(20) and 18(24) are MLA

