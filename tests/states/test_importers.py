"""Importers: whole file validated, then written in one transaction, or rejected whole."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from rogatory.core.importing import ImportRejected
from rogatory.states import reference, services, treaty_import
from rogatory.states.models import Article, Instrument, State, TreatyFact, UNStatus

pytestmark = pytest.mark.django_db
INSTRUMENT_HEADER = "code,name,kind,scope,offences,parties,adopted,in_force,source\n"
FACT_HEADER = "state,instrument,fact,value,source,as_of\n"
SRC = "https://treaties.un.org/example"


def counts() -> tuple[int, ...]:
    return (Instrument.objects.count(), TreatyFact.objects.count(),
            TreatyFact.history.count(), Instrument.history.count())


def test_reference_data_is_loaded_with_sources():
    untoc = Instrument.objects.get(code="UNTOC")
    assert (str(untoc.adopted), str(untoc.in_force)) == ("2000-11-15", "2003-09-29")
    assert str(Instrument.objects.get(code="UNCAC").in_force) == "2005-12-14"
    nl = TreatyFact.objects.filter(state="NL", instrument=untoc, fact="extradition_basis")
    assert {f.value for f in nl} == {"yes"}
    assert all(f.source.startswith("http") and f.as_of and f.source_kind for f in nl)
    assert {f.value for f in TreatyFact.objects.filter(state="SK", instrument=untoc,
                                                       fact="languages")} == {"sk|cs|en|fr"}
    assert Article.objects.get(instrument=untoc, number=16).title("en") == "Extradition"
    assert State.objects.filter(un_status=UNStatus.MEMBER).count() == 193
    assert State.objects.get(alpha2="PS").un_status == UNStatus.OBSERVER
    assert State.objects.get(alpha2="TW").un_status == UNStatus.OTHER
    assert not TreatyFact.objects.filter(value="").exists()


def test_reference_load_is_idempotent():
    before = counts()
    reference.load(lambda line: None)
    assert counts() == before


def test_import_instruments_creates_and_updates_by_code(tmp_path):
    path = tmp_path / "i.csv"
    path.write_text(INSTRUMENT_HEADER
                    + "XX-NL-FR,Test treaty,bilateral,mla|extradition,,NL|FR,2001-01-01,"
                      f"2002-01-01,{SRC}\n")
    assert services.import_instruments(path) == 1
    path.write_text(INSTRUMENT_HEADER
                    + "XX-NL-FR,Renamed treaty,bilateral,mla,corruption,NL|FR,2001-01-01,,"
                      f"{SRC}\n")
    services.import_instruments(path)
    treaty = Instrument.objects.get(code="XX-NL-FR")
    assert (treaty.name, treaty.scope, treaty.offences, treaty.in_force) == (
        "Renamed treaty", ["mla"], ["corruption"], None)
    assert treaty.history.count() == 2


@pytest.mark.parametrize(("row", "reason"), [
    ("XX-1,Bad,bilateral,mla,,NL|QQ,2001-01-01,,src", "unknown State code 'QQ'"),
    ("XX-1,Bad,bilateral,mla,,NL,2001-01-01,,src", "exactly two different parties"),
    ("XX-1,Bad,regional,mla,,,2001-13-01,,src", "is not a date"),
    ("XX-1,Bad,regional,rendition,,,2001-01-01,,src", "unknown value 'rendition'"),
    ("XX-1,Bad,global,mla,,,2001-01-01,,src", "is not one of"),
    ("XX-1,Bad,regional,mla,,,2001-01-01,,", "needs its source"),
    ("UNTOC,Duplicate,multilateral,mla,,,2000-11-15,,src\nUNTOC,Again,multilateral,mla,,,,,src",
     "appears twice"),
])
def test_malformed_instrument_file_writes_nothing(tmp_path, row, reason):
    path = tmp_path / "bad.csv"
    path.write_text(INSTRUMENT_HEADER + "XX-GOOD,Good,regional,mla,,,2001-01-01,,src\n" + row
                    + "\n")
    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        services.import_instruments(path)
    assert reason in str(rejected.value)
    assert f"line {3 + row.count(chr(10))}" in str(rejected.value)
    assert counts() == before
    assert not Instrument.objects.filter(code="XX-GOOD").exists()


def test_later_fact_row_replaces_earlier_and_keeps_history(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(FACT_HEADER
                    + f"FR,UNTOC,central_authority,Ministry A,{SRC},2010-01-01\n"
                    + f"FR,UNTOC,central_authority,Ministry B,{SRC},2020-01-01\n")
    assert services.import_treaty_facts(path) == 2
    fact = TreatyFact.objects.get(state="FR", instrument__code="UNTOC", fact="central_authority")
    assert (fact.value, str(fact.as_of)) == ("Ministry B", "2020-01-01")
    assert [h.value for h in fact.history.order_by("history_date")] == ["Ministry A",
                                                                          "Ministry B"]
    services.import_treaty_facts(path)  # the same file again: nothing new
    assert fact.history.count() == 2
    path.write_text(FACT_HEADER + f"fr,UNTOC,central_authority,Ministry C,{SRC},2024-01-01\n")
    services.import_treaty_facts(path)  # a later file replaces it too
    fact.refresh_from_db()
    assert fact.value == "Ministry C" and fact.history.count() == 3


@pytest.mark.parametrize(("row", "reason"), [
    (f"QQ,UNTOC,signature,2000-12-12,{SRC},2024-01-01", "unknown State code 'QQ'"),
    (f"FR,UNTOCX,signature,2000-12-12,{SRC},2024-01-01", "unknown instrument code"),
    (f"FR,UNTOC,ratified,2000-12-12,{SRC},2024-01-01", "unknown fact 'ratified'"),
    (f"FR,UNTOC,signature,2000-31-12,{SRC},2024-01-01", "is not a date"),
    (f"FR,UNTOC,signature,2000-12-12,{SRC},yesterday", "as_of"),
    (f"FR,UNTOC,consent,ratified 2004-01-01,{SRC},2024-01-01", "kind of consent"),
    (f"FR,UNTOC,extradition_basis,maybe,{SRC},2024-01-01", "yes or no"),
    (f"FR,UNTOC,languages,French,{SRC},2024-01-01", "ISO 639-1"),
    (f"FR,UNTOC,central_authority,,{SRC},2024-01-01", "leave an unknown fact out"),
    ("FR,UNTOC,central_authority,Ministry,,2024-01-01", "needs its source"),
    (f"FR,UNTOC,central_authority,=HYPERLINK(1),{SRC},2024-01-01", "formula"),
    (f"FR,UNTOC,signature,2000-12-12,{SRC},2024-01-01", "duplicate"),
])
def test_malformed_fact_file_writes_nothing(tmp_path, row, reason):
    path = tmp_path / "bad.csv"
    path.write_text(FACT_HEADER + f"FR,UNTOC,signature,2000-12-12,{SRC},2024-01-01\n" + row
                    + "\n")
    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        services.import_treaty_facts(path)
    assert reason in str(rejected.value)
    assert "line 3" in str(rejected.value)
    assert counts() == before


def test_import_command_reports_line_and_reason(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(FACT_HEADER + f"FR,UNTOC,ratified,2000-12-12,{SRC},2024-01-01\n")
    with pytest.raises(CommandError, match="line 2: fact: unknown fact 'ratified'"):
        call_command("import-treaty-facts", str(path))
    good = tmp_path / "good.csv"
    good.write_text(FACT_HEADER + f"FR,UNTOC,languages,fr,{SRC},2024-01-01\n")
    out = io.StringIO()
    call_command("import-treaty-facts", str(good), stdout=out)
    assert "1 rows read; facts were added: 1, changed: 0" in out.getvalue()


OWN_HEADER = "state,instrument,fact,value,source,source_kind,as_of\n"
PARTICIPATION_HEADER = ("state,iso2,instrument,signature_date,consent_date,consent_kind,"
                        "entry_into_force,source_url,as_of,notes\n")


def test_dry_run_shows_added_changed_and_conflicting_and_writes_nothing(tmp_path):
    untoc = Instrument.objects.get(code="UNTOC")
    TreatyFact.objects.create(state_id="FR", instrument=untoc, fact="central_authority",
                              value="Ministry A", source=SRC, source_kind="depositary",
                              as_of="2010-01-01")
    path = tmp_path / "f.csv"
    path.write_text(OWN_HEADER
                    + f"FR,UNTOC,central_authority,Ministry B,{SRC},depositary,2020-01-01\n"
                    + "FR,UNTOC,central_authority,Ministry C,https://example.org/gazette,"
                      "official_national,2021-01-01\n"
                    + f"DE,UNTOC,languages,de,{SRC},depositary,2020-01-01\n")
    before = counts()
    out = io.StringIO()
    call_command("import-treaty-facts", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "would be added: 2, changed: 1, in conflict with another source: 1" in text
    assert "~ FR UNTOC central_authority = Ministry B" in text and "was Ministry A" in text
    assert "! FR UNTOC central_authority = Ministry C" in text
    assert "Dry run: nothing was written." in text
    assert counts() == before


def test_import_twice_changes_nothing_and_records_who(tmp_path, actors):
    path = tmp_path / "f.csv"
    path.write_text(OWN_HEADER + f"DE,UNTOC,languages,de|en,{SRC},depositary,2020-01-01\n")
    call_command("import-treaty-facts", str(path), "--user", actors.secretariat.email,
                 stdout=io.StringIO())
    fact = TreatyFact.objects.get(state="DE", instrument__code="UNTOC", fact="languages")
    assert fact.source_kind == "depositary"
    assert fact.history.get().history_user == actors.secretariat
    before = counts()
    out = io.StringIO()
    call_command("import-treaty-facts", str(path), stdout=out)
    assert "added: 0, changed: 0" in out.getvalue()
    assert counts() == before


def test_import_rejects_an_unknown_user(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(OWN_HEADER + f"DE,UNTOC,languages,de,{SRC},depositary,2020-01-01\n")
    with pytest.raises(CommandError, match="no such user"):
        call_command("import-treaty-facts", str(path), "--user", "nobody-here")


def test_research_participation_file_is_transcribed_with_kinds_and_not_party(tmp_path):
    zm = "https://github.com/zmjones/untreaties/blob/abc/treaties/18-14.csv"
    path = tmp_path / "participation.csv"
    path.write_text(PARTICIPATION_HEADER
                    + f"X,FR,UNCAC,2003-12-09,2005-07-11,ratification,not-found,{zm},"
                      "2014-07-10 (last commit),n\n"
                    + f"X,SY,UNCAC,2003-12-09,not-found,signature-only (no consent),"
                      f"not-found,{zm},2014-07-10 (last commit),n\n"
                    + "X,BN,ASEAN-MLAT,not-found,not-found,party (consent date not stated),"
                      "not-found,https://aseanmlatsec.myopensoft.net/x,"
                      "\"2019-04-19 (statistics)\",n\n")
    report = treaty_import.import_file(path)
    assert report.format == "participation" and report.rows == 3
    consent = TreatyFact.objects.get(state="FR", instrument__code="UNCAC", fact="consent",
                                     source=zm)
    assert (consent.value, consent.source_kind, str(consent.as_of)) == (
        "ratification 2005-07-11", "depositary", "2014-07-10")
    not_party = TreatyFact.objects.filter(instrument__code="UNCAC", fact="not_party",
                                          source=zm)
    assert not_party.filter(state="SY").exists() and not not_party.filter(state="FR").exists()
    asean = TreatyFact.objects.get(state="BN", instrument__code="ASEAN-MLAT",
                                   source="https://aseanmlatsec.myopensoft.net/x")
    assert (asean.fact, asean.value, asean.source_kind) == ("treaty_status", "in_force",
                                                            "intergovernmental")
    before = counts()
    again = treaty_import.import_file(path)  # the same file again: nothing changes
    assert (again.plan.added, again.plan.changed) == ([], [])
    assert counts() == before


@pytest.mark.parametrize(("row", "reason"), [
    ("X,QQ,UNTOC,not-found,2003-01-01,ratification,not-found,https://a.org,2014,n", "'QQ'"),
    ("X,FR,UNTOCX,not-found,2003-01-01,ratification,not-found,https://a.org,2014,n",
     "unknown instrument"),
    ("X,FR,UNTOC,not-found,01/02/2003,ratification,not-found,https://a.org,2014,n",
     "is not a date"),
    ("X,FR,UNTOC,not-found,2003-01-01,ratification,not-found,javascript:alert(1),2014,n",
     "address of its source"),
    ("X,FR,UNTOC,not-found,2003-01-01,ratification,not-found,https://a.org,=cmd(),n",
     "formula"),
])
def test_malformed_research_file_is_rejected_whole(tmp_path, row, reason):
    path = tmp_path / "participation.csv"
    path.write_text(PARTICIPATION_HEADER
                    + "X,DE,UNTOC,not-found,2006-06-14,ratification,not-found,https://b.org,"
                      "2014,n\n" + row + "\n")
    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        treaty_import.import_file(path)
    assert reason in str(rejected.value) and "line 3" in str(rejected.value)
    assert counts() == before


def _country_fixture(path: Path, rows: list[dict]) -> None:
    columns = [*services.unterm_columns(), "ISO3166-1-Alpha-3"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})


def test_import_countries_loads_formal_names(tmp_path):
    path = tmp_path / "countries.csv"
    _country_fixture(path, [
        {"ISO3166-1-Alpha-2": "BO", "UNTERM English Formal": "the Plurinational State of Bolivia",
         "UNTERM French Formal": "l'État plurinational de Bolivie",
         "UNTERM English Short": "Bolivia (Plurinational State of)"},
        {"ISO3166-1-Alpha-2": ""},  # a region row without a code: skipped
    ])
    out = io.StringIO()
    call_command("import-countries", str(path), stdout=out)
    bolivia = State.objects.get(alpha2="BO")
    assert bolivia.formal_name("en") == "the Plurinational State of Bolivia"
    assert bolivia.formal_name("fr") == "l'État plurinational de Bolivie"
    assert bolivia.formal_name("ru") == bolivia.name("ru")  # not given: the CLDR name
    assert "1 States imported" in out.getvalue()


def test_import_countries_rejects_unknown_code_whole(tmp_path):
    before = State.objects.get(alpha2="BO").formal_names
    path = tmp_path / "countries.csv"
    _country_fixture(path, [
        {"ISO3166-1-Alpha-2": "BO", "UNTERM English Formal": "the Plurinational State"},
        {"ISO3166-1-Alpha-2": "QQ", "UNTERM English Formal": "Nowhere"},
    ])
    with pytest.raises(CommandError, match="line 3"):
        call_command("import-countries", str(path))
    assert State.objects.get(alpha2="BO").formal_names == before  # nothing written


def test_import_countries_from_the_shared_file():
    # ../shared next to the project (or next to the worktrees' folder, for a worktree).
    path = next((p for p in (Path(settings.BASE_DIR).parent / "shared/data/country-codes.csv",
                             Path(__file__).resolve().parents[4] / "shared/data/country-codes.csv")
                 if p.exists()), None)
    if path is None:
        pytest.skip("../shared/data/country-codes.csv is absent (the fixture test covers it)")
    assert services.import_countries(path) >= 240
    assert State.objects.get(alpha2="NL").formal_name("en") == "the Kingdom of the Netherlands"
    assert State.objects.get(alpha2="CN").formal_name("zh-hans") == "中华人民共和国"
