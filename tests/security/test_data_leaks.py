"""Issue #14, findings 4 and 5: a published assessment must not show what its reader may not
see, in any of its forms (page, API report, API detail, PDF, DOCX). The comparison uses only
an earlier assessment the reader may see; a cited restricted library item is "a restricted
document" for the public, its title and link withheld."""

import io

import pytest
from docx import Document as read_docx
from pypdf import PdfReader

from rogatory.assessment import services
from rogatory.assessment.models import Assessment
from rogatory.library.models import Item
from tests.assessment.conftest import SMALL, answer
from tests.conftest import api_client_for, client_for

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Confidential Witness Protection Decree"


def docx_text(content: bytes) -> str:
    doc = read_docx(io.BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def pdf_text(content: bytes) -> str:
    """The PDF's text with its line breaks as spaces (a cell wraps wherever it must)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(
        io.BytesIO(content)).pages).split())


def every_form(user, assessment: Assessment) -> dict[str, str]:
    """The assessment's report as the user gets it from each way out of the application."""
    client, api = client_for(user), api_client_for(user)
    base = f"/assessment/{assessment.pk}"
    forms = {
        "page": client.get(f"{base}/report/"),
        "detail page": client.get(f"{base}/"),
        "api report": api.get(f"/api/v1/assessments/{assessment.pk}/report/"),
        "api detail": api.get(f"/api/v1/assessments/{assessment.pk}/"),
        "docx": client.get(f"{base}/report.docx?language=en"),
        "pdf": client.get(f"{base}/report.pdf?language=en"),
    }
    assert {name: r.status_code for name, r in forms.items()} == dict.fromkeys(forms, 200)
    texts = {name: r.content.decode() for name, r in forms.items() if name not in ("docx", "pdf")}
    texts["docx"] = docx_text(forms["docx"].content)
    texts["pdf"] = pdf_text(forms["pdf"].content)
    return texts


@pytest.fixture
def published_after_confidential(actors):
    """State A submitted a first assessment (kept confidential), then a second one, published."""
    version = services.load_questionnaire(SMALL)
    first = services.start_assessment(actors.focal_a, version, "en")
    answer(first, actors.focal_a, "5.1", value="no")
    first = services.submit(first, actors.focal_a, first.version)
    second = services.reopen(first, actors.focal_a)
    answer(second, actors.focal_a, "5.1", value="yes")
    second = services.submit(second, actors.focal_a, second.version)
    second = services.set_published(second, second.version, True)
    return first, second


def _compares(texts: dict[str, str]) -> dict[str, bool]:
    return {
        "page": "Compared with the assessment submitted on" in texts["page"],
        "detail page": "Reopened from" in texts["detail page"],
        "api report": '"previous_status":"not"' in texts["api report"].replace(" ", ""),
        "api detail": '"previous_status":"not"' in texts["api detail"].replace(" ", ""),
        "docx": "Compared with the assessment submitted on" in texts["docx"],
        "pdf": "Compared with the assessment submitted on" in texts["pdf"],
    }


@pytest.mark.parametrize("role", ["anonymous", "focal_b", "officer_b"])
def test_unpublished_assessment_does_not_show_through_a_published_one(
        actors, published_after_confidential, role):
    _first, second = published_after_confidential
    texts = every_form(actors.by_name(role), second)
    assert _compares(texts) == dict.fromkeys(texts, False)
    assert "Improved" not in texts["page"] + texts["docx"] + texts["pdf"]
    assert '"previous_assessment":null' in texts["api report"].replace(" ", "")


@pytest.mark.parametrize("role", ["focal_a", "secretariat"])
def test_readers_of_the_earlier_assessment_get_the_comparison(
        actors, published_after_confidential, role):
    _first, second = published_after_confidential
    texts = every_form(actors.by_name(role), second)
    assert _compares(texts) == dict.fromkeys(texts, True)


def test_publishing_the_earlier_one_shows_the_comparison_to_the_public(
        actors, published_after_confidential):
    first, second = published_after_confidential
    services.set_published(first, first.version, True)
    texts = every_form(None, second)
    assert _compares(texts) == dict.fromkeys(texts, True)


@pytest.fixture
def citing_restricted(actors):
    """A published assessment citing a restricted item and a public one."""
    version = services.load_questionnaire(SMALL)
    assessment = services.start_assessment(actors.focal_a, version, "en")
    secret = Item.objects.create(kind="legislation", title=SECRET_TITLE, state_id="NL",
                                 language="en", restricted=True)
    public = Item.objects.create(kind="legislation", title="Public Organized Crime Act",
                                 state_id="NL", language="en")
    answer(assessment, actors.focal_a, "5.1", value="yes",
           evidence_items=[secret.pk, public.pk])
    assessment = services.submit(assessment, actors.focal_a, assessment.version)
    return services.set_published(assessment, assessment.version, True), secret


def test_restricted_evidence_is_withheld_from_the_public(actors, citing_restricted):
    assessment, secret = citing_restricted
    texts = every_form(None, assessment)
    for name, text in texts.items():
        assert SECRET_TITLE not in text, name
        assert f"/library/items/{secret.pk}/" not in text, name
    for name in ("page", "api report", "api detail", "docx", "pdf"):
        assert "Public Organized Crime Act" in texts[name], name
    for name in ("page", "api report", "docx", "pdf"):
        assert "a restricted document" in texts[name], name
    detail = api_client_for(None).get(f"/api/v1/assessments/{assessment.pk}/").json()
    assert [a["evidence_items"] for a in detail["answers"]] == [[
        Item.objects.get(title="Public Organized Crime Act").pk]]


def test_restricted_evidence_placeholder_is_translated(actors, citing_restricted):
    assessment, _secret = citing_restricted
    french = docx_text(client_for(None).get(
        f"/assessment/{assessment.pk}/report.docx?language=fr").content)
    assert "un document à diffusion restreinte" in french and SECRET_TITLE not in french


@pytest.mark.parametrize("role", ["practitioner", "officer_b", "focal_a", "secretariat"])
def test_officials_see_the_restricted_evidence(actors, citing_restricted, role):
    assessment, _secret = citing_restricted
    texts = every_form(actors.by_name(role), assessment)
    for name in ("page", "api report", "api detail", "docx", "pdf"):
        assert SECRET_TITLE in texts[name], name
        assert "a restricted document" not in texts[name], name


# --- finding 7: restricted directory fields do not narrow the public list ---------------------

RESTRICTED_FILTERS = {"language": "fr", "channel": "diplomatic", "stale": "1",
                      "instrument": "UNTOC"}


@pytest.fixture
def two_central_authorities(actors):
    """A: English, between central authorities, verified today. B: French, diplomatic
    channels, never verified (stale), designated under UNTOC."""
    from django.utils import timezone

    from rogatory.directory.models import Authority, Basis, Designation

    Authority.objects.filter(pk=actors.authority_a.pk).update(
        languages=["en"], channels=["central_authority"], last_verified=timezone.localdate())
    Authority.objects.filter(pk=actors.authority_b.pk).update(
        languages=["fr"], channels=["diplomatic"], last_verified=None)
    Designation.objects.create(authority=actors.authority_b, basis=Basis.UNTOC_18_13,
                               instrument="UNTOC")
    return actors.authority_a, actors.authority_b


def _listed(html: str) -> set[str]:
    return {name for name in ("Central Authority A", "Central Authority B") if name in html}


@pytest.mark.parametrize("name", sorted(RESTRICTED_FILTERS))
def test_public_directory_ignores_filters_on_restricted_fields(two_central_authorities, name):
    response = client_for(None).get("/directory/", {name: RESTRICTED_FILTERS[name]})
    assert response.status_code == 200
    html = response.content.decode()
    assert _listed(html) == {"Central Authority A", "Central Authority B"}
    assert f'id="id_{name}"' not in html  # the public form does not offer it


@pytest.mark.parametrize("role", ["practitioner", "officer_a", "focal_b", "secretariat"])
@pytest.mark.parametrize("name", sorted(RESTRICTED_FILTERS))
def test_officials_filter_by_every_field(actors, two_central_authorities, name, role):
    user = actors.by_name(role)
    page = client_for(user).get("/directory/", {name: RESTRICTED_FILTERS[name]})
    assert _listed(page.content.decode()) == {"Central Authority B"}
    api = api_client_for(user).get("/api/v1/authorities/",
                                   {name: RESTRICTED_FILTERS[name]})
    assert [a["name_en"] for a in api.json()["results"]] == ["Central Authority B"]
    csv = client_for(user).get("/directory/export.csv", {name: RESTRICTED_FILTERS[name]})
    assert _listed(csv.content.decode("utf-8-sig")) == {"Central Authority B"}
