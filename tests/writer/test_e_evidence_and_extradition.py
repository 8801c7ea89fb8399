"""Electronic evidence (Budapest arts. 29-35) and extradition (UNTOC art. 16) as a central
authority would accept them."""

import pytest

from rogatory.writer.rules import ERROR, WARNING, Context, check
from tests.writer.conftest import basis_result, example, route_result
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



def _pdf_words(data: bytes) -> str:
    from tests.writer.test_documents import pdf_text

    pages, _reader = pdf_text(data)
    return " ".join(" ".join(pages).split())


@pytest.mark.django_db
def test_provisional_arrest_is_its_own_urgent_document_with_its_channel(actors):
    """UNTOC art. 16(9): INTERPOL where the directory lists it, else the directory's channel,
    else the diplomatic channel; the formal request follows within the time limit."""
    from rogatory.writer import document

    spec = example("extradition")
    for channels, shown in ((["central_authority", "interpol"], "INTERPOL"),
                            (["diplomatic"], "Diplomatic channel"),
                            ([], "Diplomatic channel")):
        ctx = Context(route=route_result(channels=channels, assistance="extradition"),
                      basis=basis_result())
        text = _pdf_words(document.render(
            document.build_provisional_arrest(spec, ctx, "en"), "pdf"))
        assert "Request for provisional arrest" in text and "URGENT" in text
        assert f"Channel of transmission: {shown}" in text
        assert "(art. 16(9) of the United Nations Convention" in text
        assert "within the time limit set by the law of the requested State" in text
        assert spec["extradition"]["arrest_urgency"] in text
    spec["extradition"]["provisional_arrest"] = False
    with pytest.raises(ValueError):
        document.build_provisional_arrest(spec, Context(), "en")


@pytest.mark.django_db
def test_provisional_arrest_through_the_api_page_and_command(actors, tmp_path):
    from django.core.management import CommandError, call_command

    from tests.conftest import api_client_for, client_for
    from tests.writer.conftest import EXAMPLES
    from tests.writer.test_api import URL, create

    body = create(actors.officer_a, name="extradition")
    client = api_client_for(actors.officer_a)
    response = client.get(f"{URL}{body['id']}/document?document=provisional_arrest&format=pdf"
                          "&language=fr&draft=1")
    assert response.status_code == 200
    assert "provisional-arrest-fr.pdf" in response["Content-Disposition"]
    assert "Demande d'arrestation provisoire" in _pdf_words(response.content)
    mla = create(actors.officer_a, name="mla-evidence")
    assert client.get(f"{URL}{mla['id']}/document?document=provisional_arrest&draft=1"
                      ).status_code == 404
    pages = client_for(actors.officer_a)
    review = pages.get(f"/requests/{body['id']}/review/").content.decode()
    assert 'value="provisional_arrest"' in review
    assert 'value="provisional_arrest"' not in pages.get(
        f"/requests/{mla['id']}/review/").content.decode()
    page = pages.get(f"/requests/{body['id']}/document/?format=docx&language=en&draft=on"
                     "&document=provisional_arrest")
    assert page.status_code == 200 and "provisional-arrest-en.docx" in page[
        "Content-Disposition"]
    out = tmp_path / "arrest.pdf"
    call_command("render-request", str(EXAMPLES / "extradition.json"), "--provisional-arrest",
                 "-o", str(out))
    assert "Request for provisional arrest" in _pdf_words(out.read_bytes())
    with pytest.raises(CommandError):
        call_command("render-request", str(EXAMPLES / "mla-evidence.json"),
                     "--provisional-arrest", "-o", str(out))


@pytest.mark.django_db
def test_confiscation_states_third_parties_and_due_process_and_checks_consistency():
    """UNTOC art. 13(8) (UNCAC 55(9), 1988 Convention 5(8)): bona fide third parties."""
    spec = example("mla-confiscation")
    text = _text(spec, "UNTOC")
    assert "rights of bona fide third parties be respected (art. 13(8) of" in text
    assert spec["assistance"][0]["due_process"] in text
    assert "(art. 55(9) of" in _text(spec, "UNCAC")
    assert "(art. 5(8) of" in _text(spec, "VIENNA-1988")
    assert not found(check(spec), "confiscation.consistency")
    spec["case"]["nature"] = "investigation"  # an order to enforce while still investigating
    consistency = found(check(spec), "confiscation.consistency")
    assert consistency and consistency[0].severity == WARNING
    spec["assistance"][0].pop("due_process")
    assert ("assistance.0.due_process", WARNING) in {(i.field, i.severity) for i in check(spec)}


def test_the_24_7_network_is_proposed_for_preservation_where_listed():
    """Budapest art. 35: the 24/7 network, where the directory lists a 24/7 contact."""
    spec = example("mla-preservation")
    spec["state"]["channel"] = "central_authority"
    listed = Context(route=route_result(assistance="e_evidence"))
    network = found(check(spec, listed), "e_evidence.network")
    assert network and network[0].severity == WARNING and network[0].field == "state.channel"
    assert network[0].params["authority"] == "International Criminal Assistance Office"
    assert not found(check(spec, Context(route=route_result(assistance="mla"))),
                     "e_evidence.network")
    assert not found(check(spec, Context()), "e_evidence.network")  # no contact known
    spec["state"]["channel"] = "network_24_7"
    assert not found(check(spec, listed), "e_evidence.network")
