"""One structured document model, rendered to DOCX (python-docx) and PDF (WeasyPrint).

Apps build a `Document` (sections of headings, paragraphs, tables and lists) in the language
of the document and call `render_docx` or `render_pdf`. Nothing here translates: callers pass
their text already in the document's language, including the page-number template.

Fonts are Debian's Noto packages (fonts-noto-core, fonts-noto-cjk): "Noto Sans" for Latin and
Cyrillic, "Noto Naskh Arabic" for Arabic (right to left), "Noto Sans CJK SC" for Chinese. The PDF's
stylesheet is the constant `print/document.css`, served by `rendering` (the only fetcher).
"""

from __future__ import annotations

import html
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field

# WeasyPrint reports every layout step at INFO: too much for the application log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
LATIN_FONT = "Noto Sans"
ARABIC_FONTS = ("Noto Naskh Arabic", "Noto Sans Arabic")
CJK_FONT = "Noto Sans CJK SC"
LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "ar": "ar-SA",
                 "zh": "zh-CN"}


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    style: str = "normal"  # "normal", "small", "quote" or "signature"


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    caption: str = ""


@dataclass
class ItemList:
    items: list[str]
    ordered: bool = False


Block = Paragraph | Table | ItemList


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 1
    subsections: list[Section] = field(default_factory=list)

    def add(self, block: Block) -> Section:
        self.blocks.append(block)
        return self


@dataclass
class Document:
    title: str
    language: str = "en"
    reference: str = ""  # the running header, on every page
    subtitle: str = ""
    preamble: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Block] = field(default_factory=list)
    # "{page}" and "{pages}" are replaced by the page number and the page count.
    page_template: str = "{page} / {pages}"
    watermark: str = ""  # e.g. "DRAFT", shown in the header when set

    @property
    def base_language(self) -> str:
        return self.language.split("-")[0].split("_")[0].lower()

    @property
    def rtl(self) -> bool:
        return self.base_language in RTL_LANGUAGES

    @property
    def header_text(self) -> str:
        return " · ".join(part for part in (self.watermark, self.reference) if part)


def text_direction(text: str, default: str = "ltr") -> str:
    """"rtl" for a paragraph with any right-to-left character (in a right-to-left document a
    line that mixes scripts is a line of that language: "Rotterdam, 2 مارس 2026"), "ltr" for
    one with left-to-right letters only (a drafter's English text), else `default`."""
    kinds = {unicodedata.bidirectional(char) for char in text}
    if kinds & {"R", "AL"}:
        return "rtl"
    return "ltr" if "L" in kinds else default


# Mixed direction. In a right-to-left document every left-to-right run (a Latin name, a
# reference, "+31 10 555 0101", "art. 18(3)(f)", an IBAN) is isolated so that it is laid out
# whole, in its own order, and its brackets are not mirrored onto the Arabic side. The PDF
# wraps it in Unicode isolates (FSI ... PDI, UAX #9) with a left-to-right mark (LRM) inside
# each end: Pango honours the isolate on one line but loses it on the lines after a wrap,
# where the marks keep the run's end (its stop, its bracket) on the right side. The DOCX gives
# the run its own w:r without w:rtl, between LRMs, which every word processor reads.
# `bidi_runs` is the one place that finds these runs.
FSI, PDI, LRM = "\u2068", "\u2069", "\u200e"
STRONG_OR_NUMBER = {"L", "EN", "AN"}
OPENING, CLOSING = "([{", ")]}"


def bidi_runs(text: str) -> list[tuple[str, bool]]:
    """`text` of a right-to-left paragraph cut into (piece, left_to_right) runs: a
    left-to-right run starts at a strong left-to-right character or a European digit (or a
    "+" before one), takes everything up to the next right-to-left character or line break,
    and gives back the spaces and punctuation at its end, except a bracket it closes."""
    runs: list[tuple[str, bool]] = []
    index, start = 0, 0
    while index < len(text):
        if not _starts_ltr(text, index):
            index += 1
            continue
        end = _trim(text, index, _run_end(text, index))
        if start < index:
            runs.append((text[start:index], False))
        runs.append((text[index:end], True))
        index = start = end
    if start < len(text):
        runs.append((text[start:], False))
    return runs


