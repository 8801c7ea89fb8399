"""The documents: DOCX (python-docx) and PDF (pypdf text) in the six UN languages hold the
content, the fixed text in the document's language and the drafter's text as written."""

import io
import unicodedata

import pytest
from django.utils import translation
from docx import Document as read_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from rogatory.core import documents as core
from rogatory.states.models import State
from rogatory.writer import document, rules
from tests.writer.conftest import example, route_result

pytestmark = pytest.mark.django_db

# The request's title and the requested State (France) in each language: the fixed text is
# translated, the State named from CLDR (the UN formal name when UNTERM names are loaded).
EXPECTED = {
    "en": ("Request for mutual legal assistance", "France", "Legal basis"),
    "fr": ("Demande d'entraide judiciaire", "France", "Base légale"),
    "es": ("Solicitud de asistencia judicial recíproca", "Francia", "Base jurídica"),
    "ru": ("Просьба о взаимной правовой помощи", "Франция", "Правовое основание"),
    "ar": ("طلب المساعدة القانونية المتبادلة", "فرنسا", "الأساس القانوني"),
    "zh-hans": ("刑事司法协助请求书", "法国", "法律依据"),
}
FACTS = example("mla-e-evidence")["case"]["facts"]


def build(language, name="mla-e-evidence", **kwargs):
    return document.build(example(name), rules.Context(route=route_result()), language, **kwargs)


def docx_text(data: bytes) -> tuple[str, object]:
    parsed = read_docx(io.BytesIO(data))
    parts = [p.text for p in parsed.paragraphs]
    for table in parsed.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts), parsed


def pdf_text(data: bytes) -> tuple[list[str], PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in reader.pages], reader


@pytest.mark.parametrize("language", list(EXPECTED))
def test_docx_in_each_language(language):
    title, _short_name, _heading = EXPECTED[language]
    state = State.objects.get(alpha2="FR").formal_name(language)  # UNTERM when loaded
    with translation.override(language):
        heading = translation.gettext("Legal basis")  # one term across every catalogue
    text, parsed = docx_text(document.render(build(language), "docx"))
    assert title in text and state in text and heading in text
    assert FACTS in text  # the drafter's own text stays as written
    assert "NL-EX-2026-001" in parsed.sections[0].header.paragraphs[0].text
    footer_xml = parsed.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    annexes = parsed.tables[-1]
    assert annexes.rows[1].cells[1].text == "Text of the provisions cited"
    if language != "en":
        assert "Request for mutual legal assistance" not in text


def test_docx_arabic_is_right_to_left_and_chinese_has_an_east_asian_font():
    _text, parsed = docx_text(document.render(build("ar"), "docx"))
    title = next(p for p in parsed.paragraphs if p.text == EXPECTED["ar"][0])
    assert title._p.pPr.find(qn("w:bidi")) is not None
    facts = next(p for p in parsed.paragraphs if p.text == FACTS)
    assert facts._p.pPr is None or facts._p.pPr.find(qn("w:bidi")) is None  # English stays LTR
    assert parsed.tables[0]._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    _text, parsed = docx_text(document.render(build("zh-hans"), "docx"))
    for rpr in (parsed.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
                .find(qn("w:rPr")), parsed.styles["Title"].element.rPr):
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "Noto Sans CJK SC"
        assert fonts.get(qn("w:cs")) == "Noto Naskh Arabic"
        assert fonts.get(qn("w:eastAsiaTheme")) is None


@pytest.mark.parametrize("language", list(EXPECTED))
def test_pdf_in_each_language(language):
    title, _short_name, _heading = EXPECTED[language]
    state = State.objects.get(alpha2="FR").formal_name(language)  # UNTERM when loaded
    with translation.override(language):
        heading = translation.gettext("Legal basis")  # one term across every catalogue
    pages, reader = pdf_text(document.render(build(language), "pdf"))
    text = "\n".join(pages)
    assert title in text and state in text and heading in text
    # the annexes table has a fixed layout (security.md, session 4): its cells wrap in the text
    assert "Text of the provisions cited" in " ".join(text.split())
    assert all("NL-EX-2026-001" in page for page in pages)  # the reference on every page
    assert len(reader.pages) >= 2
    fonts = {str(font) for page in reader.pages
             for font in (page["/Resources"].get("/Font") or {}).values()
             for font in [font.get_object()["/BaseFont"]]}
    wanted = {"ar": "Naskh", "zh-hans": "CJK"}.get(language, "Noto-Sans")
    assert any(wanted in font for font in fonts), fonts


