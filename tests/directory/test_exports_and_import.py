"""Exports for signed-in officials (CSV, vCard, PDF) and the all-or-nothing CSV import."""

import csv
import io
import re

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from rogatory.core.importing import ImportRejected
from rogatory.directory import demo
from rogatory.directory.csvio import COLUMNS, import_directory
from rogatory.directory.models import Authority, Contact
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_export_with_filters(actors, directory):
    response = client_for(actors.practitioner).get("/directory/export.csv?state=NL")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert {row["name"] for row in rows} == {"Centrale autoriteit A", "INTERPOL NCB Den Haag"}
    a = next(row for row in rows if row["name"] == "Centrale autoriteit A")
    assert a["functions"] == "mla; extradition" and a["certified_translation"] == "no"
    assert a["original_required"] == ""  # unknown stays unknown
    assert a[
        "contacts"] == "Anna Secret-Contact | Head | +31703707911 | anna@a.test | +31703707900"


def test_csv_export_neutralises_formulas(actors, directory):
    Authority.objects.filter(pk=directory["a"].pk).update(name_en="=HYPERLINK(\"x\")")
    rows = _csv(client_for(actors.officer_a).get("/directory/export.csv?state=NL"))
    assert any(row["name_en"] == "'=HYPERLINK(\"x\")" for row in rows)


def test_vcard(actors, directory):
    contact = Contact.objects.get(name="Anna Secret-Contact")
    response = client_for(actors.officer_b).get(f"/directory/contacts/{contact.pk}.vcf")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/vcard")
    card = response.content.decode()
    assert card.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n") and card.endswith("END:VCARD\r\n")
    assert "FN:Anna Secret-Contact\r\n" in card and "TITLE:Head\r\n" in card
    assert "N:Anna Secret-Contact;;;;\r\n" in card
    assert "TEL;TYPE=work,voice;VALUE=uri:tel:+31703707911" in card
    assert "TEL;TYPE=work,fax;VALUE=uri:tel:+31703707900" in card
    assert "EMAIL;TYPE=work:anna@a.test" in card and "TZ:Europe/Amsterdam" in card


def test_vcard_escapes_every_line_break_and_control_character(actors, directory):
    """Issue #14, low 9: a lone carriage return in a name used to end the FN and N lines
    (RFC 6350 §3.2 folds and ends lines on CRLF, and many readers on CR alone)."""
    contact = Contact.objects.get(name="Anna Secret-Contact")
    # (a BEL, not a NUL: PostgreSQL stores no NUL, and forms refuse it)
    contact.name = "Anna\rEND:VCARD\r\nBEGIN:VCARD\nFN:Mallory\x85x\u2028y\x07z\x1b, B; C\\"
    contact.title = "Head\rNOTE:injected"
    contact.phones = ["+31703707911\rEMAIL:evil@x.test"]
    contact.email = "anna@a.test\r\nURL:http://evil.test"
    contact.save()
    card = client_for(actors.officer_b).get(f"/directory/contacts/{contact.pk}.vcf").content
    card = card.decode()
    name = "Anna\\nEND:VCARD\\nBEGIN:VCARD\\nFN:Mallory\\nx\\nyz\\, B\\; C\\\\"
    assert f"\r\nFN:{name}\r\n" in card and f"\r\nN:{name};;;;\r\n" in card
    assert "\r\nTITLE:Head\\nNOTE:injected\r\n" in card
    assert "tel:+31703707911EMAIL:evil@x.test\r\n" in card
    assert "EMAIL;TYPE=work:anna@a.testURL:http://evil.test\r\n" in card
    lines = card.split("\r\n")
    assert lines[-1] == "" and all(not re.search("[\x00-\x1f\x7f\x85\u2028]", line)
                                   for line in lines)
    assert [line for line in lines if line.startswith(("BEGIN:", "END:", "FN:", "EMAIL", "NOTE"))
            ] == ["BEGIN:VCARD", f"FN:{name}", "EMAIL;TYPE=work:anna@a.testURL:http://evil.test",
                  "NOTE:Central Authority A", "END:VCARD"]


