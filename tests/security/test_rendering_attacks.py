"""Issue #14, critical 1: no text of a rendered object makes the PDF renderer read a file or
fetch a URL, and every such text is printed as typed.

Every text field of every object that becomes a document (request drafts of both kinds with
every assistance type and the joint investigation team agreement, directory entries and
contacts, assessments with their evidence, assets with their stages, claims and sharing
arrangement) is filled with a battery of markup and URL payloads aimed at a real socket
server on 127.0.0.1, then rendered to PDF and DOCX through the pages and the API. Each
document must hold no embedded file and no external relationship, the listener must have
seen no connection, and the payloads must be in the text literally. The fetcher is also
attacked directly. On the code before the fix, the reference payload attached a local file.
"""

import contextlib
import io
import re
import socketserver
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from docx import Document as read_docx
from pypdf import PdfReader
from weasyprint import CSS, HTML

from rogatory.assets import services as asset_services
from rogatory.core import rendering
from rogatory.core.documents import Document, Paragraph, Section, render_docx, render_pdf
from rogatory.directory.models import Contact
from rogatory.library.models import Item
from rogatory.states.models import State
from rogatory.writer import schema
from tests.assessment.conftest import answer, assessment_a, small_data, version  # noqa: F401
from tests.assets.conftest import case_a, frozen_asset, realise  # noqa: F401
from tests.conftest import api_client_for, client_for
from tests.writer.conftest import EXAMPLES, example

pytestmark = pytest.mark.django_db


@dataclass
class Listener:
    """A TCP server on a free loopback port that records every connection made to it."""

    port: int = 0
    hits: list[bytes] = field(default_factory=list)


@pytest.fixture
def listener() -> Iterator[Listener]:
    record = Listener()

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            record.hits.append(self.request.recv(4096))
            self.request.sendall(b"HTTP/1.0 302 Found\r\nLocation: file:///etc/passwd\r\n\r\n")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    record.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield record
    server.shutdown()
    server.server_close()


def payloads(port: int) -> list[str]:
    """Markup and CSS aimed at the file system and at the listener; each fits 200 characters."""
    local = f"http://127.0.0.1:{port}"
    return [
        "</style></title><b>closed</b>",
        "<link rel=attachment href=file:///etc/passwd>",
        f'<link rel="stylesheet" href="{local}/sheet.css">',
        f'@import url("{local}/import.css"); x {{ background: url(file:///etc/hostname) }}',
        f'"; }} @page {{ @top-center {{ content: url({local}/css-string) }} }} p {{ x: "',
        f"<img src={local}/img.png>",
        f"<object data={local}/object></object><iframe src={local}/frame></iframe>",
        f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{local}/svg.png"/></svg>',
        '<img src="data:image/svg+xml;base64,PHN2Zy8+"> <a href="data:text/html,x">data</a>',
        "{page} {pages} %(x)s \\ &amp; &lt;",
    ]


