"""The engine's rules, one scenario per row, each citing the rule it exercises.

Pure Python: no database. The book holds the real instrument codes and dates, and facts
written here for the scenario (States AA..: fictional codes are not needed, the engine only
sees codes)."""

import datetime as dt
from pathlib import Path

import pytest

from rogatory.legalbasis import engine
from rogatory.legalbasis.engine import Fact, FactBook, Instrument

D = dt.date.fromisoformat
ALL_TYPES = frozenset(engine.COOPERATION_TYPES) - {"transfer_of_sentenced_persons"}
SRC = "https://example.test/source"

INSTRUMENTS = [
    Instrument("UNTOC", "UNTOC", "multilateral", ALL_TYPES, frozenset(), (), D("2000-11-15"),
               D("2003-09-29"), SRC),
    Instrument("UNTOC-TIP", "TIP Protocol", "multilateral", ALL_TYPES,
               frozenset({"trafficking_in_persons"}), (), D("2000-11-15"), D("2003-12-25"), SRC),
    Instrument("UNCAC", "UNCAC", "multilateral", ALL_TYPES,
               frozenset({"corruption", "money_laundering", "obstruction_of_justice"}), (),
               D("2003-10-31"), D("2005-12-14"), SRC),
    Instrument("VIENNA-1988", "Vienna", "multilateral", ALL_TYPES,
               frozenset({"drug_trafficking", "money_laundering"}), (), D("1988-12-20"),
               D("1990-11-11"), SRC),
    Instrument("BUDAPEST", "Budapest", "multilateral",
               frozenset({"mla", "extradition", "law_enforcement"}), frozenset({"cybercrime"}),
               (), D("2001-11-23"), D("2004-07-01"), SRC),
    Instrument("ETS-024", "European Convention on Extradition", "regional",
               frozenset({"extradition"}), frozenset(), (), D("1957-12-13"), D("1960-04-18"), SRC),
    Instrument("ETS-030", "European MLA Convention", "regional", frozenset({"mla"}), frozenset(),
               (), D("1959-04-20"), D("1962-06-12"), SRC),
    Instrument("BI-AA-BB", "AA-BB MLA treaty", "bilateral", frozenset({"mla", "confiscation"}),
               frozenset(), ("AA", "BB"), D("2010-01-01"), D("2011-01-01"), SRC),
    Instrument("BI-AA-CC", "AA-CC MLA treaty (in force 2030)", "bilateral", frozenset({"mla"}),
               frozenset(), ("AA", "CC"), D("2020-01-01"), D("2030-01-01"), SRC),
]
STATES = ("AA", "BB", "CC", "DD", "EE", "FF", "GG", "HH", "JJ", "KK")


def fact(state, instrument, name, value, as_of="2024-05-04"):
    return Fact(state, instrument, name, value, SRC, D(as_of))


def party(state, instrument="UNTOC", consent="ratification 2004-01-01"):
    return fact(state, instrument, "consent", consent)


BASE_FACTS = [
    *(party(s) for s in ("AA", "BB", "CC", "DD", "EE", "FF", "GG")),
    party("HH", consent="ratification 2024-06-01"),  # in force for HH on 2024-07-01
    fact("JJ", "UNTOC", "signature", "2000-12-12"),  # signed only
    # KK: nothing recorded at all
    fact("BB", "UNTOC", "extradition_requires_treaty", "yes"),
    fact("BB", "UNTOC", "extradition_basis", "yes"),
    fact("CC", "UNTOC", "extradition_requires_treaty", "yes"),  # 16(5)(a) notification unknown
    fact("DD", "UNTOC", "extradition_requires_treaty", "yes"),
    fact("DD", "UNTOC", "extradition_basis", "no"),
    fact("EE", "UNTOC", "extradition_requires_treaty", "no"),
    fact("FF", "ETS-024", "entry_into_force", "1990-01-01"),
    fact("GG", "ETS-024", "entry_into_force", "1995-01-01"),
    fact("FF", "ETS-030", "entry_into_force", "1990-01-01"),
    fact("GG", "ETS-030", "entry_into_force", "2030-01-01"),
    *(party(s, "UNCAC", "ratification 2006-01-01") for s in ("AA", "BB")),
    fact("BB", "UNCAC", "extradition_requires_treaty", "yes"),
    *(party(s, "VIENNA-1988", "ratification 1995-01-01") for s in ("AA", "CC")),
    *(fact(s, "BUDAPEST", "entry_into_force", "2010-01-01") for s in ("AA", "BB")),
    *(party(s, "UNTOC-TIP", "ratification 2005-01-01") for s in ("AA", "BB")),
    fact("BB", "UNTOC", "central_authority", "Ministry of Justice of BB"),
    fact("BB", "UNTOC", "languages", "en|fr"),
]
BOOK = FactBook.from_facts(INSTRUMENTS, BASE_FACTS, STATES)
TODAY = D("2025-01-01")


