"""The shipped reference data against the research it was transcribed from
(../shared/reference/: skipped where that folder is absent, e.g. in a fresh clone), and the
coverage figures and State pages built on it."""

import csv
import datetime as dt
import random
from pathlib import Path

import pytest
from django.conf import settings

from rogatory.core.dates import page_date
from rogatory.states import transcribe
from rogatory.states.models import Instrument, Membership, TreatyFact
from rogatory.states.selectors import coverage
from rogatory.states.sources import classify_source

pytestmark = pytest.mark.django_db
CANDIDATES = [Path(settings.BASE_DIR).parent / "shared" / "reference",
              Path(settings.BASE_DIR).parent.parent / "shared" / "reference"]
REFERENCE = next((path for path in CANDIDATES if (path / "participation.csv").exists()), None)
needs_research = pytest.mark.skipif(REFERENCE is None, reason="../shared/reference is absent")


def research(name: str) -> list[dict]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def dated_consents() -> list[dict]:
    return [row for row in research("participation.csv")
            if row["iso2"] != "EU" and transcribe._date(row["consent_date"])
            and transcribe._consent_kind(row["consent_kind"])]


@needs_research
def test_a_sample_of_consents_is_transcribed_with_kind_date_source_and_kind_of_source():
    rows = dated_consents()
    for row in random.Random(15).sample(rows, 60):
        code = transcribe.INSTRUMENT_CODES.get(row["instrument"], row["instrument"])
        fact = TreatyFact.objects.get(state=row["iso2"], instrument__code=code, fact="consent",
                                      source=row["source_url"])
        kind = transcribe._consent_kind(row["consent_kind"])
        assert fact.value == f"{kind} {row['consent_date']}"
        assert fact.source_kind == classify_source(row["source_url"])
        dates = [transcribe._date(row[c]) for c in ("signature_date", "consent_date",
                                                    "entry_into_force")]
        # an undated source: the date of the latest event it records (README rule)
        assert fact.as_of == (transcribe.parse_as_of(row["as_of"])
                              or max(d for d in dates if d))


@needs_research
def test_not_found_stays_unknown():
    """A research row with no consent date gives no consent fact from its source."""
    for row in research("participation.csv"):
        if row["consent_date"] == "not-found" and row["iso2"] != "EU":
            assert not TreatyFact.objects.filter(
                state=row["iso2"], fact="consent", source=row["source_url"],
                instrument__code=transcribe.INSTRUMENT_CODES.get(row["instrument"],
                                                                 row["instrument"])).exists()


@needs_research
def test_a_sample_of_declarations_and_bilateral_treaties_is_transcribed():
    for row in research("declarations.csv"):
        if row["provision"] in ("18(13)", "46(13)") and row["as_of"][:4].isdigit():
            fact = TreatyFact.objects.get(state=row["iso2"], instrument__code=row["instrument"],
                                          fact="central_authority", source=row["source_url"])
            assert fact.value == row["value"]
    dated = [row for row in research("bilateral.csv")
             if transcribe._date(row["in_force"]) and row["iso2_a"] != row["iso2_b"]]
    for row in random.Random(16).sample(dated, 25):
        facts = TreatyFact.objects.filter(fact="entry_into_force", source=row["source_url"],
                                          value=row["in_force"], state=row["iso2_a"])
        treaty = next(f.instrument for f in facts.select_related("instrument")
                      if row["iso2_b"] in f.instrument.parties)
        assert treaty.kind == "bilateral"
        assert sorted(treaty.parties) == sorted([row["iso2_a"], row["iso2_b"]])


@needs_research
def test_coverage_figures_match_the_research():
    """The NOTES count 186 UNTOC, 176 UNCAC and 189 1988 Convention participants with a
    consent date, the European Union included; it is not an ISO 3166-1 State here."""
    rows = {row["instrument"].code: row for row in coverage()["instruments"]}
    expected: dict[str, set] = {}
    for row in dated_consents():
        code = transcribe.INSTRUMENT_CODES.get(row["instrument"], row["instrument"])
        expected.setdefault(code, set()).add(row["iso2"])
    for code in ("UNTOC", "UNCAC", "VIENNA-1988", "BUDAPEST"):
        assert rows[code]["consent"] >= len(expected[code])
    assert (rows["UNTOC"]["consent"], rows["UNCAC"]["consent"],
            rows["VIENNA-1988"]["consent"]) == (185, 175, 188)
    bilateral_pairs = {frozenset((r["iso2_a"], r["iso2_b"])) for r in research("bilateral.csv")}
    assert {frozenset(i.parties) for i in Instrument.objects.filter(kind="bilateral")} == \
        bilateral_pairs


def test_parse_as_of_follows_the_documented_rule():
    assert transcribe.parse_as_of('2019-04-19 (statistics "UPDATED AS OF: 19 APRIL 2019")') \
        == dt.date(2019, 4, 19)
    assert transcribe.parse_as_of("2019-09 (China list)") == dt.date(2019, 9, 30)
    assert transcribe.parse_as_of("not stated (BGBl III 111/2008)") == dt.date(2008, 12, 31)
    assert transcribe.parse_as_of("not stated (latest entry: deposit 2021-02-26)") == \
        dt.date(2021, 2, 26)
    assert transcribe.parse_as_of("Law of 28 Dec 2000 (copy posted 2011-05-11)") == \
        dt.date(2000, 12, 28)
    assert transcribe.parse_as_of("not stated (read 2099)") == transcribe.READ_ON
    assert transcribe.parse_as_of("undated") is None