def big(port: int) -> str:
    """100 kB of the payloads, with spaces so that it wraps."""
    battery = " ".join(payloads(port)) + " "
    return (battery * (100_000 // len(battery) + 1))[:100_000]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    doc = read_docx(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    parts += [p.text for section in doc.sections for p in section.header.paragraphs]
    return "\n".join(parts)


def assert_no_embedded_file(content: bytes) -> None:
    reader = PdfReader(io.BytesIO(content))
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            assert annotation.get("/Subtype") != "/FileAttachment"
            assert "/URI" not in (annotation.get("/A") or {})
    assert b"/EmbeddedFile" not in content


def assert_no_external_relationship(content: bytes) -> None:
    """Word fetches a relationship with TargetMode="External" (images, links, templates)."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for name in package.namelist():
            if name.endswith(".rels"):
                assert b'TargetMode="External"' not in package.read(name), name


def assert_rendered_safely(pdf: bytes, docx: bytes, listener: Listener,
                           literal: list[str]) -> None:
    """No file in the PDF, no external part in the DOCX, no connection; every payload and
    every value of `literal` printed as typed (whitespace aside: lines wrap)."""
    assert pdf.startswith(b"%PDF") and docx.startswith(b"PK")
    assert_no_embedded_file(pdf)
    assert_no_external_relationship(docx)
    assert listener.hits == []
    in_pdf, in_docx = squeeze(pdf_text(pdf)), squeeze(docx_text(docx))
    for payload in payloads(listener.port):
        assert squeeze(payload) in in_pdf, payload
        assert squeeze(payload) in in_docx, payload
    for value in literal:
        assert squeeze(value) in in_docx, value[:80]


# --- the document model and the fetcher ------------------------------------------------------

def test_the_issue_attack_attaches_no_file_and_prints_the_reference(listener):
    reference = "</style><link rel=attachment href=file:///etc/passwd>"
    doc = Document(title="t", reference=reference, sections=[
        Section(p, [Paragraph(p)]) for p in payloads(listener.port)])
    pdf = render_pdf(doc)
    assert_rendered_safely(pdf, render_docx(doc), listener, [reference])
    pages = [squeeze(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert all(squeeze(reference) in page for page in pages)  # the running header


def test_every_payload_as_header_footer_and_title(listener):
    for payload in [*payloads(listener.port), big(listener.port)[:5000]]:
        doc = Document(title=payload, reference=payload, subtitle=payload, watermark=payload,
                       page_template=payload + " {page} / {pages}")
        pdf = render_pdf(doc)
        assert_no_embedded_file(pdf)
        assert squeeze(payload)[:2000] in squeeze(pdf_text(pdf))
    assert listener.hits == []


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "FILE:///etc/passwd", "http://127.0.0.1:{port}/x",
    "https://127.0.0.1:{port}/x", "ftp://127.0.0.1:{port}/x", "data:text/css,p%7Bcolor:red%7D",
    "data:image/png;base64,iVBORw0KGgo=", "document.css", "/etc/passwd", "../../settings.py",
    "rogatory-asset:../settings.py", "rogatory-asset:document.css?x", "rogatory-asset:",
    "http://127.0.0.1:{port}/redirect-to-file",
])
def test_the_fetcher_refuses_and_logs_everything_but_bundled_assets(url, listener, caplog):
    url = url.format(port=listener.port)
    with pytest.raises(rendering.RefusedURL):
        rendering.BundledAssetFetcher().fetch(url)
    assert listener.hits == []
    assert "refused to fetch" in caplog.text and url[:40] in caplog.text


@pytest.mark.parametrize("markup", [
    '<link rel="stylesheet" href="file:///etc/passwd">',
    "<style>@import url(http://127.0.0.1:{port}/import.css);</style>",
    '<img src="http://127.0.0.1:{port}/img">', '<a rel="attachment" href="/etc/hostname">x</a>',
    '<svg><image href="http://127.0.0.1:{port}/svg"/></svg>',
    '<img src="data:image/svg+xml;base64,PHN2Zy8+">',
])
def test_raw_markup_that_names_a_url_is_refused(markup, listener, caplog):
    """Markup is never made from user text; if it ever were, nothing is fetched: the refusal
    stops the rendering (WeasyPrint's inline SVG renderer catches it and drops the image)."""
    with contextlib.suppress(rendering.RefusedURL):
        rendering.html_to_pdf(markup.format(port=listener.port))
    assert "refused to fetch" in caplog.text
    assert listener.hits == []


def test_a_stylesheet_through_the_fetcher_is_refused_too(listener):
    with pytest.raises(rendering.RefusedURL):
        sheet = CSS(string=f"@import url(http://127.0.0.1:{listener.port}/x.css);",
                    url_fetcher=rendering.BundledAssetFetcher())
        HTML(string="<p>x</p>", url_fetcher=rendering.BundledAssetFetcher()).write_pdf(
            stylesheets=[sheet])
    assert listener.hits == []


def test_the_bundled_assets_are_served():
    for url, (_package, _name, media_type) in rendering.ASSETS.items():
        response = rendering.BundledAssetFetcher().fetch(url)
        assert response.content_type == media_type and b"@page" in response.read()


# --- every rendered object, filled with the payloads -----------------------------------------

def fill_spec(spec: dict, port: int) -> dict:
    """Every free-text field of every step and assistance item set to the whole battery,
    each tagged with its path; the facts hold 100 kB."""
    battery = " ".join(payloads(port))
    text_kinds = ("text", "textarea", "email", "state")
    filled = {**spec, "title": f"title: {battery}"[:200]}
    for step in schema.steps_for(spec["kind"]):
        key = step.data_key
        if key == "assistance":
            continue
        rows = spec.get(key) if step.repeat else [spec.get(key) or {}]
        rows = [dict(row, **{f.name: f"{key}.{f.name}: {battery}" for f in step.fields
                             if f.kind in text_kinds}) for row in rows or [{}]]
        filled[key] = rows if step.repeat else rows[0]
    filled["assistance"] = [
        dict(item, **{f.name: f"assistance.{item['type']}.{f.name}: {battery}"
                      for f in schema.ASSISTANCE_TYPES[item["type"]].all_fields
                      if f.kind in text_kinds})
        for item in spec.get("assistance", [])]
    filled["case"]["facts"] = big(port)
    return filled


def every_assistance_type() -> list[dict]:
    """One item of each assistance type, taken from the example requests."""
    items: dict[str, dict] = {}
    for path in sorted(EXAMPLES.glob("mla-*.json")):
        for item in example(path.stem).get("assistance", []):
            items.setdefault(item["type"], item)
    return list(items.values())


def test_the_draft_of_the_issue_through_the_api(actors, listener):
    client = api_client_for(actors.officer_a)
    reference = "</style><link rel=attachment href=file:///etc/passwd>"
    created = client.post("/api/v1/requests/", {"title": "t", "kind": "mla",
                                                "requesting": {"reference": reference}},
                          format="json")
    assert created.status_code == 201, created.json()
    url = f"/api/v1/requests/{created.json()['id']}/document/"
    pdf = client.get(url, {"format": "pdf", "draft": 1}).content
    assert_no_embedded_file(pdf)
    assert squeeze(reference) in squeeze(pdf_text(pdf))


@pytest.mark.parametrize("kind", ["mla", "extradition"])
def test_request_drafts_with_every_field_attacked(actors, listener, kind):
    spec = example("mla-jit" if kind == "mla" else "extradition")
    if kind == "mla":
        spec["assistance"] = spec["assistance"] + every_assistance_type()
    spec = fill_spec(spec, listener.port)
    assert {item["type"] for item in spec["assistance"]} >= (
        set(schema.ASSISTANCE_TYPES) if kind == "mla" else set())
    client = api_client_for(actors.officer_a)
    created = client.post("/api/v1/requests/", spec, format="json")
    assert created.status_code == 201, created.json()
    url = f"/api/v1/requests/{created.json()['id']}/document/"
    documents = [{"draft": 1, "language": "en"}]
    if kind == "mla":
        jit = next(i for i, item in enumerate(spec["assistance"]) if item["type"] == "jit")
        documents.append({"draft": 1, "language": "en", "document": "jit", "item": jit})
    for params in documents:
        pdf = client.get(url, {**params, "format": "pdf"})
        docx = client.get(url, {**params, "format": "docx"})
        assert pdf.status_code == docx.status_code == 200
        assert_rendered_safely(pdf.content, docx.content, listener,
                               [spec["requesting"]["reference"]])
    docx = client.get(url, {"draft": 1, "language": "en", "format": "docx"}).content
    text = squeeze(docx_text(docx))
    assert squeeze(spec["case"]["facts"]) in text
    assert squeeze(spec["case"]["subject"]) in text


def test_directory_entries_and_contacts_attacked(actors, listener):
    values = payloads(listener.port)
    authority = actors.authority_a
    long_text = " ".join(values)
    for index, name in enumerate(["name", "name_en", "office_hours", "time_zone", "source",
                                  "phone", "email"]):
        limit = type(authority)._meta.get_field(name).max_length  # PostgreSQL enforces it
        setattr(authority, name, values[index % len(values)][:limit])
    for name in ("postal_address", "urgent_procedure", "requirements_notes", "documentation",
                 "authentication"):
        setattr(authority, name, long_text)
    authority.postal_address = big(listener.port)
    authority.save()
    for index, value in enumerate(values):
        Contact.objects.create(authority=authority, name=value, title=values[-1 - index],
                               email=value[:250], fax=value[:40], phones=[value])
    response = client_for(actors.officer_a).get("/directory/export.pdf?state=NL")
    assert response.status_code == 200
    pdf = response.content
    assert_no_embedded_file(pdf)
    assert listener.hits == []
    text = squeeze(pdf_text(pdf))
    for value in values:
        assert squeeze(value) in text, value


def test_assessment_reports_attacked(actors, listener, assessment_a):  # noqa: F811
    values = payloads(listener.port)
    battery = " ".join(values)
    cited = Item.objects.create(kind="legislation", title=values[1], state_id="NL",
                                language="en")
    evidence = (f"https://example.org/?</style><img/src=http://127.0.0.1:{listener.port}/e>"
                "<link/rel=attachment/href=file:///etc/passwd>")
    answer(assessment_a, actors.focal_a, "5.1", value="no", comment=battery,
           evidence_items=[cited.pk], evidence_urls=evidence)
    answer(assessment_a, actors.focal_a, "29.3", text=big(listener.port))
    answer(assessment_a, actors.focal_a, "29.2", number=3, comment=battery)
    client = client_for(actors.focal_a)
    pdf = client.get(f"/assessment/{assessment_a.pk}/report.pdf?language=en")
    docx = client.get(f"/assessment/{assessment_a.pk}/report.docx?language=en")
    assert pdf.status_code == docx.status_code == 200
    assert_rendered_safely(pdf.content, docx.content, listener,
                           [battery, big(listener.port), evidence])


def test_assets_and_sharing_arrangements_attacked(actors, listener, frozen_asset):  # noqa: F811
    values = payloads(listener.port)
    battery = " ".join(values)
    asset = realise(frozen_asset, actors.officer_a)
    asset_services.add_claim(asset, actors.officer_a, claimant=values[2], kind="victim",
                             basis=battery, amount_claimed=Decimal(5), currency="CHF")
    asset_services.save_arrangement(
        asset, actors.officer_a, legal_basis="case_by_case", holding_state=asset.location_state,
        basis_reference=values[3], notes=big(listener.port),
        costs=[asset_services.CostTerm(values[4], Decimal(10), "CHF")],
        shares=[asset_services.ShareTerm("state", Decimal(50), asset.location_state),
                asset_services.ShareTerm("state", Decimal(50), State.objects.get(pk="FR"))])
    type(asset).objects.filter(pk=asset.pk).update(description=values[0], holder=values[5],
                                                   identifiers=battery)
    asset.events.update(reference=values[6][:200], note=battery)
    asset.cases.update(reference=values[1][:50])
    client = client_for(actors.officer_a)
    url = f"/assets/{asset.pk}/proposal/?language=en&format="
    pdf, docx = client.get(url + "pdf"), client.get(url + "docx")
    assert pdf.status_code == docx.status_code == 200
    assert_rendered_safely(pdf.content, docx.content, listener, [battery, values[4]])
