"""Akoma Ntoso 3.0 (OASIS LegalDocML): reading act, bill, judgment and doc documents into
ItemData (with defusedxml: no DTD, no entity expansion, no external entities) and writing
any library item out as an Akoma Ntoso document."""

from __future__ import annotations

import datetime
from xml.etree import ElementTree as ET  # writes XML only; parsing is defusedxml  # nosec B405

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from rogatory.core.limits import MB
from rogatory.library.parsing import (
    CASE_FIELDS,
    ItemData,
    ProvisionData,
    RecordInvalid,
    content_hash,
)

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
ROG = "https://rogatory.org/ns/library/1"
NS = {"a": AKN}
ET.register_namespace("", AKN)
ET.register_namespace("rog", ROG)
DOC_TYPES = {"act": "legislation", "bill": "legislation", "judgment": "case_law"}
DOC_NAMES = {"treaty": "treaty", "bibliography": "bibliography", "strategy": "strategy",
             "guide": "strategy", "wg_document": "wg_document"}
LANG3 = {"eng": "en", "fra": "fr", "fre": "fr", "spa": "es", "rus": "ru", "ara": "ar",
         "zho": "zh", "chi": "zh"}
LANG3_OUT = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara", "zh": "zho"}
INTERNATIONAL = ("int", "un", "")
# A larger file is refused unread: the longest codes in Akoma Ntoso are a few megabytes.
MAX_BYTES = 50 * MB
PROPRIETARY_FIELDS = ("restricted", "crime_types", "issues", "articles", "symbol", "session",
                      "agenda_items", "source", "category", "authors", *CASE_FIELDS)