def test_pdf_numbers_pages_in_the_document_language():
    pages, _reader = pdf_text(document.render(build("fr"), "pdf"))
    assert f"Page 1 sur {len(pages)}" in pages[0]
    pages, _reader = pdf_text(document.render(build("ru"), "pdf"))
    assert f"Страница {len(pages)} из {len(pages)}" in pages[-1]


def test_pdf_html_is_right_to_left_for_arabic_only():
    assert 'dir="rtl"' in core.render_html(build("ar"))
    assert 'dir="ltr"' in core.render_html(build("ar"))  # the English facts keep their direction
    assert 'dir="rtl"' not in core.render_html(build("fr"))
    assert '<html lang="zh-hans" dir="ltr">' in core.render_html(build("zh-hans"))


def test_every_assistance_item_is_printed_with_its_fields():
    spec = example("mla-controlled-delivery")
    text, _parsed = docx_text(document.render(document.build(spec, rules.Context(), "en"),
                                              "docx"))
    assert "Controlled delivery (art. 20)" in text
    assert spec["assistance"][0]["route"] in text


def test_extradition_document():
    text, _parsed = docx_text(document.render(build("es", "extradition"), "docx"))
    assert "Solicitud de extradición" in text and "Persona reclamada" in text
    assert "Alex Example (fictional)" in text


def test_jit_agreement_is_its_own_document():
    spec = example("mla-jit")
    doc = document.build_jit(spec, rules.Context(), "fr", 0)
    text, parsed = docx_text(document.render(doc, "docx"))
    assert "Accord relatif à la création d'une équipe commune d'enquête" in text
    assert "Parquet national financier of France" in text
    assert len(parsed.tables[0].rows) == 3  # header + one signature line per party
    with pytest.raises(ValueError):
        document.build_jit(example("mla-evidence"), rules.Context(), "fr", 0)


def test_draft_mark_in_the_header():
    pages, _reader = pdf_text(document.render(build("en", watermark=document.DRAFT_MARK),
                                              "pdf"))
    assert "DRAFT - INCOMPLETE" in pages[0]


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        document.render(build("en"), "odt")


def test_core_document_model_renders_lists_and_escapes_markup():
    doc = core.Document(title="<b>T</b>", reference="R-1", sections=[
        core.Section("S", [core.ItemList(["one", "two"], ordered=True),
                           core.Paragraph("a & b", bold=True)])])
    html = core.render_html(doc)
    assert "&lt;b&gt;T&lt;/b&gt;" in html and "<ol><li>one</li>" in html
    text, _parsed = docx_text(core.render_docx(doc))
    assert "one" in text and "a & b" in text


def test_page_words_go_to_escaped_attributes_and_the_stylesheet_is_constant():
    doc = core.Document(title="t", reference='R "1" </style>',
                        page_template='<b>Page</b> {page} "of" {pages}.')
    html = core.render_html(doc)
    assert 'data-header="R &quot;1&quot; &lt;/style&gt;"' in html
    assert 'data-page-before="&lt;b&gt;Page&lt;/b&gt; "' in html
    assert 'data-page-between=" &quot;of&quot; "' in html and 'data-page-after="."' in html
    assert "<style" not in html
    # Another shape (no total, or the total first) falls back to "n / N".
    for template in ("p. {page}", "{pages}: {page}"):
        html = core.render_html(core.Document(title="t", page_template=template))
        assert 'data-page-before="" data-page-between=" / " data-page-after=""' in html
