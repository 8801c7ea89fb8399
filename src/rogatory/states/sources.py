"""The kind of a source, from its address, as the research NOTES classify the sources
(../shared/reference/*_NOTES.md; states/data/README.md lists the rule). Pure Python."""

import re

DEPOSITARY, OFFICIAL_NATIONAL = "depositary", "official_national"
INTERGOVERNMENTAL, SECONDARY = "intergovernmental", "secondary"

# Address prefixes (host and path) whose kind the NOTES state; the longest match wins.
KNOWN_SOURCES = {
    # The depositaries' own tables, and faithful copies of them (a scrape of the UN tables,
    # copies of the UN status and of Council of Europe notifications).
    "treaties.un.org": DEPOSITARY,
    "github.com/zmjones/untreaties": DEPOSITARY,
    "www.coe.int": DEPOSITARY,
    "conventions.coe.int": DEPOSITARY,
    "www.conventions.coe.int": DEPOSITARY,
    "www.oas.org": DEPOSITARY,
    "zaki.ru": DEPOSITARY,
    "doczz.fr": DEPOSITARY,
    # Organisations' and treaty secretariats' own pages.
    "aseanmlatsec.myopensoft.net": INTERGOVERNMENTAL,
    "www.unodc.org": INTERGOVERNMENTAL,
    "www.refworld.org": INTERGOVERNMENTAL,
    # Official national publications and faithful copies of them.
    "verdragen.nl": OFFICIAL_NATIONAL,
    "treatydatabase.overheid.nl": OFFICIAL_NATIONAL,
    "verdragenbank.overheid.nl": OFFICIAL_NATIONAL,
    "zoek.officielebekendmakingen.nl": OFFICIAL_NATIONAL,
    "360.lexisnexis.at": OFFICIAL_NATIONAL,
    "certexternal-www.360.lexisnexis.at": OFFICIAL_NATIONAL,
    "vlex.at": OFFICIAL_NATIONAL,
    "www.finlex.fi": OFFICIAL_NATIONAL,
    "www.paclii.org": OFFICIAL_NATIONAL,
    "www.austlii.edu.au": OFFICIAL_NATIONAL,
    "www.saflii.org": OFFICIAL_NATIONAL,
    "kenyalaw.org": OFFICIAL_NATIONAL,
    "prawo.pl": OFFICIAL_NATIONAL,
    "prawo.legeo.pl": OFFICIAL_NATIONAL,
    "www.slov-lex.sk": OFFICIAL_NATIONAL,
    "legislatie.just.ro": OFFICIAL_NATIONAL,
    "www.legex.ro": OFFICIAL_NATIONAL,
    "lex.justice.md": OFFICIAL_NATIONAL,
    "adilet.zan.kz": OFFICIAL_NATIONAL,
    "bo.io.gov.mo": OFFICIAL_NATIONAL,
    "docs.dtkt.ua": OFFICIAL_NATIONAL,
    "ts.lica.com.ua": OFFICIAL_NATIONAL,
    "treaties.fcdo.gov.uk": OFFICIAL_NATIONAL,
    "droit-bilingue.ch": OFFICIAL_NATIONAL,
    "www.droit-bilingue.ch": OFFICIAL_NATIONAL,
    "lexaris.de": OFFICIAL_NATIONAL,
    "lexaris.io": OFFICIAL_NATIONAL,
    "lex.bister.li": OFFICIAL_NATIONAL,
    "entscheide.weblaw.ch": OFFICIAL_NATIONAL,
    "lkhlawyer.fabao365.com": OFFICIAL_NATIONAL,
    "docs.cntd.ru": OFFICIAL_NATIONAL,
    "www.legimonaco.mc": OFFICIAL_NATIONAL,
    "staatsbibliothek.ewigerbund.org": OFFICIAL_NATIONAL,
    "senat.fr.": OFFICIAL_NATIONAL,
    "www.senat.fr": OFFICIAL_NATIONAL,
    "www.mofa.go.jp": OFFICIAL_NATIONAL,
    "mfa.go.th": OFFICIAL_NATIONAL,
    "www.mfa.gov.bt": OFFICIAL_NATIONAL,
    "www.canada.ca": OFFICIAL_NATIONAL,
    "laws-lois.justice.gc.ca": OFFICIAL_NATIONAL,
    "www.legislation.govt.nz": OFFICIAL_NATIONAL,
    "www.irishstatutebook.ie": OFFICIAL_NATIONAL,
    "sso.agc.gov.sg": OFFICIAL_NATIONAL,
    "elaw.klri.re.kr": OFFICIAL_NATIONAL,
    "hakusyo1.moj.go.jp": OFFICIAL_NATIONAL,
    "www.parlament.gv.at": OFFICIAL_NATIONAL,
    "uscode.house.gov": OFFICIAL_NATIONAL,
    "special.kremlin.ru": OFFICIAL_NATIONAL,
    "www.firstpost.com": SECONDARY,
    "www.global-regulation.com": SECONDARY,  # machine translations of official texts
}
# Government hosts not listed above: official national.
GOVERNMENT_HOST = re.compile(r"(^|\.)(gov|gob|gouv|gv|govt|admin|mil)(\.[a-z]{2,3})*$|"
                             r"\.(gov|gob|gouv|gv|govt)\.[a-z]{2}$|^(www\.)?[a-z0-9-]+\.gov$")
ADDRESS = re.compile(r"^[a-z]+://([^/?#]+)([^?#]*)", re.IGNORECASE)


def classify_source(source: str) -> str:
    """The kind of the source at this address; secondary unless it is known to be more."""
    match = ADDRESS.match(source.strip())
    if match is None:
        return SECONDARY
    host, path = match.group(1).lower(), match.group(2)
    address = host + path
    prefix = max((known for known in KNOWN_SOURCES
                  if address == known or address.startswith(known.rstrip("/") + "/")
                  or host == known), key=len, default=None)
    if prefix is not None:
        return KNOWN_SOURCES[prefix]
    return OFFICIAL_NATIONAL if GOVERNMENT_HOST.search(host) else SECONDARY