def _run_end(text: str, start: int) -> int:
    """Where a left-to-right run from `start` stops: before a right-to-left character, a line
    break, or a closing bracket it did not open (that bracket closes the Arabic sentence's
    parenthesis: "(Budapest art. 29(2)(e)): The provider ...")."""
    depth = 0
    end = start
    while end < len(text) and not _ends_ltr(text[end]):
        if text[end] in OPENING:
            depth += 1
        elif text[end] in CLOSING:
            if depth == 0:
                break
            depth -= 1
        end += 1
    return end


def _ends_ltr(char: str) -> bool:
    """A right-to-left letter, a line break, or Arabic punctuation (the Arabic comma is a
    common separator by class, but it belongs to the Arabic sentence)."""
    return (unicodedata.bidirectional(char) in ("R", "AL", "B")
            or "\u0600" <= char <= "\u06ff")


def _starts_ltr(text: str, index: int) -> bool:
    kind = unicodedata.bidirectional(text[index])
    return kind in ("L", "EN") or (text[index] == "+" and index + 1 < len(text)
                                   and unicodedata.bidirectional(text[index + 1]) == "EN")


def _trim(text: str, start: int, end: int) -> int:
    """The end of the run once its trailing neutrals are given back (a closing bracket stays
    when the run opened it: "art. 18(3)(f)" keeps its last parenthesis, "(art. 18(20))"
    gives the outer one back to the sentence). A run that ends the paragraph with no bracket
    of the sentence after it keeps its final stop: the drafter's English sentence after an
    Arabic label ends with its own punctuation."""
    full = end
    while end > start:
        char = text[end - 1]
        if unicodedata.bidirectional(char) in STRONG_OR_NUMBER:
            break
        if char in CLOSING:
            piece = text[start:end]
            if piece.count(OPENING[CLOSING.index(char)]) >= piece.count(char):
                break
        end -= 1
    tail = text[end:full]
    if full == len(text) and not any(char in CLOSING for char in tail):
        return end + len(tail.rstrip())
    return end


def walk(sections: list[Section]):
    """Every section, depth first, for renderers."""
    for section in sections:
        yield section
        yield from walk(section.subsections)


# --- DOCX -------------------------------------------------------------------------------------

def render_docx(doc: Document) -> bytes:
    """An editable DOCX: headings, paragraphs, tables, page numbers, reference in the header."""
    from docx import Document as DocxDocument
    from docx.shared import Pt

    out = DocxDocument()
    _docx_styles(out, doc)
    section = out.sections[0]
    _docx_header_footer(section, doc)
    out.core_properties.title = doc.title
    out.core_properties.language = doc.language
    _docx_paragraph(out.add_heading(level=0), doc, doc.title)
    if doc.subtitle:
        _docx_paragraph(out.add_paragraph(), doc, doc.subtitle, italic=True)
    for block in doc.preamble:
        _docx_block(out, doc, block)
    for item in walk(doc.sections):
        _docx_paragraph(out.add_heading(level=min(item.level, 4)), doc, item.title)
        for block in item.blocks:
            _docx_block(out, doc, block)
    for block in doc.closing:
        _docx_block(out, doc, block)
    out.styles["Normal"].font.size = Pt(11)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _set_fonts(rpr, doc: Document) -> None:
    """Name the font of each script slot (Latin, East Asian, complex script) and the proofing
    language in run properties `rpr` (a style's or the document defaults')."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the names below
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), CJK_FONT)
    fonts.set(qn("w:cs"), ARABIC_FONTS[0])
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE_TAGS.get(doc.base_language, "en-GB"))
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def _docx_styles(out, doc: Document) -> None:
    """Fonts and language set once, on the document defaults and the styles used, rather than
    on every run: the file stays small and easy to restyle in a word processor."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = out.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_fonts(rpr, doc)
    for style in out.styles:
        if style.type == 1 and (style.name in ("Normal", "Title", "Subtitle", "Header",
                                               "Footer", "List Bullet", "List Number")
                                or style.name.startswith("Heading")):
            _set_fonts(style.element.get_or_add_rPr(), doc)


