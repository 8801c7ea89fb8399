"""Which article of the chosen legal basis each fixed text of a request cites (no Django import).

One map per instrument: a fixed text of the request (the undertaking on the use of evidence,
confidentiality, urgency, ...) cites the article of the basis chosen, and none where the basis
has none. The Protocols to UNTOC cite the Convention's articles, which apply to them mutatis
mutandis (art. 1(2) of each Protocol). Regional and bilateral treaties (ETS 030, a bilateral
MLA treaty, any code this map does not know) cite the articles the drafter gives, or none.
Reciprocity and domestic law cite no Convention article.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a fixed text is about.
SCOPE = "scope"  # why the instrument applies to the request (UNTOC art. 18(1))
USE = "use"  # no other use of the evidence without consent
CONFIDENTIALITY = "confidentiality"
URGENCY = "urgency"
COSTS = "costs"
EXTRADITION = "extradition"
PROVISIONAL_ARREST = "provisional_arrest"
THIRD_PARTIES = "third_parties"  # rights of bona fide third parties in confiscation
PRESERVATION = "preservation"
PRESERVATION_NECESSITY = "preservation_necessity"
PRESERVATION_FOLLOW_UP = "preservation_follow_up"
NETWORK = "network"  # the 24/7 network
# The articles a drafter may give for a treaty this map does not know (legal-basis step).
DRAFTER_GIVEN = (USE, CONFIDENTIALITY, URGENCY)

UNTOC_ARTICLES = {
    SCOPE: "art. 18(1)", USE: "art. 18(19)", CONFIDENTIALITY: "art. 18(20)",
    URGENCY: "art. 18(24)", COSTS: "art. 18(28)", EXTRADITION: "art. 16",
    PROVISIONAL_ARREST: "art. 16(9)", THIRD_PARTIES: "art. 13(8)",
}
UNCAC_ARTICLES = {
    USE: "art. 46(19)", CONFIDENTIALITY: "art. 46(20)", URGENCY: "art. 46(24)",
    COSTS: "art. 46(28)", EXTRADITION: "art. 44", PROVISIONAL_ARREST: "art. 44(10)",
    THIRD_PARTIES: "art. 55(9)",
}
# The 1988 Convention has no paragraph on urgent requests like UNTOC art. 18(24).
VIENNA_1988_ARTICLES = {
    USE: "art. 7(13)", CONFIDENTIALITY: "art. 7(14)", COSTS: "art. 7(19)",
    EXTRADITION: "art. 6", PROVISIONAL_ARREST: "art. 6(8)", THIRD_PARTIES: "art. 5(8)",
}
# Convention on Cybercrime (ETS 185): arts. 25-28 general MLA, 29 preservation, 35 network.
BUDAPEST_ARTICLES = {
    USE: "art. 28(2)(b)", CONFIDENTIALITY: "art. 27(8)", URGENCY: "art. 25(3)",
    EXTRADITION: "art. 24", PRESERVATION: "art. 29", PRESERVATION_NECESSITY: "art. 29(2)(e)",
    PRESERVATION_FOLLOW_UP: "art. 29(2)(f)", NETWORK: "art. 35",
}

# code -> (the instrument whose articles are cited, its articles)
ARTICLES: dict[str, tuple[str, dict[str, str]]] = {
    "UNTOC": ("UNTOC", UNTOC_ARTICLES),
    "UNTOC-TIP": ("UNTOC", UNTOC_ARTICLES),
    "UNTOC-SOM": ("UNTOC", UNTOC_ARTICLES),
    "UNTOC-FIR": ("UNTOC", UNTOC_ARTICLES),
    "UNCAC": ("UNCAC", UNCAC_ARTICLES),
    "VIENNA-1988": ("VIENNA-1988", VIENNA_1988_ARTICLES),
    "BUDAPEST": ("BUDAPEST", BUDAPEST_ARTICLES),
}
NON_TREATY = ("reciprocity", "domestic_law")
# Instruments known to give no obligation to preserve computer data (the finder may offer
# them for a request that includes preservation: the writer refuses the preservation item).
NO_PRESERVATION = ("UNTOC", "UNTOC-TIP", "UNTOC-SOM", "UNTOC-FIR", "UNCAC", "VIENNA-1988")


@dataclass(frozen=True)
class Citation:
    article: str  # "art. 18(19)"
    instrument: str  # the code of the instrument the article belongs to


def cite(code: str | None, purpose: str, given: dict | None = None) -> Citation | None:
    """The article the fixed text about `purpose` cites under the basis `code`, or None.

    `given` is the drafter's legal-basis step: for a treaty the map does not know, the
    articles written in `article_<purpose>` are cited as given."""
    if not code or code in NON_TREATY:
        return None
    if code in ARTICLES:
        owner, articles = ARTICLES[code]
        return Citation(articles[purpose], owner) if purpose in articles else None
    article = str((given or {}).get(f"article_{purpose}") or "").strip()
    return Citation(article, code) if article and purpose in DRAFTER_GIVEN else None


def provides_preservation(code: str | None) -> bool:
    """False for a basis known to give no preservation obligation (UNTOC, its Protocols,
    UNCAC, the 1988 Convention): only Budapest art. 29, its Second Protocol, the UN
    Convention against Cybercrime where in force for both, or domestic law provide it."""
    return code not in NO_PRESERVATION


def type_article(text: str, code: str | None) -> str | None:
    """The article of an assistance type ("Budapest art. 31; UNTOC art. 18(3)(e)", or
    "art. 18(3)(a)" for UNTOC) that belongs to the basis chosen, or None."""
    owner = ARTICLES.get(code or "", ("", {}))[0]
    for part in (part.strip() for part in text.split(";")):
        instrument, _space, article = part.rpartition(" art. ")
        found = ("UNTOC", part) if not instrument else (instrument, f"art. {article}")
        if found[0].upper() == owner:
            return found[1]
    return None
