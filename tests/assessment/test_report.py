"""The gap report: page with a chart per chapter, needs, comparison; DOCX and PDF in the
State's language (English, French, Arabic checked here); the secretariat's overview and CSV."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from docx import Document as read_docx
from pypdf import PdfReader

from rogatory.assessment import overview, services
from rogatory.library.models import Item
from tests.assessment.conftest import answer
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(actors, assessment_a):
    law = Item.objects.create(kind="legislation", title="Organized Crime Act (test)",
                              state_id="NL", language="en")
    answer(assessment_a, actors.focal_a, "5.1", value="no", comment="Bill before parliament",
           evidence_items=[law.pk], evidence_urls="https://example.org/bill")
    answer(assessment_a, actors.focal_a, "5.2", value="four")
    answer(assessment_a, actors.focal_a, "29.1", value="partly")
    answer(assessment_a, actors.focal_a, "29.2", number=12)
    return assessment_a


def docx_text(content: bytes) -> str:
    doc = read_docx(io.BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_report_page_has_statuses_needs_evidence_and_charts(actors, filled):
    html = client_for(actors.focal_a).get(f"/assessment/{filled.pk}/report/").content.decode()
    assert html.count('<img class="chart" src="data:image/svg+xml;base64,') == 2
    assert "Technical-assistance needs" in html
    assert "Organized Crime Act (test)" in html and "https://example.org/bill" in html
    assert "Bill before parliament" in html
    assert "There is no earlier submitted assessment to compare with." in html
    # 5.1 not implemented on a mandatory provision: high priority; 29.1 optional partly: low.
    needs = html[html.index('id="needs"'):html.index("</table>", html.index('id="needs"'))]
    assert needs.index("High") < needs.index("5.1") < needs.index("Low")
    assert "29.1" in needs and "5.2" not in needs


def test_docx_in_english_and_french(actors, filled):
    client = client_for(actors.focal_a)
    english = docx_text(client.get(f"/assessment/{filled.pk}/report.docx").content)
    assert "Needs assessment: gap report" in english
    assert "Is participation criminalized?" in english and "Not implemented" in english
    assert "Bill before parliament" in english
    assert "Organized Crime Act (test) (http://testserver/library/items/" in english
    response = client.get(f"/assessment/{filled.pk}/report.docx?language=fr")
    assert response["Content-Disposition"].endswith('-fr.docx"')
    french = docx_text(response.content)
    assert "Évaluation des besoins : rapport sur les lacunes" in french
    assert "La participation est-elle incriminée ?" in french
    assert "Non mis en œuvre" in french and "Besoins d'assistance technique" in french
    assert "Is participation criminalized?" not in french
    # A text without a French version falls back to English.
    assert "Four years" in french


def test_pdf_in_the_states_language_arabic(actors, filled):
    services.set_language(filled, filled.version, "ar")
    response = client_for(actors.focal_a).get(f"/assessment/{filled.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "هولندا" in text  # the State's name in Arabic, from CLDR
    assert "الاحتياجات من المساعدة التقنية" in text
    assert "المشاركة" in text  # the chapter's Arabic title


def test_pdf_in_english_lists_needs_and_comparison(actors, filled):
    submitted = services.submit(filled, actors.focal_a, filled.version)
    reopened = services.reopen(submitted, actors.focal_a)
    answer(reopened, actors.focal_a, "5.1", value="yes")
    text = pdf_text(client_for(actors.focal_a).get(
        f"/assessment/{reopened.pk}/report.pdf?language=en").content)
    assert "Status by article" in text and "Improved" in text
    assert "Compared with the assessment submitted on" in text
    assert "IN PROGRESS" in text


def test_unknown_report_language_is_404(actors, filled):
    assert client_for(actors.focal_a).get(
        f"/assessment/{filled.pk}/report.pdf?language=xx").status_code == 404


def test_report_command(actors, filled, tmp_path):
    out = tmp_path / "report.docx"
    call_command("assessment", "report", str(filled.pk), "--format", "docx", "--language",
                 "fr", "-o", str(out), stdout=StringIO())
    assert "Besoins d'assistance technique" in docx_text(out.read_bytes())


def test_overview_aggregates_needs_across_states(actors, filled, assessment_b):
    services.submit(filled, actors.focal_a, filled.version)
    answer(assessment_b, actors.focal_b, "5.1", value="partly")
    answer(assessment_b, actors.focal_b, "29.2", number=80)
    services.submit(assessment_b, actors.focal_b, assessment_b.version)
    rows = overview.state_rows()
    assert [row.state.pk for row in rows] == ["FR", "NL"]  # France, Netherlands by name
    needs = {entry.article: entry for entry in overview.aggregated_needs(rows)}
    assert needs["5"].total == 2 and needs["5"].by_priority == {"high": 1, "medium": 1}
    assert needs["29"].by_priority == {"medium": 1}  # NL: 29.2 partly (12 of 50)
    html = client_for(actors.secretariat).get("/assessment/overview/").content.decode()
    assert "France" in html and "Netherlands" in html and 'class="chart"' in html
    csv = client_for(actors.secretariat).get("/assessment/overview/needs.csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "article,states_with_needs,high,medium,low,states"
    assert lines[1] == "5,2,1,1,0,FR NL"


def test_overview_ignores_drafts(actors, filled):
    rows = overview.state_rows()
    assert rows[0].latest_submitted is None and overview.aggregated_needs(rows) == []
