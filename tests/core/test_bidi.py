"""Mixed direction in right-to-left documents (issue #17): a left-to-right run inside Arabic
text — a phone number, a reference, an IBAN, an article citation — reads whole, in its own
order, in the PDF and in the DOCX. `bidi_runs` finds the runs; the PDF isolates them with
FSI ... PDI, the DOCX gives each its own run without w:rtl, between left-to-right marks."""

import io
import re
import zipfile

import pypdf
import pytest

from rogatory.core import documents as core
from rogatory.core.documents import FSI, LRM, PDI, Document, Paragraph, Section, bidi_runs

PHONE = "+31 10 555 0101"
IBAN = "NL91 ABNA 0417 1643 00"
CITATION = "art. 18(3)(f)"


def arabic() -> Document:
    doc = Document(title="طلب مساعدة قانونية", language="ar", reference="NL-2026-7")
    doc.sections = [Section(f"3.1 أخذ الأدلة ({CITATION})", [
        Paragraph(f"الهاتف: {PHONE}"),
        Paragraph(f"رقم الحساب {IBAN} لدى المصرف."),
        Paragraph(f"تطلب السلطة الطالبة ذلك ({CITATION} من الاتفاقية)."),
    ])]
    return doc


@pytest.mark.parametrize(("text", "ltr"), [
    (f"الهاتف: {PHONE}", [PHONE]),
    (f"تطلب ({CITATION} من الاتفاقية).", [CITATION]),
    (f"3.1 أخذ الأدلة ({CITATION})", ["3.1", CITATION]),
    ("(art. 18(20)) ذلك", ["art. 18(20)"]),
    ("Public Prosecution Service, Rotterdam (demo)، هولندا",
     ["Public Prosecution Service, Rotterdam (demo)"]),
    ("لا شيء هنا", []),
    ("مدة التقادم: It runs until 2045.", ["It runs until 2045."]),
    ("تطلب ذلك (art. 16).", ["art. 16"]),
    ("Rotterdam، 2 مارس 2026", ["Rotterdam", "2", "2026"]),
    ("سبب ضرورة الحفظ (Budapest art. 29(2)(e)): The logs are kept briefly.",
     ["Budapest art. 29(2)(e)", "The logs are kept briefly."]),
])
def test_left_to_right_runs_are_found_whole(text, ltr):
    runs = bidi_runs(text)
    assert "".join(piece for piece, _ltr in runs) == text
    assert [piece for piece, is_ltr in runs if is_ltr] == ltr


def test_pdf_isolates_each_run_and_reads_in_order():
    html = core.render_html(arabic())
    for run in (PHONE, IBAN, CITATION):
        assert f"{FSI}{LRM}{run}{LRM}{PDI}" in html
    pdf = pypdf.PdfReader(io.BytesIO(core.render_pdf(arabic())))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert PHONE in text and IBAN in text
    # The PDF's text layer maps a parenthesis glyph to one character whichever way it is
    # drawn: compare the citation with its brackets made alike.
    assert re.sub(r"[()]", "|", CITATION) in re.sub(r"[()]", "|", text)


def test_a_wrapped_run_keeps_its_stop_at_its_end():
    """Pango loses an isolate on the lines after a wrap: the marks inside keep the stop of a
    long English value after an Arabic label at the run's end, not at the line's left."""
    value = ("Extradition: the arrest warrant or judgment, the text of the provisions applied "
             "and of the limitation rules, the description and photograph of the person (demo).")
    doc = Document(title="طلب", language="ar")
    doc.sections = [Section("المستندات", [Paragraph(f"المستندات التي تطلبها الدولة: {value}")])]
    pdf = pypdf.PdfReader(io.BytesIO(core.render_pdf(doc)))
    lines = [line.strip() for line in pdf.pages[0].extract_text().splitlines()]
    assert any(line.endswith("photograph of the person (demo).") for line in lines), lines
    assert not any(line.startswith(".") for line in lines), lines


def test_docx_gives_each_run_its_own_left_to_right_run():
    with zipfile.ZipFile(io.BytesIO(core.render_docx(arabic()))) as docx:
        xml = docx.read("word/document.xml").decode()
    for run in (PHONE, IBAN, CITATION):
        match = re.search(rf"<w:r>(?:(?!</w:r>).)*?<w:t[^>]*>{LRM}{re.escape(run)}{LRM}</w:t>",
                          xml)
        assert match, run
        assert "<w:rtl/>" not in match.group(0)
    assert "<w:rtl/>" in xml  # the Arabic runs stay right to left


def test_left_to_right_documents_are_untouched():
    doc = arabic()
    doc.language = "fr"
    assert FSI not in core.render_html(doc)
    with zipfile.ZipFile(io.BytesIO(core.render_docx(doc))) as docx:
        assert LRM not in docx.read("word/document.xml").decode()


@pytest.mark.parametrize(("text", "direction"), [
    ("Rotterdam، 2 مارس 2026", "rtl"),  # a line of the Arabic document
    ("The person may flee.", "ltr"),  # the drafter's English stays left to right
    ("+31 10 555 0101", "rtl"),  # no letter: the document's direction
])
def test_a_paragraph_with_arabic_is_right_to_left(text, direction):
    assert core.text_direction(text, "rtl") == direction