def find(requesting, requested, kind="mla", offence="money_laundering", on=TODAY, book=BOOK):
    return engine.evaluate(book, requesting, requested, kind, offence, on)


def candidate(finding, code):
    return next(c for c in finding.candidates if c.instrument.code == code)


def articles(cand):
    return [reason.article for reason in cand.reasons]


def texts(cand):
    return " ".join(reason.message.text for reason in cand.reasons)


# (rule cited, requesting, requested, type, offence, date, instrument, verdict, article expected)
SCENARIOS = [
    ("priority: a bilateral treaty in force covering the type comes first",
     "AA", "BB", "mla", "money_laundering", TODAY, "BI-AA-BB", "available", "BI-AA-BB"),
    ("in force for both at the date: bilateral treaty not yet in force",
     "AA", "CC", "mla", "money_laundering", TODAY, "BI-AA-CC", "unavailable", "BI-AA-CC"),
    ("in force for both at the date: bilateral treaty before its entry into force",
     "AA", "BB", "mla", "money_laundering", D("2010-06-01"), "BI-AA-BB", "unavailable",
     "BI-AA-BB"),
    ("in force for both: regional treaty binding both",
     "FF", "GG", "extradition", "money_laundering", TODAY, "ETS-024", "available", "ETS-024"),
    ("in force for both: regional treaty entering into force for one only in 2030",
     "FF", "GG", "mla", "money_laundering", TODAY, "ETS-030", "unavailable", "ETS-030"),
    ("unknown participation is unknown, never no (regional)",
     "AA", "FF", "extradition", "money_laundering", TODAY, "ETS-024", "unknown", "ETS-024"),
    ("UNTOC not yet in force at the date (art. 38)",
     "AA", "BB", "mla", "money_laundering", D("2002-01-01"), "UNTOC", "unavailable", "UNTOC"),
    ("UNTOC art. 38(2): in force for a State 30 days after its consent (not yet)",
     "AA", "HH", "mla", "money_laundering", D("2024-06-15"), "UNTOC", "unavailable",
     "UNTOC art. 38(2)"),
    ("UNTOC art. 38(2): in force for a State 30 days after its consent (now in force)",
     "AA", "HH", "mla", "money_laundering", D("2024-07-02"), "UNTOC", "available",
     "UNTOC art. 38(2)"),
    ("signature alone: consent not recorded, so unknown",
     "AA", "JJ", "mla", "money_laundering", TODAY, "UNTOC", "unknown", "UNTOC"),
    ("nothing recorded for the requested State: unknown",
     "AA", "KK", "mla", "money_laundering", TODAY, "UNTOC", "unknown", "UNTOC"),
    ("UNTOC art. 16(4), 16(5)(a): treaty required, no treaty, notified the Convention as basis",
     "AA", "BB", "extradition", "money_laundering", TODAY, "UNTOC", "available",
     "UNTOC art. 16(5)(a)"),
    ("UNTOC art. 16(5)(a): treaty required, notification unknown => unknown",
     "AA", "CC", "extradition", "money_laundering", TODAY, "UNTOC", "unknown",
     "UNTOC art. 16(5)(a)"),
    ("UNTOC art. 16(4)-(5): treaty required, notified it does not take the Convention",
     "AA", "DD", "extradition", "money_laundering", TODAY, "UNTOC", "unavailable",
     "UNTOC art. 16(5)(a)"),
    ("UNTOC art. 16(6): no treaty required, Convention offences extraditable",
     "AA", "EE", "extradition", "money_laundering", TODAY, "UNTOC", "available",
     "UNTOC art. 16(6)"),
    ("UNTOC art. 16: nothing known of the requested State's extradition law => unknown",
     "AA", "FF", "extradition", "money_laundering", TODAY, "UNTOC", "unknown",
     "UNTOC art. 16(4)"),
    ("UNTOC art. 16(3): an extradition treaty binds both, offences deemed included",
     "FF", "GG", "extradition", "money_laundering", TODAY, "UNTOC", "available",
     "UNTOC art. 16(3)"),
    ("UNTOC art. 16(1): dual criminality flagged",
     "AA", "EE", "extradition", "money_laundering", TODAY, "UNTOC", "available",
     "UNTOC art. 16(1)"),
    ("UNTOC art. 18(7): no MLA treaty, paragraphs 9-29 apply",
     "AA", "EE", "mla", "money_laundering", TODAY, "UNTOC", "available", "UNTOC art. 18(7)"),
    ("UNTOC art. 18(7): an MLA treaty displaces only 18(9)-(29); 18(1)-(8) still apply",
     "AA", "BB", "mla", "money_laundering", TODAY, "UNTOC", "available", "UNTOC art. 18(7)"),
    ("UNTOC art. 13: confiscation rests on art. 18 and the content of art. 13(3)",
     "AA", "EE", "confiscation", "money_laundering", TODAY, "UNTOC", "available",
     "UNTOC art. 13(3)"),
    ("UNTOC art. 21: transfer of proceedings depends on the requested State",
     "AA", "EE", "transfer_of_proceedings", "money_laundering", TODAY, "UNTOC", "conditional",
     "UNTOC art. 21"),
    ("UNTOC art. 19: joint investigations by agreement case by case",
     "AA", "EE", "joint_investigation", "money_laundering", TODAY, "UNTOC", "conditional",
     "UNTOC art. 19"),
    ("UNTOC art. 27(2): the Parties may consider the Convention as the basis",
     "AA", "EE", "law_enforcement", "money_laundering", TODAY, "UNTOC", "conditional",
     "UNTOC art. 27(2)"),
    ("UNTOC scope: no basis for transfer of sentenced persons (art. 17 only invites treaties)",
     "AA", "EE", "transfer_of_sentenced_persons", "money_laundering", TODAY, "UNTOC",
     "unavailable", "UNTOC"),
    ("UNCAC art. 44(6)(a): treaty required and notification unknown => unknown",
     "AA", "BB", "extradition", "corruption", TODAY, "UNCAC", "unknown", "UNCAC art. 44(6)(a)"),
    ("UNCAC scope: not a UNCAC offence",
     "AA", "BB", "mla", "drug_trafficking", TODAY, "UNCAC", "unavailable", "UNCAC"),
    ("UNCAC art. 46(7): an MLA treaty binds them: 46(1)-(8) still apply",
     "AA", "BB", "mla", "corruption", TODAY, "UNCAC", "available", "UNCAC art. 46(7)"),
    ("1988 Convention art. 6(3): may be the basis without notification",
     "AA", "CC", "extradition", "drug_trafficking", TODAY, "VIENNA-1988", "conditional",
     "VIENNA-1988 art. 6(3)"),
    ("Budapest Convention art. 24(3): cybercrime, may be the basis without notification",
     "AA", "BB", "extradition", "cybercrime", TODAY, "BUDAPEST", "conditional",
     "BUDAPEST art. 24(3)"),
    ("Budapest Convention art. 25(1): electronic evidence of any offence",
     "AA", "BB", "mla", "corruption", TODAY, "BUDAPEST", "available", "BUDAPEST art. 25(1)"),
    ("Budapest Convention: not an electronic-evidence request for extradition",
     "AA", "BB", "extradition", "corruption", TODAY, "BUDAPEST", "unavailable", "BUDAPEST"),
    ("Protocols art. 1(2): the TIP Protocol with the Convention's art. 16",
     "AA", "BB", "extradition", "trafficking_in_persons", TODAY, "UNTOC-TIP", "available",
     "UNTOC-TIP art. 1(2)"),
    ("reciprocity always remains, conditional on the requested State's law",
     "AA", "KK", "mla", "money_laundering", TODAY, "reciprocity", "conditional", "reciprocity"),
    ("domestic law always remains, conditional on the requested State's law",
     "AA", "KK", "extradition", "money_laundering", TODAY, "domestic_law", "conditional",
     "domestic_law"),
]


