"""The rules of the finder v2 (issue #16), one scenario each, citing the article that decides.

Pure Python: hand-made FactBooks with the real instrument codes and fictional State codes."""

import datetime as dt

import pytest

from rogatory.legalbasis import engine
from rogatory.legalbasis.engine import Fact, FactBook, Instrument, Membership
from tests.legalbasis.test_engine import INSTRUMENTS as ENGINE_INSTRUMENTS

D = dt.date.fromisoformat
ON = D("2025-01-01")
SRC = "https://example.test/source"
# The instruments of the first scenarios (UN conventions, ETS 024/030, two bilateral treaties
# between AA and BB/CC), and the EU and ASEAN instruments.
INSTRUMENTS = [
    *ENGINE_INSTRUMENTS,
    Instrument("EU-EAW", "FD 2002/584/JHA", "regional", frozenset({"extradition"}), frozenset(),
               (), D("2002-06-13"), D("2004-01-01"), SRC, "EU",
               (("en", "European arrest warrant"), ("fr", "Mandat d'arrêt européen"))),
    Instrument("EU-EIO", "Directive 2014/41/EU", "regional", frozenset({"mla"}), frozenset(),
               (), D("2014-04-03"), D("2017-05-22"), SRC, "EU"),
    Instrument("ASEAN-MLAT", "ASEAN MLAT", "regional", frozenset({"mla", "confiscation"}),
               frozenset(), (), D("2004-11-29"), D("2005-06-01"), SRC, "ASEAN"),
]
STATES = ("AA", "BB", "CC", "DD", "FR", "DE", "IE", "MX", "US", "XX", "YY")


def fact(state, instrument, name, value, as_of="2024-06-01", kind="depositary"):
    return Fact(state, instrument, name, value, SRC, D(as_of), kind)


def law(state, name, value, as_of="2024-06-01", kind="official_national"):
    return Fact(state, "", name, value, SRC, D(as_of), kind)


def member(state, organisation="EU", joined="1958-01-01"):
    return Membership(state, organisation, D(joined), None, SRC, "intergovernmental", ON)


def party(state, instrument="UNTOC", consent="ratification 2004-01-01", as_of="2024-06-01"):
    return fact(state, instrument, "consent", consent, as_of)


UN_PARTIES = ("AA", "BB", "CC", "DD", "FR", "DE", "IE", "MX", "US")
FACTS = [
    *(party(s) for s in UN_PARTIES),
    *(party(s, "UNCAC", "ratification 2006-01-01") for s in UN_PARTIES),
    *(party(s, "VIENNA-1988", "ratification 1995-01-01") for s in UN_PARTIES),
    *(fact(s, "EU-EAW", "entry_into_force", "2004-01-01", kind="intergovernmental")
      for s in ("FR", "DE", "IE")),
    *(fact(s, "EU-EIO", "entry_into_force", "2017-07-03", kind="intergovernmental")
      for s in ("FR", "DE")),
    fact("IE", "EU-EIO", "not_party", "yes", as_of="2024-06-01", kind="intergovernmental"),
    *(fact(s, "ETS-024", "entry_into_force", "1990-01-01") for s in ("FR", "DE", "IE")),
    *(fact(s, "ETS-030", "entry_into_force", "1990-01-01") for s in ("FR", "DE", "IE")),
    # MX has notified 16(5)(a) "yes"; BB only a "no".
    fact("MX", "UNTOC", "extradition_basis", "yes"),
    fact("BB", "UNTOC", "extradition_basis", "no"),
    fact("DD", "UNCAC", "reciprocity_condition", "46"),
    fact("DD", "UNCAC", "dual_criminality_required", "yes"),
    fact("XX", "UNTOC", "not_party", "yes", as_of="2024-10-01"),
]
# US: extradition only under a treaty (national law); CC extradites without one.
LAW = [law("US", "extradition_requires_treaty", "yes"),
       law("CC", "extradites_without_treaty", "yes")]
MEMBERS = [*(member(s) for s in ("FR", "DE", "IE")), member("AA", "ASEAN")]
BOOK = FactBook.from_facts(INSTRUMENTS, FACTS, STATES, LAW, MEMBERS)


