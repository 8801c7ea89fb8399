"""rogatory render-request: from a JSON file to DOCX/PDF, without a server or database writes."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document as read_docx
from pypdf import PdfReader

from rogatory.writer.models import RequestDraft
from tests.writer.conftest import EXAMPLES, example

pytestmark = pytest.mark.django_db


def test_renders_a_pdf_in_french(tmp_path):
    out = tmp_path / "request.pdf"
    call_command("render-request", str(EXAMPLES / "mla-search-seizure.json"), "--format", "pdf",
                 "--language", "fr", "-o", str(out))
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "Demande d'entraide judiciaire" in text
    assert not RequestDraft.objects.exists() and not RequestDraft.history.exists()


def test_renders_docx_in_the_request_language_and_the_jit_agreement(tmp_path):
    out = tmp_path / "jit.docx"
    call_command("render-request", str(EXAMPLES / "mla-jit.json"), "--format", "docx",
                 "--jit", "1", "-o", str(out))
    assert "joint investigation team" in read_docx(str(out)).paragraphs[0].text
    with pytest.raises(CommandError):
        call_command("render-request", str(EXAMPLES / "mla-evidence.json"), "--jit", "1",
                     "-o", str(out))


def test_incomplete_request_stops_unless_draft(tmp_path, capsys):
    spec = example("mla-evidence")
    spec["case"].pop("facts")
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    out = tmp_path / "out.pdf"
    with pytest.raises(SystemExit) as stopped:
        call_command("render-request", str(path), "-o", str(out))
    assert stopped.value.code == 2 and not out.exists()
    assert "case.facts" in capsys.readouterr().err
    call_command("render-request", str(path), "--draft", "-o", str(out))
    assert "DRAFT - INCOMPLETE" in PdfReader(str(out)).pages[0].extract_text()


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "Expecting property name"),
    ('{"kind": "mla", "assistance": [{"type": "teleportation"}]}', "assistance.0.type"),
    ('{"kind": "mla", "language": "de"}', "language"),
])
def test_bad_specs_are_refused_with_the_reason(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("render-request", str(path), "-o", str(tmp_path / "x.pdf"))