@pytest.mark.parametrize(("address", "kind"), [
    ("https://treaties.un.org/Pages/ViewDetails.aspx", "depositary"),
    ("https://github.com/zmjones/untreaties/blob/x/treaties/18-12.csv", "depositary"),
    ("https://github.com/someone/else", "secondary"),
    ("https://2009-2017.state.gov/j/inl/", "official_national"),
    ("https://www.legislation.gov.hk/x", "official_national"),
    ("https://aseanmlatsec.myopensoft.net/index.php", "intergovernmental"),
    ("https://hk.epochtimes.com/news", "secondary"),
    ("not an address", "secondary"),
])
def test_kind_of_source_from_its_address(address, kind):
    assert classify_source(address) == kind


@pytest.mark.parametrize(("state", "day"), [("FR", "2002-10-29"), ("DE", "2006-06-14"),
                                            ("BR", "2004-01-29")])
def test_france_germany_brazil_are_untoc_parties_on_their_pages(client, state, day):
    facts = TreatyFact.objects.filter(state=state, instrument__code="UNTOC", fact="consent")
    assert {f.value.split()[1] for f in facts} == {day}
    assert facts.filter(source_kind="depositary").exists()
    html = client.get(f"/states/{state}/").content.decode()
    assert day in html
    assert "depositary" in html
    assert "United Nations Convention against Transnational Organized Crime" in html
    for fact in facts:
        assert fact.source[:40] in html and page_date(fact.as_of, "en") in html


def test_state_page_marks_secondary_only_and_the_decisive_source(client):
    untoc = Instrument.objects.get(code="UNTOC")
    TreatyFact.objects.create(state_id="TV", instrument=untoc, fact="consent",
                              value="accession 2019-01-01", source="https://news.example/a",
                              source_kind="secondary", as_of="2019-02-01")
    html = client.get("/states/TV/").content.decode()
    assert "Secondary source only" in html
    TreatyFact.objects.create(state_id="TV", instrument=untoc, fact="consent",
                              value="accession 2019-01-02", source="https://treaties.un.org/t",
                              source_kind="depositary", as_of="2018-01-01")
    html = client.get("/states/TV/").content.decode()
    assert "Secondary source only" not in html
    untoc_section = html.split("(UNTOC)</small>")[1].split("</section>")[0]
    decisive = untoc_section.split('class="decisive"')[1].split("</li>")[0]
    assert "2019-01-02" in decisive and "treaties.un.org" in decisive


def test_state_page_shows_memberships_and_closed_regional_instruments(client):
    html = client.get("/states/BR/").content.decode()
    assert "Organization of American States" in html
    closed = html.split("Instruments not open to this State")[1]
    assert "ECOWAS-MLA" in closed and "EU-EIO" in closed
    assert Membership.objects.get(state="GB", organisation__code="EU").left == \
        dt.date(2020, 1, 31)


def test_instrument_titles_in_six_languages():
    firearms = Instrument.objects.get(code="UNTOC-FIR")
    assert "Their Parts and Components and Ammunition" in firearms.title("en")
    assert firearms.title("fr").startswith("Protocole contre la fabrication")
    assert firearms.title("zh-hans").startswith("联合国打击跨国有组织犯罪公约")
    assert Instrument.objects.get(code="UNTOC").title("ar").startswith("اتفاقية الأمم المتحدة")
    assert Instrument.objects.get(code="ETS-024").title("ru") == \
        Instrument.objects.get(code="ETS-024").name  # no official Russian title: English


def test_open_to_and_eu_instruments():
    open_to = dict(Instrument.objects.values_list("code", "open_to"))
    assert {code for code, org in open_to.items() if org} >= {
        "ECOWAS-MLA", "ECOWAS-EXT", "SADC-MLA", "SADC-EXT", "ARAB-RIYADH", "CIS-MINSK",
        "CIS-CHISINAU", "ASEAN-MLAT", "EU-EAW", "EU-EIO"}
    assert not any(open_to[code] for code in ("UNTOC", "BUDAPEST", "ETS-024", "ETS-030",
                                              "OAS-A-55"))
    eaw = dict(TreatyFact.objects.filter(instrument__code="EU-EAW", fact="entry_into_force")
               .values_list("state_id", "value"))
    assert (eaw["FR"], eaw["IT"], eaw["PL"], eaw["HR"]) == (
        "2004-01-01", "2005-05-14", "2004-05-01", "2013-07-01")
    assert set(TreatyFact.objects.filter(instrument__code="EU-EIO", fact="not_party")
               .values_list("state_id", flat=True)) == {"DK", "IE"}


@pytest.mark.parametrize("path", ["/states/coverage/", "/states/coverage/instruments.csv",
                                  "/states/coverage/states.csv"])
def test_coverage_is_public(client, path):
    response = client.get(path)
    assert response.status_code == 200


def test_coverage_csv_gives_the_figures_of_the_page(client):
    text = client.get("/states/coverage/instruments.csv").content.decode()
    rows = {row["instrument"]: row for row in csv.DictReader(text.splitlines())}
    untoc = next(r for r in coverage()["instruments"] if r["instrument"].code == "UNTOC")
    assert int(rows["UNTOC"]["states_with_consent_date"]) == untoc["consent"]
    assert int(rows["UNTOC"]["consent_from_depositary"]) > 150
    states = list(csv.DictReader(client.get("/states/coverage/states.csv")
                                 .content.decode().splitlines()))
    assert len(states) == 195
    france = next(r for r in states if r["state"] == "FR")
    assert "UNTOC" in france["consent_known"].split("|") and not france["missing"]