def find(requesting, requested, kind="mla", offence="money_laundering", on=ON, book=BOOK):
    return engine.evaluate(book, requesting, requested, kind, offence, on)


def candidate(finding, code):
    return next(c for c in finding.candidates if c.instrument.code == code)


def articles(found):
    return [reason.article for reason in found.reasons]


def keys(found):
    return {item.key for item in found.confirm}


# --- the decision rule between sources ----------------------------------------------------
def test_decisive_newest_official_source_wins():
    old = fact("AA", "UNTOC", "consent", "ratification 2004-01-01", "2010-01-01")
    new = fact("AA", "UNTOC", "consent", "ratification 2004-02-01", "2020-01-01",
               "official_national")
    assert engine.decisive([old, new]) is new


def test_decisive_depositary_over_national_on_the_same_date():
    national = fact("AA", "UNTOC", "consent", "ratification 2004-02-01", kind="official_national")
    depositary = fact("AA", "UNTOC", "consent", "ratification 2004-01-01")
    assert engine.decisive([national, depositary]) is depositary


def test_decisive_secondary_never_over_official():
    official = fact("AA", "UNTOC", "consent", "ratification 2004-01-01", "2005-01-01",
                    "official_national")
    secondary = fact("AA", "UNTOC", "consent", "ratification 2004-02-01", "2024-01-01",
                     "secondary")
    assert engine.decisive([secondary, official]) is official
    assert engine.decisive([secondary]) is secondary
    assert engine.decisive([]) is None


def test_book_keeps_every_source_and_gives_the_decisive_one():
    one = fact("AA", "UNTOC", "languages", "en", "2010-01-01")
    two = fact("AA", "UNTOC", "languages", "en|fr", "2020-01-01")
    book = FactBook.from_facts(INSTRUMENTS, [one, two], STATES)
    assert book.facts_for("AA", "UNTOC", "languages") == (one, two)
    assert book.fact("AA", "UNTOC", "languages") is two


# --- entry into force by each instrument's own rule ---------------------------------------
@pytest.mark.parametrize(("code", "kind", "deposit", "enters", "article"), [
    ("UNTOC", "ratification", "2004-01-01", "2004-01-31", "38(2)"),          # 30th day
    ("UNCAC", "accession", "2006-01-01", "2006-01-31", "68(2)"),
    ("VIENNA-1988", "ratification", "1995-01-01", "1995-04-01", "29(2)"),    # 90th day
    ("BUDAPEST", "ratification", "2012-06-13", "2012-10-01", "36(4)"),       # month after 3
    ("BUDAPEST", "accession", "2024-07-29", "2024-11-01", "37(2)"),
    ("BUDAPEST", "ratification", "2011-11-30", "2012-03-01", "36(4)"),       # over the year
    ("UNTOC-TIP", "ratification", "2005-01-01", "2005-01-31", "17(2)"),
    ("OAS-A-55", "ratification", "2003-02-11", "2003-03-13", "37"),
    ("ASEAN-MLAT", "ratification", "2005-06-01", "2005-06-01", "31(1)"),     # day of deposit
    ("UNTOC", "succession", "2006-10-23", "2006-10-23", "38(2)"),            # no 30 days
])
def test_entry_into_force_by_the_instrument_rule(code, kind, deposit, enters, article):
    assert engine.entry_into_force(code, kind, D(deposit)) == (D(enters), article)


def test_entry_into_force_unknown_rule_stays_unknown():
    assert engine.entry_into_force("ECOWAS-MLA", "ratification", D("2000-01-01")) is None


def test_succession_binds_from_the_date_of_succession():
    """UNTOC art. 38(2) counts 30 days from ratification, acceptance, approval or accession;
    a successor State is bound from the date of succession."""
    book = FactBook.from_facts(INSTRUMENTS, [party("AA"), party(
        "BB", consent="succession 2006-10-23")], STATES)
    found = candidate(find("AA", "BB", on=D("2006-10-24"), book=book), "UNTOC")
    assert found.verdict == "available"


# --- participation ------------------------------------------------------------------------
def test_recorded_non_party_is_unavailable_not_unknown():
    found = candidate(find("AA", "XX"), "UNTOC")
    assert found.verdict == "unavailable"
    assert any("not a party" in r.message.text for r in found.reasons)


