"""Documents: stored under MEDIA_ROOT by a random name with their SHA-256, type judged by
content, size limited, served only as an attachment to those who may see the case."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from rogatory.cases import files, services
from rogatory.cases.models import Document
from tests.cases.conftest import make_case
from tests.cases.test_register import PDF
from tests.conftest import api_client_for, client_for

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "data", "kind", "problem"), [
    ("a.pdf", PDF, "pdf", None),
    ("a.docx", _docx(), "docx", None),
    ("a.txt", "Demande d'entraide — طلب\n".encode(), "text", None),
    ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "png", None),
    ("a.pdf", b"MZ\x90\x00\x03", None, "type_not_allowed"),         # a Windows program
    ("a.pdf", b"<html><script>x</script></html>\x00", None, "type_not_allowed"),
    ("a.txt", PDF, "pdf", "extension_mismatch"),                     # named .txt, is a PDF
    ("report.pdf.exe", PDF, "pdf", "extension_mismatch"),
    ("a.docx", b"PK\x03\x04not really a zip", None, "type_not_allowed"),
])
def test_content_sniffing(name, data, kind, problem):
    assert files.check(name, data) == (kind, problem)


@pytest.mark.parametrize(("given", "shown"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\me\\Desktop\\demande.pdf", "demande.pdf"),
    ("طلب المساعدة.pdf", "طلب المساعدة.pdf"),
    ("bad\x00name\n.pdf", "badname.pdf"),
    ("...", "document"),
])
def test_display_name_drops_paths_and_controls(given, shown):
    assert files.display_name(given) == shown


def test_upload_stores_checksum_under_a_random_name(actors, settings):
    case = make_case(actors)
    doc = services.add_document(case, "../../secret/request.pdf", PDF, actors.officer_a)
    assert doc.sha256 == hashlib.sha256(PDF).hexdigest() and doc.size == len(PDF)
    stored = Path(settings.MEDIA_ROOT) / "cases" / doc.stored_name
    assert stored.read_bytes() == PDF
    assert "request" not in doc.stored_name and ".." not in doc.stored_name
    assert doc.name == "request.pdf"


def test_download_is_an_attachment_and_checked(actors):
    case = make_case(actors)
    doc = services.add_document(case, "طلب.pdf", PDF, actors.officer_a)
    response = client_for(actors.officer_a).get(f"/cases/{case.pk}/documents/{doc.pk}/")
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    # RFC 6266: the charset name is case-insensitive.
    assert "filename*=utf-8''%D8%B7%D9%84%D8%A8.pdf" in response["Content-Disposition"].lower(
        ).replace("%d8%b7%d9%84%d8%a8", "%D8%B7%D9%84%D8%A8")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_tampered_file_is_not_served(actors, settings):
    case = make_case(actors)
    doc = services.add_document(case, "a.pdf", PDF, actors.officer_a)
    (Path(settings.MEDIA_ROOT) / "cases" / doc.stored_name).write_bytes(PDF + b"changed")
    response = client_for(actors.officer_a).get(f"/cases/{case.pk}/documents/{doc.pk}/")
    assert response.status_code == 500
    assert PDF not in response.content


def test_size_limit(actors, settings):
    settings.CASES_MAX_DOCUMENT_BYTES = 100
    case = make_case(actors)
    with pytest.raises(ValidationError, match="larger than"):
        services.add_document(case, "a.txt", b"x" * 101, actors.officer_a)
    response = client_for(actors.officer_a).post(f"/cases/{case.pk}/documents/", {
        "file": SimpleUploadedFile("a.txt", b"y" * 500)})
    assert response.status_code == 400
    assert not Document.objects.exists()
    assert not list((Path(settings.MEDIA_ROOT)).rglob("*.*"))


def test_upload_page_and_api(actors):
    case = make_case(actors)
    client = client_for(actors.officer_a)
    response = client.post(f"/cases/{case.pk}/documents/", {
        "file": SimpleUploadedFile("letter.pdf", PDF), "description": "Letter"})
    assert response.status_code == 302
    refused = client.post(f"/cases/{case.pk}/documents/", {
        "file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")})
    assert refused.status_code == 400 and "not accepted" in refused.content.decode()
    rest = api_client_for(actors.officer_a)
    created = rest.post(f"/api/v1/cases/{case.pk}/documents/",
                        {"file": SimpleUploadedFile("notes.txt", b"plain notes")},
                        format="multipart")
    assert created.status_code == 201, created.json()
    assert created.json()["sha256"] == hashlib.sha256(b"plain notes").hexdigest()
    bad = rest.post(f"/api/v1/cases/{case.pk}/documents/",
                    {"file": SimpleUploadedFile("x.txt", PDF)}, format="multipart")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"
    listed = rest.get(f"/api/v1/cases/{case.pk}/documents/").json()
    assert {d["name"] for d in listed} == {"letter.pdf", "notes.txt"}
    download = rest.get(listed[0]["download"])
    assert download.status_code == 200 and download.content == PDF
    assert Document.history.count() == 2