def _bidi(paragraph, doc: Document, text: str = "") -> bool:
    """Right to left for an Arabic document's paragraphs, except those written left to right
    (a drafter's text in English keeps its own direction)."""
    from docx.oxml.ns import qn

    if not doc.rtl or text_direction(text, "rtl") == "ltr":
        return False
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:bidi")) is None:
        ppr.append(ppr.makeelement(qn("w:bidi")))  # no XML parsing, unlike OxmlElement
    # `paragraph.alignment = RIGHT` costs more than the rest of the paragraph: set w:jc
    # directly, after w:bidi as the schema orders them.
    jc = ppr.find(qn("w:jc"))
    if jc is None:
        jc = ppr.makeelement(qn("w:jc"))
        ppr.append(jc)
    jc.set(qn("w:val"), "right")
    return True


def _docx_paragraph(paragraph, doc: Document, text: str, bold: bool = False,
                    italic: bool = False):
    from docx.oxml.ns import qn

    rtl = _bidi(paragraph, doc, text)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        for piece, ltr in bidi_runs(line) if rtl else [(line, True)]:
            run = paragraph.add_run(f"{LRM}{piece}{LRM}" if rtl and ltr else piece)
            if bold:
                run.bold = True
            if italic:
                run.italic = True
            if rtl and not ltr:
                rpr = run._r.get_or_add_rPr()
                rpr.append(rpr.makeelement(qn("w:rtl")))
        if index < len(lines) - 1:
            paragraph.add_run().add_break()
    return paragraph


def _docx_block(out, doc: Document, block: Block) -> None:
    from docx.shared import Pt

    if isinstance(block, Paragraph):
        paragraph = _docx_paragraph(out.add_paragraph(), doc, block.text, block.bold,
                                    block.italic or block.style == "quote")
        if block.style == "small":
            for run in paragraph.runs:
                run.font.size = Pt(9)
        if block.style == "signature":
            paragraph.paragraph_format.space_before = Pt(36)
    elif isinstance(block, ItemList):
        style = "List Number" if block.ordered else "List Bullet"
        for item in block.items:
            _docx_paragraph(out.add_paragraph(style=style), doc, item)
    elif isinstance(block, Table):
        _docx_table(out, doc, block)