def test_old_decisive_fact_says_later_changes_may_be_missing():
    book = FactBook.from_facts(INSTRUMENTS, [party("AA"), party("BB", as_of="2010-01-01")],
                               STATES)
    found = candidate(find("AA", "BB", book=book), "UNTOC")
    stale = [r for r in found.reasons if "later changes may be missing" in r.message.text]
    assert len(stale) == 1 and dict(stale[0].message.params)["date"] == "2010-01-01"
    assert found.verdict == "available"


def test_protocol_binds_only_a_party_to_the_convention():
    """UNTOC art. 37(2)."""
    book = FactBook.from_facts(INSTRUMENTS, [
        party("AA"), party("AA", "UNTOC-TIP", "ratification 2005-01-01"),
        fact("BB", "UNTOC", "not_party", "yes"),
        party("BB", "UNTOC-TIP", "ratification 2005-01-01")], STATES)
    found = candidate(find("AA", "BB", "mla", "trafficking_in_persons", book=book), "UNTOC-TIP")
    assert found.verdict == "unavailable"
    assert "UNTOC art. 37(2)" in articles(found)


def test_regional_instrument_neither_state_can_join_is_not_applicable():
    found = candidate(find("MX", "US"), "EU-EIO")
    assert found.applicable is False and found.verdict == "unavailable"
    assert found.instrument != find("MX", "US").recommended


def test_regional_instrument_one_state_cannot_join_is_unavailable():
    found = candidate(find("FR", "US"), "EU-EIO")
    assert found.applicable is True and found.verdict == "unavailable"
    assert any("only its members may join" in r.message.text for r in found.reasons)


def test_membership_not_recorded_stays_unknown():
    book = FactBook.from_facts(INSTRUMENTS, FACTS, STATES, LAW)  # no memberships at all
    found = candidate(find("MX", "US", book=book), "EU-EIO")
    assert found.applicable is True and found.verdict == "unknown"


# --- wrong advice today -------------------------------------------------------------------
def test_reciprocity_unavailable_where_extradition_requires_a_treaty():
    """UNTOC art. 16(4)-(5): the United States extradites only under a treaty."""
    finding = find("MX", "US", "extradition")
    for code in ("reciprocity", "domestic_law"):
        found = candidate(finding, code)
        assert found.verdict == "unavailable"
        assert "UNTOC art. 16(4)" in articles(found)
    assert finding.recommended is None or finding.recommended.code not in (
        "reciprocity", "domestic_law")


def test_a_16_5_a_notification_shows_the_state_requires_a_treaty():
    """Only a State making extradition conditional on a treaty notifies under 16(5)(a)."""
    finding = find("US", "MX", "extradition")
    assert candidate(finding, "reciprocity").verdict == "unavailable"
    assert candidate(finding, "UNTOC").verdict == "available"


def test_a_no_notification_makes_untoc_unavailable():
    found = candidate(find("AA", "BB", "extradition"), "UNTOC")
    assert found.verdict == "unavailable"
    assert "UNTOC art. 16(5)(a)" in articles(found)


def test_state_extraditing_without_treaty_keeps_reciprocity_and_16_6():
    finding = find("AA", "CC", "extradition")
    assert candidate(finding, "reciprocity").verdict == "conditional"
    untoc = candidate(finding, "UNTOC")
    assert untoc.verdict == "available" and "UNTOC art. 16(6)" in articles(untoc)


def test_eu_arrest_warrant_governs_between_member_states():
    """FD 2002/584/JHA art. 31(1): replaces the extradition conventions between them."""
    finding = find("FR", "DE", "extradition")
    assert finding.recommended.code == "EU-EAW"
    assert finding.candidates[0].instrument.code == "EU-EAW"
    eaw = candidate(finding, "EU-EAW")
    assert "EU-EAW art. 31(1)" in articles(eaw)
    assert any("form annexed" in r.message.text for r in eaw.reasons)
    replaced = candidate(finding, "ETS-024")
    assert replaced.verdict == "unavailable" and "EU-EAW art. 31(1)" in articles(replaced)