def test_pdf_of_one_state_and_of_the_whole_directory(actors, db):
    demo.load(lambda _line: None)
    client = client_for(actors.officer_a)
    response = client.get("/directory/export.pdf?state=CN")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "China" in text and "Wang Li" in text and "Netherlands" not in text
    whole = PdfReader(io.BytesIO(client.get("/directory/export.pdf").content))
    text = "".join(page.extract_text() for page in whole.pages)
    for state in ("Netherlands", "France", "China", "Mexico", "South Africa"):
        assert state in text
    assert "Restricted" in text


def test_csv_round_trip_through_import(actors, directory, tmp_path):
    exported = client_for(actors.secretariat).get("/directory/export.csv").content
    Authority.objects.all().update(urgent_authority=None)
    before = {a.name: a for a in Authority.objects.prefetch_related("contacts")}
    Contact.objects.all().delete()
    path = tmp_path / "directory.csv"
    path.write_bytes(exported)
    call_command("import-directory", str(path))
    assert Authority.objects.count() == len(before)
    anna = Contact.objects.get(name="Anna Secret-Contact")
    assert anna.phones == ["+31703707911"] and anna.fax == "+31703707900"
    a = Authority.objects.get(name="Centrale autoriteit A")
    assert a.functions == ["mla", "extradition"] and a.original_required is None
    assert a.designations.get().instrument == "UNTOC"


def _row(**cells) -> dict:
    return {name: "" for name in COLUMNS} | {"state": "MX", "part": "1",
                                              "name": "Nueva autoridad"} | cells


def _file(*rows: dict) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_import_creates_authorities(db):
    count = import_directory(_file(
        _row(functions="mla; extradition", languages="ES; en", certified_translation="yes",
             designations="untoc_18_13; bilateral_treaty:MX-US-1978",
             contacts="Ana Ruiz | Directora | +52 55 5346 0001 | ana@mx.test | ",
             links="guide | Guía | https://example.org/guia", as_of="2025-01-31"),
        _row(name="Otra autoridad", part="2", functions="financial_intelligence")))
    assert count == 2
    a = Authority.objects.get(name="Nueva autoridad")
    assert a.languages == ["es", "en"] and a.certified_translation is True
    assert {d.instrument for d in a.designations.all()} == {"UNTOC", "MX-US-1978"}
    assert a.contacts.get().phones == ["+525553460001"]
    assert a.review_status == "approved"


@pytest.mark.parametrize(("cells", "reason"), [
    ({"state": "XX"}, "unknown State"),
    ({"part": "3"}, "part must be 1 or 2"),
    ({"name": ""}, "empty required"),
    ({"functions": "mla; spying"}, "Unknown codes"),
    ({"languages": "english"}, "ISO 639-1"),
    ({"time_zone": "Mars/Olympus"}, "time zone"),
    ({"certified_translation": "maybe"}, "yes, no"),
    ({"as_of": "31/01/2025"}, "not a date"),
    ({"designations": "bilateral_treaty"}, "name the treaty"),
    ({"designations": "article_99"}, "unknown provision"),
    ({"contacts": "Ana | Directora | 12345 | ana@mx.test | "}, "contacts"),
    ({"contacts": "only two | parts"}, "5 parts"),
    ({"name_en": "=cmd|' /C calc'!A0"}, "formula"),
    ({"contacts": "Ana | Directora | | not-an-email | "}, "contacts: enter a valid email"),
])
def test_import_rejects_the_whole_file_with_line_and_reason(db, cells, reason):
    data = _file(_row(name="Good first row"), _row(**cells))
    with pytest.raises(ImportRejected) as error:
        import_directory(data)
    assert error.value.errors[0].line == 3
    assert reason.lower() in str(error.value).lower()
    assert not Authority.objects.filter(name="Good first row").exists()


def test_import_command_reports_and_writes_nothing(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(_file(_row(name="Fine"), _row(state="XX")))
    with pytest.raises(CommandError, match="line 3: unknown State"):
        call_command("import-directory", str(path))
    assert not Authority.objects.exists()
    with pytest.raises(CommandError, match="no such file"):
        call_command("import-directory", str(tmp_path / "missing.csv"))