def _docx_table(out, doc: Document, block: Table) -> None:
    from docx.oxml import OxmlElement

    if block.caption:
        _docx_paragraph(out.add_paragraph(), doc, block.caption, italic=True)
    table = out.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    if doc.rtl:
        table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    header = table.rows[0]
    # Repeat the header row on every page the table spans.
    trpr = header._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, block.columns, strict=True):
        cell.paragraphs[0].text = ""
        _docx_paragraph(cell.paragraphs[0], doc, text, bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _docx_paragraph(cell.paragraphs[0], doc, str(text))


def _docx_field(paragraph, instruction: str, doc: Document) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when shown."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _docx_header_footer(section, doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    header = section.header.paragraphs[0]
    _docx_paragraph(header, doc, doc.header_text)
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    _bidi(footer, doc)
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, value in _page_template_parts(doc.page_template):
        if kind == "text":
            footer.add_run(value)
        else:
            _docx_field(footer, "PAGE" if value == "page" else "NUMPAGES", doc)


def _page_template_parts(template: str) -> list[tuple[str, str]]:
    """Split "Page {page} of {pages}" into text and counter parts."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece in ("{page}", "{pages}"):
            parts.append(("counter", piece[1:-1]))
        elif piece:
            parts.append(("text", piece))
    return parts


# --- PDF --------------------------------------------------------------------------------------

def render_html(doc: Document) -> str:
    """The document as one HTML page (what WeasyPrint renders). Every text is escaped; the
    stylesheet is the bundled constant `print/document.css`, which takes the running header
    and the page-number words from the escaped attributes of <body> (CSS string-set)."""
    from rogatory.core.rendering import DOCUMENT_CSS

    esc = html.escape
    body: list[str] = [f"<h1>{_text(doc.title, doc)}</h1>"]
    if doc.subtitle:
        body.append(f'<p class="subtitle">{_text(doc.subtitle, doc)}</p>')
    body.extend(_html_block(block, doc) for block in doc.preamble)
    for section in walk(doc.sections):
        level = min(section.level + 1, 5)
        body.append(f"<h{level}>{_text(section.title, doc)}</h{level}>")
        body.extend(_html_block(block, doc) for block in section.blocks)
    body.extend(_html_block(block, doc) for block in doc.closing)
    direction = "rtl" if doc.rtl else "ltr"
    before, between, after = _page_words(doc.page_template)
    return (f'<!DOCTYPE html><html lang="{esc(doc.language)}" dir="{direction}"><head>'
            f'<meta charset="utf-8"><title>{esc(doc.title)}</title>'
            f'<link rel="stylesheet" href="{DOCUMENT_CSS}"></head>'
            f'<body data-header="{_text(doc.header_text, doc)}" data-page-before="{esc(before)}"'
            f' data-page-between="{esc(between)}" data-page-after="{esc(after)}">'
            f"{''.join(body)}</body></html>")


def _page_words(template: str) -> tuple[str, str, str]:
    """The words before, between and after the page number and the page count, as the
    stylesheet prints them; a template of another shape falls back to "{page} / {pages}"."""
    parts = _page_template_parts(template)
    counters = [value for kind, value in parts if kind == "counter"]
    if counters != ["page", "pages"]:
        return "", " / ", ""
    words = ["", "", ""]
    slot = 0
    for kind, value in parts:
        if kind == "counter":
            slot += 1
        else:
            words[slot] = value
    return words[0], words[1], words[2]


def _text(text: str, doc: Document) -> str:
    """`text` escaped, its left-to-right runs isolated in a right-to-left paragraph."""
    if not doc.rtl or text_direction(text, "rtl") == "ltr":
        return html.escape(text)
    return "".join(f"{FSI}{LRM}{html.escape(piece)}{LRM}{PDI}" if ltr else html.escape(piece)
                   for piece, ltr in bidi_runs(text))


def _dir(text: str, doc: Document) -> str:
    """A dir attribute for left-to-right text inside a right-to-left document."""
    if doc.rtl and text_direction(text, "rtl") == "ltr":
        return ' dir="ltr"'
    return ""


def _html_block(block: Block, doc: Document) -> str:
    esc = html.escape
    if isinstance(block, Paragraph):
        text = _text(block.text, doc)
        if block.bold:
            text = f"<strong>{text}</strong>"
        if block.italic:
            text = f"<em>{text}</em>"
        return f'<p class="{esc(block.style)}"{_dir(block.text, doc)}>{text}</p>'
    if isinstance(block, ItemList):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li{_dir(item, doc)}>{_text(item, doc)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    head = "".join(f'<th scope="col">{_text(column, doc)}</th>' for column in block.columns)
    rows = "".join("<tr>" + "".join(f"<td{_dir(str(cell), doc)}>{_text(str(cell), doc)}</td>"
                                    for cell in row) + "</tr>"
                   for row in block.rows)
    caption = f"<caption>{esc(block.caption)}</caption>" if block.caption else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def render_pdf(doc: Document) -> bytes:
    """A PDF with the reference in every page's header and "page n of N" in the footer."""
    from rogatory.core.rendering import html_to_pdf  # heavy import: only for a PDF

    return html_to_pdf(render_html(doc))