def test_eu_investigation_order_governs_except_for_ireland():
    """Directive 2014/41/EU art. 34(1); Denmark and Ireland do not take part."""
    finding = find("FR", "DE", "mla")
    assert finding.recommended.code == "EU-EIO"
    assert "eio_evidence" in keys(candidate(finding, "EU-EIO"))
    assert candidate(finding, "ETS-030").verdict == "unavailable"
    with_ireland = find("FR", "IE", "mla")
    assert candidate(with_ireland, "EU-EIO").verdict == "unavailable"
    assert candidate(with_ireland, "ETS-030").verdict == "available"
    assert with_ireland.recommended.code == "ETS-030"


def test_eu_law_not_before_a_member_state_applies_it():
    found = candidate(find("FR", "DE", "mla", on=D("2017-06-01")), "EU-EIO")
    assert found.verdict == "unavailable"


def test_1988_convention_for_laundering_is_a_condition_ranked_last():
    """1988 Convention art. 3(1)(b): the proceeds of drug offences only."""
    finding = find("AA", "CC", "mla", "money_laundering")
    vienna = candidate(finding, "VIENNA-1988")
    assert vienna.verdict == "conditional"
    assert "drug_proceeds" in keys(vienna) and "VIENNA-1988 art. 3(1)(b)" in articles(vienna)
    codes = [c.instrument.code for c in finding.candidates]
    assert codes.index("UNCAC") < codes.index("UNTOC") < codes.index("VIENNA-1988")
    drugs = candidate(find("AA", "CC", "mla", "drug_trafficking"), "VIENNA-1988")
    assert drugs.verdict == "available" and "drug_proceeds" not in keys(drugs)


@pytest.mark.parametrize(("offence", "article", "expected"), [
    ("bribery", "UNTOC art. 3(1)(a)", {"national_public_official"}),
    ("corruption", "UNTOC art. 8(1)", {"bribery_or_serious_crime"}),
    ("other_corruption", "UNTOC art. 3(1)(b)", {"serious_crime"}),
])
def test_corruption_reaches_untoc_as_art_8_bribery_or_as_serious_crime(offence, article,
                                                                        expected):
    """UNTOC art. 8(1): bribery of national public officials; other corruption only as
    serious crime (art. 2(b), 3(1)(b)); UNCAC covers all of it."""
    finding = find("AA", "CC", "mla", offence)
    untoc = candidate(finding, "UNTOC")
    assert article in articles(untoc) and expected <= keys(untoc)
    uncac = candidate(finding, "UNCAC")
    assert uncac.verdict == "available" and "serious_crime" not in keys(uncac)
    codes = [c.instrument.code for c in finding.candidates]
    assert codes.index("UNCAC") < codes.index("UNTOC")


def test_law_enforcement_is_conditional():
    """UNTOC art. 27(2), UNCAC art. 48(2): the Parties "may consider" the Convention."""
    finding = find("AA", "CC", "law_enforcement", "corruption")
    assert candidate(finding, "UNTOC").verdict == "conditional"
    assert "UNCAC art. 48(2)" in articles(candidate(finding, "UNCAC"))


def test_mla_treaty_leaves_18_1_to_8_and_bank_secrecy():
    """UNTOC art. 18(6)-(8): a treaty displaces only 18(9)-(29)."""
    found = candidate(find("FR", "IE", "mla"), "UNTOC")
    assert found.verdict == "available"
    assert "UNTOC art. 18(8)" in articles(found)
    assert "UNTOC art. 18(26)" not in articles(found)


# --- too strict ---------------------------------------------------------------------------
def test_extradition_asks_no_transnationality_when_the_person_is_there():
    """UNTOC art. 16(1)."""
    found = candidate(find("AA", "CC", "extradition"), "UNTOC")
    assert "person_in_requested_state" in keys(found) and "transnational" not in keys(found)


def test_mla_asks_only_reasonable_grounds_to_suspect():
    """UNTOC art. 18(1): evidence or proceeds located in the requested State count."""
    found = candidate(find("AA", "CC", "mla"), "UNTOC")
    assert "reasonable_grounds" in keys(found)
    assert not {"transnational", "organised_group"} & keys(found)