@pytest.mark.parametrize(("rule", "requesting", "requested", "kind", "offence", "on", "code",
                          "verdict", "article"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_rule(rule, requesting, requested, kind, offence, on, code, verdict, article):
    found = candidate(find(requesting, requested, kind, offence, on), code)
    assert found.verdict == verdict, (rule, [(r.article, r.message.text) for r in found.reasons])
    assert article in articles(found), (rule, articles(found))


def test_bilateral_first_and_recommended():
    """Priority: bilateral, then regional, then UN conventions, then reciprocity/domestic law."""
    finding = find("AA", "BB", "mla")
    codes = [c.instrument.code for c in finding.candidates]
    assert codes[0] == "BI-AA-BB"
    assert codes.index("ETS-030") < codes.index("UNTOC") < codes.index("reciprocity")
    assert codes[-2:] == ["reciprocity", "domestic_law"]
    assert finding.recommended.code == "BI-AA-BB"


def test_regional_recommended_before_un_conventions():
    finding = find("FF", "GG", "extradition")
    assert finding.recommended.code == "ETS-024"


def test_offence_specific_convention_before_untoc():
    codes = [c.instrument.code for c in find("AA", "BB", "extradition", "corruption").candidates]
    assert codes.index("UNCAC") < codes.index("UNTOC")


def test_dual_criminality_is_flagged_for_every_extradition_candidate():
    finding = find("AA", "KK", "extradition")
    for cand in finding.candidates:
        if cand.verdict == "unavailable" and cand.instrument.kind == "multilateral":
            continue  # out of scope: no request under it
        assert engine.DUAL_CRIMINALITY in cand.confirm, cand.instrument.code


def test_untoc_scope_conditions_to_confirm():
    """UNTOC art. 3: a Convention offence must be transnational and involve an OCG; other
    offences must also be serious crime."""
    convention = candidate(find("AA", "EE", "confiscation", "money_laundering"), "UNTOC")
    assert engine.TRANSNATIONAL in convention.confirm
    assert engine.ORGANISED_GROUP in convention.confirm
    assert engine.SERIOUS_CRIME not in convention.confirm
    other = candidate(find("AA", "EE", "mla", "other_serious_crime"), "UNTOC")
    assert engine.SERIOUS_CRIME in other.confirm
    assert "UNTOC art. 3(1)(b)" in articles(other)


def test_reasons_cite_the_facts_with_source_and_as_of():
    found = candidate(find("AA", "BB", "extradition"), "UNTOC")
    notification = next(r for r in found.reasons if r.article == "UNTOC art. 16(5)(a)")
    assert [(f.state, f.fact, f.value) for f in notification.facts] == [
        ("BB", "extradition_requires_treaty", "yes"), ("BB", "extradition_basis", "yes")]
    assert all(f.source == SRC and f.as_of for f in notification.facts)


def test_unknown_is_never_no():
    """Nothing known about KK: no UN candidate is 'unavailable' for want of facts."""
    finding = find("AA", "KK", "extradition")
    untoc = candidate(finding, "UNTOC")
    assert untoc.verdict == "unknown"
    assert "not known" in texts(untoc)


def test_mla_with_treaty_of_unknown_status():
    """UNTOC art. 18(7): whether an MLA treaty binds them is unknown: 18(9)-(29) by default."""
    finding = find("AA", "FF", "mla")
    assert candidate(finding, "ETS-030").verdict == "unknown"
    untoc = candidate(finding, "UNTOC")
    assert untoc.verdict == "available"
    assert "whether one does is not known" in texts(untoc)


def test_confiscation_content_to_confirm():
    untoc = candidate(find("AA", "EE", "confiscation"), "UNTOC")
    assert any("legally admissible copy" in m.text for m in untoc.confirm)


def test_all_unknown_recommends_reciprocity():
    finding = find("JJ", "KK", "mla", "other_serious_crime")
    assert finding.recommended.code == "reciprocity"


def test_practical_facts_from_notifications():
    found = engine.practical(BOOK, "BB")
    assert found["central_authority"].value == "Ministry of Justice of BB"
    assert found["languages"].value == "en|fr"
    assert engine.practical(BOOK, "KK") == {"central_authority": None, "languages": None}


@pytest.mark.parametrize(("args", "message"), [
    (("AA", "ZZ", "mla", "corruption"), "Unknown State"),
    (("AA", "AA", "mla", "corruption"), "must differ"),
    (("AA", "BB", "rendition", "corruption"), "Unknown cooperation type"),
    (("AA", "BB", "mla", "jaywalking"), "Unknown offence"),
])
def test_bad_input_is_a_clear_value_error(args, message):
    with pytest.raises(ValueError, match=message):
        engine.evaluate(BOOK, *args, TODAY)


def test_engine_has_no_django_import():
    source = Path(engine.__file__).read_text()
    assert "django" not in source


def test_constants_are_the_contract():
    assert engine.COOPERATION_TYPES == (
        "mla", "extradition", "confiscation", "transfer_of_proceedings",
        "transfer_of_sentenced_persons", "joint_investigation", "law_enforcement")
    assert engine.OFFENCE_CATEGORIES == (
        "participation_in_ocg", "money_laundering", "corruption", "obstruction_of_justice",
        "trafficking_in_persons", "smuggling_of_migrants", "firearms_trafficking",
        "drug_trafficking", "cybercrime", "other_serious_crime")
    assert (*engine.OFFENCE_CATEGORIES, "bribery", "other_corruption") == engine.FINDER_OFFENCES


def test_one_engine_gives_the_same_answer_as_a_fresh_one():
    """The per-State caches must not leak one pair's answer into another's."""
    shared = engine.Engine(BOOK, TODAY)
    for requesting in STATES:
        for requested in STATES:
            if requesting == requested:
                continue
            for kind in ("mla", "extradition"):
                cached = shared.evaluate(requesting, requested, kind, "money_laundering")
                fresh = find(requesting, requested, kind)
                assert [(c.instrument.code, c.verdict, c.reasons) for c in cached.candidates] == [
                    (c.instrument.code, c.verdict, c.reasons) for c in fresh.candidates]