def _q(tag: str) -> str:
    return f"{{{AKN}}}{tag}"


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _text_without(element: ET.Element, skip: tuple[str, ...]) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag.rsplit("}", 1)[-1] not in skip:
            parts.append(_text_without(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def _block_text(element: ET.Element | None, skip: tuple[str, ...] = ("num", "heading")) -> str:
    """The text of an element's paragraphs, one per line, leaving out `skip` elements."""
    if element is None:
        return ""
    lines = []
    for child in element.iter():
        if child.tag.rsplit("}", 1)[-1] in ("p", "block", "listIntroduction", "listWrapUp"):
            line = " ".join(_text_without(child, skip).split())
            if line:
                lines.append(line)
    return "\n".join(lines)


def _attr(root: ET.Element, path: str, name: str = "value") -> str:
    element = root.find(path, NS)
    return (element.get(name) or "").strip() if element is not None else ""


def _provisions(body: ET.Element | None) -> list[ProvisionData]:
    if body is None:
        return []
    units = body.findall(".//a:article", NS)
    if not units:
        units = [s for s in body.findall(".//a:section", NS)]
        inner = {id(x) for s in units for x in s.findall(".//a:section", NS)}
        units = [s for s in units if id(s) not in inner]
    parents = {id(child): parent for parent in body.iter() for child in parent}
    provisions = []
    for unit in units:
        division, parent = [], parents.get(id(unit))
        while parent is not None and parent is not body:
            if parent.tag in (_q("chapter"), _q("part"), _q("title"), _q("subpart")):
                label = " ".join(filter(None, (_text(parent.find("a:num", NS)),
                                               _text(parent.find("a:heading", NS)))))
                division.insert(0, label)
            parent = parents.get(id(parent))
        provisions.append(ProvisionData(
            number=_text(unit.find("a:num", NS)), heading=_text(unit.find("a:heading", NS)),
            text=_block_text(unit), division=" · ".join(filter(None, division))))
    return provisions


def _proprietary(meta: ET.Element) -> dict[str, str]:
    found = {}
    for name in PROPRIETARY_FIELDS:
        element = meta.find(f"a:proprietary/{{{ROG}}}{name}", NS)
        if element is not None:
            found[name] = (element.text or "").strip()
    return found


def _case_fields(document: ET.Element) -> dict[str, str]:
    header = document.find("a:header", NS)
    body = document.find("a:judgmentBody", NS)
    parties = [_text(party) for party in document.iter(_q("party"))]
    return {
        "court": _text(header.find(".//a:courtType", NS)) if header is not None else "",
        "parties": " v. ".join(filter(None, parties)),
        "summary": _block_text(body.find("a:introduction", NS)) if body is not None else "",
        "facts": _block_text(body.find("a:background", NS)) if body is not None else "",
        "outcome": _block_text(body.find("a:decision", NS)) if body is not None else "",
        "text": _block_text(body.find("a:motivation", NS)) if body is not None else "",
    }


def parse(data: bytes) -> ItemData:
    """One Akoma Ntoso document as ItemData; RecordInvalid says why it cannot be read."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except DefusedXmlException as error:
        raise RecordInvalid(f"unsafe XML refused ({type(error).__name__})") from error
    except ET.ParseError as error:
        raise RecordInvalid(f"not well-formed XML ({error})") from error
    try:
        return _item(root, data)
    except RecursionError as error:
        raise RecordInvalid("elements nested too deeply") from error


def _item(root: ET.Element, data: bytes) -> ItemData:
    if root.tag != _q("akomaNtoso"):
        raise RecordInvalid("not an Akoma Ntoso 3.0 document")
    document = next((child for child in root
                     if child.tag in {_q(t) for t in ("act", "bill", "judgment", "doc")}), None)
    if document is None:
        raise RecordInvalid("no act, bill, judgment or doc in the document")
    doc_type = document.tag.rsplit("}", 1)[-1]
    meta = document.find("a:meta", NS)
    if meta is None:
        raise RecordInvalid("no meta block")
    work = "a:identification/a:FRBRWork"
    expression = "a:identification/a:FRBRExpression"
    external_id = _attr(meta, f"{expression}/a:FRBRthis") or _attr(meta, f"{work}/a:FRBRthis")
    if not external_id:
        raise RecordInvalid("no FRBRthis identifier")
    language = LANG3.get(_attr(meta, f"{expression}/a:FRBRlanguage", "language").lower())
    if language is None:
        raise RecordInvalid("unsupported or missing FRBRlanguage")
    country = _attr(meta, f"{work}/a:FRBRcountry").lower()
    title = (_text(document.find(".//a:docTitle", NS))
             or _attr(meta, f"{work}/a:FRBRname") or _attr(meta, f"{work}/a:FRBRalias"))
    if not title:
        raise RecordInvalid("missing title (docTitle or FRBRname)")
    date_value = _attr(meta, f"{work}/a:FRBRdate", "date")
    try:
        date = datetime.date.fromisoformat(date_value[:10]) if date_value else None
    except ValueError as error:
        raise RecordInvalid(f"FRBRdate {date_value!r} is not a date") from error
    extra = _proprietary(meta)
    kind = DOC_TYPES.get(doc_type) or DOC_NAMES.get(document.get("name", ""), "wg_document")
    fields = {name: extra.get(name, "") for name in PROPRIETARY_FIELDS[4:]}
    fields["summary"] = _block_text(document.find("a:preamble", NS)) or _block_text(
        document.find("a:preface", NS), skip=("docTitle",)) if kind != "case_law" else ""
    text = ""
    if doc_type == "judgment":
        case = _case_fields(document)
        text = case.pop("text")
        fields.update({key: value for key, value in case.items() if value})
    body = next((document.find(f"a:{name}", NS) for name in ("body", "mainBody")
                 if document.find(f"a:{name}", NS) is not None), None)
    provisions = _provisions(body)
    if body is not None and not provisions:
        text = text or _block_text(body)
    fields["keywords"] = fields.get("keywords") or ", ".join(
        keyword.get("showAs") or keyword.get("value") or ""
        for keyword in meta.findall("a:classification/a:keyword", NS))
    tags = {name: [v for v in extra.get(name, "").split() if v]
            for name in ("crime_types", "issues", "articles")}
    return ItemData(
        external_id=external_id[:300], title=title[:500], kind=kind, language=language,
        state=None if country in INTERNATIONAL else country.upper(), date=date, text=text,
        restricted=extra.get("restricted") == "true",
        fields={k: v for k, v in fields.items() if k != "restricted"}, tags=tags,
        provisions=provisions, content_hash=content_hash(data.decode("utf-8", "replace")),
    )


# --- export ---------------------------------------------------------------------------------

def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag if tag.startswith("{") else _q(tag), attrs)
    if text:
        element.text = text
    return element


def _paragraphs(parent: ET.Element, text: str, container: str = "content") -> None:
    box = _sub(parent, container) if container else parent
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for line in lines or [""]:
        _sub(box, "p", line)


def _frbr(identification: ET.Element, item, uri: str, lang3: str) -> None:
    date = (item.date or item.updated.date()).isoformat()
    country = (item.state_id or "int").lower()
    for level, suffix in (("FRBRWork", ""), ("FRBRExpression", f"/{lang3}@"),
                          ("FRBRManifestation", f"/{lang3}@.akn")):
        frbr = _sub(identification, level)
        this = item.external_id if (level == "FRBRExpression" and item.external_id) else (
            uri + suffix + "/!main")
        _sub(frbr, "FRBRthis", value=this)
        _sub(frbr, "FRBRuri", value=uri + suffix)
        if level == "FRBRWork":
            _sub(frbr, "FRBRname", value=item.title)
        _sub(frbr, "FRBRdate", date=date, name="Generation" if not item.date else "date")
        _sub(frbr, "FRBRauthor", href="#rogatory")
        if level == "FRBRWork":
            _sub(frbr, "FRBRcountry", value=country)
        if level == "FRBRExpression":
            _sub(frbr, "FRBRlanguage", language=lang3)


def _meta(document: ET.Element, item, uri: str, lang3: str) -> None:
    meta = _sub(document, "meta")
    _frbr(_sub(meta, "identification", source="#rogatory"), item, uri, lang3)
    keywords = [k.strip() for k in item.keywords.split(",") if k.strip()]
    if keywords:
        classification = _sub(meta, "classification", source="#rogatory")
        for keyword in keywords:
            _sub(classification, "keyword", value=keyword, showAs=keyword,
                 dictionary="#rogatory")
    references = _sub(meta, "references", source="#rogatory")
    _sub(references, "TLCOrganization", eId="rogatory", href="/ontology/organization/rogatory",
         showAs="Rogatory")
    proprietary = _sub(meta, "proprietary", source="#rogatory")
    values = {"restricted": "true" if item.restricted else "false",
              "crime_types": " ".join(item.crime_types), "issues": " ".join(item.issues),
              "articles": " ".join(item.articles)}
    for name in PROPRIETARY_FIELDS:
        value = values.get(name, getattr(item, name, ""))
        if value:
            _sub(proprietary, f"{{{ROG}}}{name}", value)


def _body(document: ET.Element, item, container: str) -> None:
    body = _sub(document, container)
    provisions = list(item.provisions.all())
    if not provisions:
        _paragraphs(body, item.text or item.summary or item.title, "")
        return
    chapter, division = body, None
    for provision in provisions:
        if provision.division != division:
            division = provision.division
            chapter = body
            if division:
                chapter = _sub(body, "chapter", eId=f"chp_{provision.order}")
                _sub(chapter, "heading", division)
        unit = _sub(chapter, "article", eId=f"art_{provision.order}")
        if provision.number:
            _sub(unit, "num", provision.number)
        if provision.heading:
            _sub(unit, "heading", provision.heading)
        _paragraphs(unit, provision.text)


def _judgment(document: ET.Element, item) -> None:
    header = _sub(document, "header")
    _sub(_sub(header, "p"), "docTitle", item.title)
    line = _sub(header, "p")
    if item.court:
        _sub(line, "courtType", item.court, refersTo="#court")
    if item.parties:
        _sub(_sub(header, "p"), "party", item.parties, refersTo="#parties", **{"as": "#party"})
    body = _sub(document, "judgmentBody")
    for container, text in (("introduction", item.summary), ("background", item.facts),
                            ("motivation", item.text), ("decision", item.outcome)):
        if text or container == "decision":
            _paragraphs(_sub(body, container), text or "", "")


def export(item) -> bytes:
    """An Akoma Ntoso 3.0 document of `item` (act, judgment, or doc named by its type)."""
    lang3 = LANG3_OUT[item.language]
    root = ET.Element(_q("akomaNtoso"))
    if item.kind == "legislation":
        doc_type, attrs = "act", {"name": "act"}
    elif item.kind == "case_law":
        doc_type, attrs = "judgment", {"name": "judgment"}
    else:
        doc_type, attrs = "doc", {"name": item.kind}
    document = _sub(root, doc_type, **attrs)
    date = item.date.isoformat() if item.date else "nodate"
    uri = f"/akn/{(item.state_id or 'int').lower()}/{doc_type}/{date}/rogatory-{item.pk}"
    _meta(document, item, uri, lang3)
    if item.kind == "case_law":
        _judgment(document, item)
    else:
        _sub(_sub(_sub(document, "preface"), "p"), "docTitle", item.title)
        if item.summary:
            _paragraphs(_sub(document, "preamble"), item.summary, "")
        _body(document, item, "body" if doc_type == "act" else "mainBody")
    ET.indent(root)
    # The prefix map is global to ElementTree and other libraries change it: set ours again.
    ET.register_namespace("", AKN)
    ET.register_namespace("rog", ROG)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