# --- silent today -------------------------------------------------------------------------
def test_mla_without_treaty_names_what_the_requested_state_decides():
    found = candidate(find("AA", "CC", "mla"), "UNTOC")
    for article in ("UNTOC art. 18(8)", "UNTOC art. 18(9)", "UNTOC art. 18(21)–(22)",
                    "UNTOC art. 18(26)"):
        assert article in articles(found)


def test_uncac_non_coercive_assistance_and_declared_dual_criminality():
    """UNCAC art. 46(9)(b); a declaration requiring dual criminality is read."""
    found = candidate(find("AA", "DD", "mla", "corruption"), "UNCAC")
    assert any("46(9)(b)" in r.message.text for r in found.reasons)
    assert "dual_criminality" in keys(found)


def test_reciprocity_declaration_makes_the_convention_conditional():
    """A declaration making UNCAC art. 46 conditional on reciprocity."""
    found = candidate(find("AA", "DD", "mla", "corruption"), "UNCAC")
    assert found.verdict == "conditional" and "reciprocity" in keys(found)
    extradition = candidate(find("AA", "DD", "extradition", "corruption"), "UNCAC")
    assert "reciprocity" not in keys(extradition)


def test_extradition_names_16_7_16_14_16_15():
    found = candidate(find("AA", "CC", "extradition"), "UNTOC")
    for article in ("UNTOC art. 16(7)", "UNTOC art. 16(14)", "UNTOC art. 16(15)"):
        assert article in articles(found)


def test_confiscation_names_13_6_13_7_14_and_uncac_57():
    finding = find("AA", "CC", "confiscation", "corruption")
    untoc = articles(candidate(finding, "UNTOC"))
    assert {"UNTOC art. 13(6)", "UNTOC art. 13(7)", "UNTOC art. 14"} <= set(untoc)
    assert {"UNCAC art. 57", "UNCAC art. 57(3)"} <= set(articles(candidate(finding, "UNCAC")))


def test_instrument_title_by_language():
    eaw = BOOK.instruments["EU-EAW"]
    assert eaw.title("fr") == "Mandat d'arrêt européen"
    assert eaw.title("ru") == "FD 2002/584/JHA"  # no Russian title recorded: the name
    assert BOOK.instruments["UNTOC"].title("ar") == "UNTOC"


# --- a source's statement of a treaty's status ------------------------------------------
def _with(*facts):
    return FactBook.from_facts([*INSTRUMENTS, Instrument(
        "BI-MX-US-MLA", "MX-US MLA treaty", "bilateral", frozenset({"mla"}), frozenset(),
        ("MX", "US"), None, None, SRC)], [*FACTS, *facts], STATES, LAW, MEMBERS)


def test_bilateral_treaty_in_force_as_its_source_states_for_each_party():
    book = _with(*(fact(s, "BI-MX-US-MLA", "treaty_status", "in_force", "2015-12-31",
                        "official_national") for s in ("MX", "US")))
    finding = find("MX", "US", "mla", book=book)
    assert finding.recommended.code == "BI-MX-US-MLA"
    assert candidate(finding, "BI-MX-US-MLA").verdict == "available"
    before = candidate(find("MX", "US", "mla", on=D("2010-01-01"), book=book), "BI-MX-US-MLA")
    assert before.verdict == "unknown"  # in force at the source's date; since when unknown


def test_terminated_or_signed_only_is_unavailable():
    book = _with(fact("DE", "EU-EAW", "treaty_status", "terminated", "2024-10-01"),
                 fact("MX", "BI-MX-US-MLA", "treaty_status", "signed_not_in_force"),
                 fact("US", "BI-MX-US-MLA", "treaty_status", "signed_not_in_force"))
    eaw = candidate(find("FR", "DE", "extradition", book=book), "EU-EAW")
    assert eaw.verdict == "unavailable"
    assert any("terminated" in r.message.text for r in eaw.reasons)
    assert candidate(find("MX", "US", "mla", book=book), "BI-MX-US-MLA").verdict == "unavailable"


