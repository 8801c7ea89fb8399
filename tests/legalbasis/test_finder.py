"""The finder over the database: the contract, the public API and page, the CLI."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from rogatory.legalbasis.services import find_legal_basis
from rogatory.states.models import Instrument
from tests.conftest import ROLES, api_client_for, client_for

pytestmark = pytest.mark.django_db
QUERY = "requesting=CN&requested=NL&type=extradition&offence=money_laundering"


@translation.override("en")
def test_find_legal_basis_returns_the_contract_shape():
    answer = find_legal_basis("cn", "NL", "extradition", "money_laundering",
                              dt.date(2024, 6, 1))
    assert set(answer) == {"requesting", "requested", "type", "offence", "date", "candidates",
                           "recommended", "practical"}
    assert (answer["requesting"], answer["requested"], answer["date"]) == ("CN", "NL",
                                                                           "2024-06-01")
    untoc = next(c for c in answer["candidates"] if c["instrument"]["code"] == "UNTOC")
    # The contract's keys are kept; keys are added, never renamed.
    assert set(untoc) == {"instrument", "verdict", "reasons", "confirm", "applicable",
                          "summary", "conditions", "sources"}
    assert set(untoc["instrument"]) == {"code", "name", "kind"}
    assert untoc["verdict"] == "available"  # NL takes UNTOC as basis (16(5)(a), Finlex)
    reason = next(r for r in untoc["reasons"] if r["article"] == "UNTOC art. 16(5)(a)")
    fact = reason["facts"][0]
    assert {key: fact[key] for key in ("state", "instrument", "fact", "value")} == {
        "state": "NL", "instrument": "UNTOC", "fact": "extradition_basis", "value": "yes"}
    assert fact["source"] and fact["source_kind"] and fact["age_days"] >= 0
    assert "Netherlands" in reason["text"]
    assert answer["recommended"]["code"] == "UNTOC"
    assert set(answer["practical"]) >= {"central_authority", "languages"}


def test_practical_facts_come_from_notifications():
    answer = find_legal_basis("NL", "SK", "mla", "money_laundering")
    languages = answer["practical"]["languages"]
    assert languages["value"] == ["sk", "cs", "en", "fr"]
    assert languages["source"].startswith("https://www.slov-lex.sk")
    assert "Ministry of Justice" in answer["practical"]["central_authority"]["value"]
    unknown = find_legal_basis("SK", "NL", "mla", "money_laundering")["practical"]
    assert unknown["central_authority"] is None and unknown["languages"] is None


def test_instrument_not_in_force_at_the_date_is_unavailable_with_reason():
    answer = find_legal_basis("CN", "NL", "mla", "corruption", dt.date(2003, 1, 1))
    untoc = next(c for c in answer["candidates"] if c["instrument"]["code"] == "UNTOC")
    assert untoc["verdict"] == "unavailable"
    assert "2003-09-29" in untoc["reasons"][0]["text"]


def test_a_bilateral_treaty_comes_first():
    Instrument.objects.create(code="T-NL-FR", name="Test MLA treaty", kind="bilateral",
                              scope=["mla"], parties=["NL", "FR"], in_force=dt.date(2001, 1, 1),
                              source="https://example.test/treaty")
    # Before the EIO (2014): between Member States bound by it, EU law comes first.
    answer = find_legal_basis("FR", "NL", "mla", "corruption", dt.date(2010, 1, 1))
    assert answer["candidates"][0]["instrument"]["code"] == "T-NL-FR"
    assert answer["recommended"]["code"] == "T-NL-FR"


@pytest.mark.parametrize("args", [("QQ", "NL", "mla", "corruption"),
                                  ("CN", "NL", "rendition", "corruption"),
                                  ("CN", "NL", "mla", "jaywalking")])
def test_unknown_code_is_a_value_error(args):
    with pytest.raises(ValueError, match="Unknown"):
        find_legal_basis(*args)


def test_few_queries_whatever_the_pair(django_assert_max_num_queries):
    # States, instruments, organisations, and the two States' facts, law and memberships.
    with django_assert_max_num_queries(6):
        find_legal_basis("CN", "NL", "mla", "corruption")


@pytest.mark.parametrize("role", ROLES)
def test_api_is_public(actors, role):
    response = api_client_for(actors.by_name(role)).get(f"/api/v1/legal-basis/?{QUERY}")
    assert response.status_code == 200
    assert response.json()["recommended"]["code"] == "UNTOC"


def test_api_takes_a_date(client):
    data = client.get(f"/api/v1/legal-basis/?{QUERY}&date=2002-01-01").json()
    assert data["date"] == "2002-01-01"
    untoc = next(c for c in data["candidates"] if c["instrument"]["code"] == "UNTOC")
    assert untoc["verdict"] == "unavailable"


@pytest.mark.parametrize(("query", "code", "field"), [
    ("requesting=QQ&requested=NL&type=mla&offence=corruption", "unknown_state", None),
    # Antarctica and a territory are no requesting or requested States (UN usage).
    ("requesting=AQ&requested=NL&type=mla&offence=corruption", "unknown_state", None),
    ("requesting=NL&requested=GI&type=mla&offence=corruption", "unknown_state", None),
    ("requesting=CN&requested=NL&type=rendition&offence=corruption", "invalid", "type"),
    ("requesting=CN&requested=NL&type=mla&offence=jaywalking", "invalid", "offence"),
    ("requesting=CN&requested=NL&type=mla&offence=corruption&date=soon", "invalid", "date"),
    ("requesting=NL&requested=NL&type=mla&offence=corruption", "invalid", "requested"),
    ("requested=NL&type=mla&offence=corruption", "invalid", "requesting"),
])
def test_api_bad_query_is_400_in_the_error_shape(client, query, code, field):
    response = client.get(f"/api/v1/legal-basis/?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    if field:
        assert field in error["fields"]


@pytest.mark.parametrize("role", ROLES)
def test_finder_page_is_public_and_works_without_javascript(actors, role):
    client = client_for(actors.by_name(role))
    form = client.get("/legal-basis/").content.decode()
    assert '<form method="get"' in form and '<label for="id_requesting">' in form
    html = client.get(f"/legal-basis/?{QUERY}").content.decode()
    assert "Recommended basis:" in html
    assert "UNTOC, art. 16(5)(a)" in html
    assert "finlex.fi" in html  # the fact's source is shown


def test_finder_page_prefilled_link_shows_no_errors(client):
    html = client.get("/legal-basis/?requested=NL").content.decode()
    assert 'value="NL" selected' in html
    assert 'role="alert"' not in html


def test_finder_page_shows_form_errors(client):
    html = client.get("/legal-basis/?requesting=NL&requested=NL&type=mla&offence=corruption"
                      ).content.decode()
    assert "must differ" in html


def test_finder_page_is_translated(client):
    html = client.get(f"/legal-basis/?{QUERY}", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Pays-Bas" in html  # the State's name in the reasons, from CLDR


def test_cli_json_prints_the_api_json(client):
    out = io.StringIO()
    call_command("legal-basis", "--requesting", "CN", "--requested", "NL", "--type",
                 "extradition", "--offence", "money_laundering", "--date", "2024-06-01",
                 "--json", stdout=out)
    api = client.get(f"/api/v1/legal-basis/?{QUERY}&date=2024-06-01").json()
    assert json.loads(out.getvalue()) == api


def test_cli_text_output():
    out = io.StringIO()
    call_command("legal-basis", "--requesting", "CN", "--requested", "NL", "--type",
                 "extradition", "--offence", "money_laundering", stdout=out)
    assert "Recommended: UNTOC" in out.getvalue()
    assert ", depositary, as of " in out.getvalue() or ", official_national, as of " in \
        out.getvalue()  # the kind of each source


def test_cli_text_says_not_applicable(eu_pair):
    out = io.StringIO()
    call_command("legal-basis", "--requesting", "FR", "--requested", "DE", "--type",
                 "extradition", "--offence", "other_serious_crime", stdout=out)
    assert "ECOWAS-EXT-TEST: not applicable" in out.getvalue()
    assert "Recommended: EU-EAW" in out.getvalue()


@pytest.mark.parametrize(("args", "message"), [
    (["--requesting", "QQ", "--requested", "NL", "--type", "mla", "--offence", "corruption"],
     "Unknown State code 'QQ'"),
    (["--requesting", "CN", "--requested", "NL", "--type", "x", "--offence", "corruption"],
     "Unknown cooperation type"),
    (["--requesting", "CN", "--requested", "NL", "--type", "mla", "--offence", "corruption",
      "--date", "tomorrow"], "not a date"),
])
def test_cli_bad_input_exits_non_zero(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("legal-basis", *args)


@pytest.fixture
def eu_pair():
    """France and Germany as Member States applying the EAW, a regional extradition treaty
    open only to an organisation neither belongs to."""
    from rogatory.states.models import Membership, Organisation, State, TreatyFact
    eu = Organisation.objects.update_or_create(
        code="EU", defaults={"names": {"en": "European Union", "ar": "الاتحاد الأوروبي"},
                             "source": "https://example.test/eu"})[0]
    other = Organisation.objects.update_or_create(
        code="ECOWAS", defaults={"names": {"en": "ECOWAS"}, "source": "https://example.test/o"})[0]
    eaw = Instrument.objects.update_or_create(code="EU-EAW", defaults={
        "name": "Framework Decision on the European arrest warrant", "kind": "regional",
        "scope": ["extradition"], "open_to": "EU", "adopted": dt.date(2002, 6, 13),
        "in_force": dt.date(2004, 1, 1), "source": "https://example.test/eaw",
        "names": {"ar": "القرار الإطاري بشأن أمر القبض الأوروبي"}})[0]
    Instrument.objects.update_or_create(code="ECOWAS-EXT-TEST", defaults={
        "name": "Test regional extradition convention", "kind": "regional",
        "scope": ["extradition"], "open_to": "ECOWAS", "source": "https://example.test/x"})
    for code in ("FR", "DE"):
        state = State.objects.get(alpha2=code)
        Membership.objects.update_or_create(state=state, organisation=eu, source="https://e.test",
                                            defaults={"joined": dt.date(1958, 1, 1),
                                                      "source_kind": "intergovernmental",
                                                      "as_of": dt.date(2025, 1, 1)})
        TreatyFact.objects.update_or_create(
            state=state, instrument=eaw, fact="entry_into_force", source="https://e.test/eaw",
            defaults={"value": "2004-01-01", "source_kind": "intergovernmental",
                      "as_of": dt.date(2025, 1, 1)})
    Membership.objects.update_or_create(
        state=State.objects.get(alpha2="NG"), organisation=other, source="https://e.test",
        defaults={"source_kind": "intergovernmental", "as_of": dt.date(2025, 1, 1)})
    return "requesting=FR&requested=DE&type=extradition&offence=other_serious_crime&date=2025-06-01"


def test_page_puts_the_recommended_basis_first_and_folds_the_rest(client, eu_pair):
    html = client.get(f"/legal-basis/?{eu_pair}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    recommended = html.index("<h3>Recommended basis</h3>")
    assert html.index("Framework Decision on the European arrest warrant", recommended) < \
        html.index("<details>")
    assert "form annexed to the Framework Decision" in html
    folded = html[html.index("<details>"):]
    assert "Test regional extradition convention" in folded  # not applicable: out of the way
    assert "neither State can join</summary>" in folded
    assert "official source: an intergovernmental organisation" in html  # strength shown


def test_page_in_arabic_names_instruments_and_verdicts_in_arabic(client, eu_pair):
    html = client.get(f"/legal-basis/?{eu_pair}", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "القرار الإطاري بشأن أمر القبض الأوروبي" in html
    assert "Framework Decision on the European arrest warrant" not in html
    assert ">available<" not in html and ">unavailable<" not in html
    assert "EU-EAW art." not in html  # cited by its name, not its code


def test_api_answer_adds_conditions_sources_and_applicability(client, eu_pair):
    data = client.get(f"/api/v1/legal-basis/?{eu_pair}").json()
    assert data["recommended"]["code"] == "EU-EAW"
    first = data["candidates"][0]
    assert first["instrument"]["code"] == "EU-EAW" and first["applicable"] is True
    assert {source["source_kind"] for source in first["sources"]} == {"intergovernmental"}
    assert all(source["age_days"] == 151 for source in first["sources"])
    assert {"key": "dual_criminality", "text": first["confirm"][0]} in first["conditions"]
    test = next(c for c in data["candidates"] if c["instrument"]["code"] == "ECOWAS-EXT-TEST")
    assert test["applicable"] is False and test["verdict"] == "unavailable" and test["summary"]


def test_page_shows_recorded_values_in_the_reader_language():
    from rogatory.legalbasis.views import _label_fact
    fact = {"fact": "consent", "value": "accession 2004-05-26", "source_kind": "depositary",
            "as_of": "2024-01-01"}
    with translation.override("fr"):
        _label_fact(fact, dt.date(2025, 1, 1))
        assert fact["value"] == "adhésion 2004-05-26"
        assert str(fact["label"]) and str(fact["strength"]) == "source officielle : le dépositaire"


def test_api_and_form_take_the_finer_corruption_categories(client):
    for offence in ("bribery", "other_corruption"):
        data = client.get(f"/api/v1/legal-basis/?requesting=CN&requested=NL&type=mla"
                          f"&offence={offence}").json()
        untoc = next(c for c in data["candidates"] if c["instrument"]["code"] == "UNTOC")
        assert untoc["conditions"], offence
        html = client.get(f"/legal-basis/?requesting=CN&requested=NL&type=mla"
                          f"&offence={offence}").content.decode()
        assert 'role="alert"' not in html


def test_page_has_no_stray_colon_and_dates_in_the_readers_language(client):
    """A reason with no instrument ("Conditional on the law of …") has no citation, hence
    no colon; the date asked is written as the reader's language writes it."""
    html = client.get("/legal-basis/?requesting=CN&requested=FR&type=mla&offence=corruption"
                      "&date=2024-06-01", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    tables = "".join(part.split("</table>")[0] for part in html.split('class="candidates"')[1:])
    assert not re.search(r"<li>\s*(<strong>\s*</strong>)?\s*:", tables)
    assert "2024-06-01</h2>" not in html and "2024</bdi></h2>" in html