def test_bilateral_treaty_with_its_own_date_terminated_for_a_party():
    book = FactBook.from_facts([*INSTRUMENTS, Instrument(
        "BI-DE-FR-EXT-1900", "Old treaty", "bilateral", frozenset({"extradition"}), frozenset(),
        ("DE", "FR"), D("1900-01-01"), D("1901-01-01"), SRC)], [
        *FACTS, fact("FR", "BI-DE-FR-EXT-1900", "treaty_status", "terminated", "2020-01-01")],
        STATES, LAW, MEMBERS)
    assert candidate(find("FR", "DE", "extradition", book=book),
                     "BI-DE-FR-EXT-1900").verdict == "unavailable"
    assert candidate(find("FR", "DE", "extradition", on=D("1950-01-01"), book=book),
                     "BI-DE-FR-EXT-1900").verdict == "available"  # before the termination
    plain = FactBook.from_facts(book.instruments.values(), FACTS, STATES, LAW, MEMBERS)
    assert candidate(find("FR", "DE", "extradition", book=plain),
                     "BI-DE-FR-EXT-1900").verdict == "available"


# --- EU law binds the Member States as such ----------------------------------------------
def _eu(*extra_members, facts=()):
    left = Membership("GG", "EU", D("1973-01-01"), D("2020-01-31"), SRC, "intergovernmental",
                      D("2020-01-31"))
    return FactBook.from_facts(INSTRUMENTS, [*FACTS, *facts], (*STATES, "GG"), LAW,
                               [*MEMBERS, *(member(s) for s in extra_members), left])


def test_eio_binds_a_member_state_without_a_recorded_date_conditionally():
    """Directive 2014/41/EU binds every Member State taking part; the date it applies from
    (transposition, art. 36(1)) is not recorded for YY: conditional, still recommended over
    ETS 030 (art. 34(1))."""
    finding = find("YY", "FR", "mla", book=_eu("YY"))
    eio = candidate(finding, "EU-EIO")
    assert eio.verdict == "conditional" and "EU-EIO art. 36(1)" in articles(eio)
    assert "eu_application" in keys(eio)
    assert finding.recommended.code == "EU-EIO"
    assert candidate(finding, "ETS-030").verdict == "unavailable"


def test_eio_between_two_member_states_neither_with_a_date():
    finding = find("YY", "XX", "mla", book=_eu("YY", "XX"))
    eio = candidate(finding, "EU-EIO")
    assert eio.verdict == "conditional" and finding.recommended.code == "EU-EIO"
    assert [r.message.params for r in eio.reasons
            if r.article == "EU-EIO art. 36(1)"] and eio.applicable


def test_eio_not_for_a_member_state_not_taking_part():
    """Ireland (and Denmark) do not take part: a not_party fact, whatever the membership."""
    assert candidate(find("YY", "IE", "mla", book=_eu("YY")), "EU-EIO").verdict == "unavailable"


def test_eaw_binds_a_member_state_without_a_recorded_date():
    """FD 2002/584/JHA arts. 31-32."""
    finding = find("YY", "FR", "extradition", book=_eu("YY"))
    eaw = candidate(finding, "EU-EAW")
    assert eaw.verdict == "conditional" and "EU-EAW art. 31–32" in articles(eaw)
    assert finding.recommended.code == "EU-EAW"


def test_a_state_that_left_is_not_bound_after_its_end_date():
    book = _eu(facts=[fact("GG", "EU-EAW", "entry_into_force", "2004-01-01",
                           kind="intergovernmental")])
    assert candidate(find("FR", "GG", "extradition", book=book), "EU-EAW").verdict == (
        "unavailable")
    assert candidate(find("FR", "GG", "mla", book=book), "EU-EIO").verdict == "unavailable"
    before = find("FR", "GG", "extradition", on=D("2019-06-01"), book=book)
    assert candidate(before, "EU-EAW").verdict == "available"


def test_status_as_of_said_once_per_candidate_for_the_oldest_fact():
    book = FactBook.from_facts(INSTRUMENTS, [party("AA", as_of="2012-01-01"),
                                             party("BB", as_of="2010-01-01")], STATES)
    found = candidate(find("AA", "BB", book=book), "UNTOC")
    stale = [r for r in found.reasons if "later changes may be missing" in r.message.text]
    assert len(stale) == 1 and dict(stale[0].message.params)["date"] == "2010-01-01"
