"""Issue #10, "Bad input", as one battery: every importer and every upload fed malformed,
oversized, wrongly encoded and hostile files (entry point x hostile file).

Each refused case asserts (a) the reason, named in a clear message with the line where it
applies (command error / HTTP status), and (b) that nothing changed: the row count of every
table (history tables included, so updates show too) and the upload folder's files are the
same before and after. Files that are harmless when stored unopened (a zip bomb uploaded as
a document) are accepted and kept byte for byte, never expanded. Text that reaches a page or
a document is escaped there. Bombs are built in memory or streamed into tmp_path; memory is
measured in bench/hostile_files.py, never asserted here.
"""

import csv
import gzip
import hashlib
import io
import json
import re
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from rogatory.cases.models import Document
from rogatory.core import backup
from rogatory.core.importing import MAX_IMPORT_BYTES, looks_like_formula
from rogatory.core.limits import MB
from rogatory.directory import csvio
from rogatory.directory.models import Authority
from rogatory.library import akn
from rogatory.library.models import Item
from rogatory.states import services as states
from rogatory.states import treaty_import
from rogatory.states.models import Instrument
from tests.cases.conftest import make_case
from tests.cases.test_register import PDF
from tests.conftest import api_client_for, client_for
from tests.streams import Zeros, write_zip_bomb

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
HANDLER = '<img src=x onerror="alert(1)">'
ESCAPED_HANDLER = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


# --- nothing changed ---------------------------------------------------------------------

def snapshot(media: Path) -> tuple[dict[str, int], list[str]]:
    counts = {m._meta.label_lower: m._default_manager.count() for m in backup.backed_up_models()}
    files = sorted(p.relative_to(media).as_posix() for p in media.rglob("*")) \
        if media.exists() else []
    return counts, files


@contextmanager
def unchanged(media: Path) -> Iterator[None]:
    before = snapshot(media)
    yield
    assert snapshot(media) == before


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def sparse(path: Path, size: int, head: bytes = b"") -> None:
    """A file of `size` bytes written in no time (zeros after `head`)."""
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@cache
def zip_bomb(inner: str, size: int, head: bytes = b"", *others: str) -> bytes:
    """The bytes of `write_zip_bomb`'s zip, built once."""
    buffer = io.BytesIO()
    write_zip_bomb(buffer, inner, size, head, *others)
    return buffer.getvalue()


# --- CSV importers ------------------------------------------------------------------------

CSV_IMPORTERS = {
    "import-countries": states.unterm_columns(),
    "import-instruments": list(states.INSTRUMENT_COLUMNS),
    "import-treaty-facts": list(states.FACT_COLUMNS),
    "import-articles": list(states.ARTICLE_COLUMNS),
    "import-directory": csvio.COLUMNS,
}
FORMULAS = ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "\t=cmd|' /C calc'!A0", "\r=cmd|' /C calc'!A0"]


def csv_bytes(columns: list[str], *rows: list[str], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def row(columns: list[str], last: str = "x") -> list[str]:
    return ["x"] * (len(columns) - 1) + [last]


CsvBuilder = Callable[[Path, list[str]], None]
CSV_CASES: list[tuple[str, CsvBuilder, int, str]] = [
    ("missing-columns", lambda p, c: p.write_bytes(b"a,b\n1,2\n"), 1, "missing columns"),
    ("unclosed-quote", lambda p, c: p.write_bytes(csv_bytes(c) + b'"x,y\n'), 2,
     "CSV structure is broken"),
    ("more-cells", lambda p, c: p.write_bytes(csv_bytes(c, [*row(c), "extra"])), 2,
     "more cells than columns"),
    ("huge-cell", lambda p, c: p.write_bytes(csv_bytes(c, row(c, "x" * 200_000))), 2,
     "CSV structure is broken"),
    ("utf-16", lambda p, c: p.write_bytes(csv_bytes(c, row(c), encoding="utf-16")), 1,
     "UTF-16"),
    ("latin-1", lambda p, c: p.write_bytes(csv_bytes(c, row(c, "Nîmes"), encoding="latin-1")),
     2, "not UTF-8"),
    ("binary", lambda p, c: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00" + bytes(range(256))), 0,
     "binary"),
    ("oversized", lambda p, c: sparse(p, MAX_IMPORT_BYTES + 1, csv_bytes(c)), 0,
     f"larger than {MAX_IMPORT_BYTES // MB} MB"),
    *[(f"formula-{n}", lambda p, c, f=f: p.write_bytes(csv_bytes(c, row(c, f))), 2,
       "holds a spreadsheet formula") for n, f in enumerate(FORMULAS)],
]


# The research formats import-treaty-facts reads as well (../shared/reference/).
RESEARCH_FORMATS = [list(columns) for columns in treaty_import.FORMATS.values()]


@pytest.mark.parametrize("columns", RESEARCH_FORMATS, ids=list(treaty_import.FORMATS))
@pytest.mark.parametrize(("build", "line", "reason"), [case[1:] for case in CSV_CASES[1:]],
                         ids=[case[0] for case in CSV_CASES[1:]])
def test_research_formats_reject_hostile_files(columns, build, line, reason, tmp_path, media):
    path = tmp_path / "hostile.csv"
    build(path, columns)
    with unchanged(media), pytest.raises(CommandError) as raised:
        call_command("import-treaty-facts", str(path), "--dry-run", stdout=io.StringIO())
    message = str(raised.value)
    assert "nothing was" in message and reason in message, message


@pytest.mark.parametrize("command", CSV_IMPORTERS)
@pytest.mark.parametrize(("build", "line", "reason"), [case[1:] for case in CSV_CASES],
                         ids=[case[0] for case in CSV_CASES])
def test_csv_importers_reject_hostile_files(command, build, line, reason, tmp_path, media):
    path = tmp_path / "hostile.csv"
    build(path, CSV_IMPORTERS[command])
    with unchanged(media), pytest.raises(CommandError) as raised:
        call_command(command, str(path), stdout=io.StringIO())
    message = str(raised.value)
    assert "nothing was" in message
    assert reason in message, message
    # A whole-file reason (size, binary) names no line; a row's names the line it starts on.
    assert (f"line {line}: " in message) if line else ("line 0" not in message), message


# --- library import-jsonl (plain and gzip) -----------------------------------------------

GOOD_RECORD = b'{"id": "x", "title": "T", "language": "en", "text": "t"}'


def gzip_bomb(path: Path) -> None:
    """1 GiB on one line, without a newline, in about 1 MB: 1024 gzip members."""
    member = gzip.compress(b"a" * MB, 9)
    with path.open("wb") as handle:
        for _ in range(1024):
            handle.write(member)


JSONL_CASES: list[tuple[str, Callable[[Path], object], int, str]] = [
    ("not-json", lambda p: p.write_bytes(b"{not json\n"), 1, "not valid JSON"),
    ("not-json-gzip", lambda p: p.write_bytes(gzip.compress(b"{not json\n")), 1,
     "not valid JSON"),
    ("not-an-object", lambda p: p.write_bytes(b"[1, 2]\n"), 1, "not a JSON object"),
    ("utf-16", lambda p: p.write_bytes(GOOD_RECORD.decode().encode("utf-16")), 1,
     "not UTF-8 text"),
    ("latin-1", lambda p: p.write_bytes('{"id": "é"}\n'.encode("latin-1")), 1,
     "not UTF-8 text"),
    ("binary", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"), 1,
     "not UTF-8 text"),
    ("deep-nesting", lambda p: p.write_bytes(b"[" * 200_000), 1, "not valid JSON"),
    ("long-line", lambda p: sparse(p, 17 * MB, b"a"), 1,
     "line 1 is longer than 16 MB; the rest of the file was not read"),
    ("gzip-bomb", gzip_bomb, 1,
     "line 1 is longer than 16 MB; the rest of the file was not read"),
    ("damaged-gzip", lambda p: p.write_bytes(b"\x1f\x8b\x08\x00" + b"garbage" * 20), 1,
     "damaged gzip file"),
    ("truncated-gzip", lambda p: p.write_bytes(gzip.compress(b"{" + b" " * 99_999)[:60]), 1,
     "damaged gzip file"),
]


def refused_library_import(command: str, build: Callable[[Path], object], path: Path,
                           media: Path) -> str:
    """What `rogatory library COMMAND` reports on the hostile file `build` writes at `path`,
    having refused it and changed nothing."""
    build(path)
    stderr = io.StringIO()
    with unchanged(media), pytest.raises(CommandError, match="not imported"):
        call_command("library", command, str(path), "--no-progress",
                     stdout=io.StringIO(), stderr=stderr)
    return stderr.getvalue()


@pytest.mark.parametrize(("build", "line", "reason"), [case[1:] for case in JSONL_CASES],
                         ids=[case[0] for case in JSONL_CASES])
def test_import_jsonl_rejects_hostile_files(build, line, reason, tmp_path, media):
    report = refused_library_import("import-jsonl", build, tmp_path / "hostile.jsonl", media)
    assert f"line {line}" in report and reason in report, report


# --- library import-akn -------------------------------------------------------------------

AKN_NS = 'xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"'
AKN_META = ('<meta><identification><FRBRWork><FRBRthis value="/akn/x"/><FRBRname value="T"/>'
            '</FRBRWork><FRBRExpression><FRBRlanguage language="eng"/></FRBRExpression>'
            '</identification></meta>')
LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
AKN_CASES: list[tuple[str, Callable[[Path], object], str]] = [
    ("billion-laughs", lambda p: p.write_text(
        f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY lol0 "lol">{LAUGHS}]>'
        f"<akomaNtoso {AKN_NS}><act>{AKN_META}<body><p>&lol9;</p></body></act></akomaNtoso>"),
     "unsafe XML refused (DTDForbidden)"),
    ("external-entity", lambda p: p.write_text(
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f"<akomaNtoso {AKN_NS}><act>{AKN_META}<body><p>&x;</p></body></act></akomaNtoso>"),
     "unsafe XML refused (DTDForbidden)"),
    ("external-dtd", lambda p: p.write_text(
        '<?xml version="1.0"?><!DOCTYPE akomaNtoso SYSTEM "http://attacker.test/x.dtd">'
        f"<akomaNtoso {AKN_NS}/>"), "unsafe XML refused (DTDForbidden)"),
    ("parameter-entity", lambda p: p.write_text(
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY % r SYSTEM "file:///etc/passwd">%r;]>'
        f"<akomaNtoso {AKN_NS}/>"), "unsafe XML refused (DTDForbidden)"),
    ("malformed", lambda p: p.write_text(f"<akomaNtoso {AKN_NS}><act>"), "not well-formed XML"),
    ("latin-1", lambda p: p.write_bytes(f"<akomaNtoso {AKN_NS}>Nîmes</akomaNtoso>"
                                        .encode("latin-1")), "not well-formed XML"),
    ("binary", lambda p: p.write_bytes(PDF), "not well-formed XML"),
    ("deep-nesting", lambda p: p.write_text(
        f"<akomaNtoso {AKN_NS}><act>{AKN_META}<body><p>{'<i>' * 50_000}x{'</i>' * 50_000}"
        "</p></body></act></akomaNtoso>"), "elements nested too deeply"),
    ("html", lambda p: p.write_text(f"<html><body>{SCRIPT}</body></html>"),
     "not an Akoma Ntoso 3.0 document"),
    ("oversized", lambda p: sparse(p, akn.MAX_BYTES + 1, b"<akomaNtoso>"),
     f"the file is longer than {akn.MAX_BYTES // MB} MB"),
]


@pytest.mark.parametrize(("build", "reason"), [case[1:] for case in AKN_CASES],
                         ids=[case[0] for case in AKN_CASES])
def test_import_akn_rejects_hostile_files(build, reason, tmp_path, media):
    path = tmp_path / "hostile.xml"
    report = refused_library_import("import-akn", build, path, media)
    assert f"line 1, item {path}: {reason}" in report, report


# --- restore ------------------------------------------------------------------------------

def member(name: str, data: bytes | int = b"", kind: bytes = tarfile.REGTYPE,
           link: str = "") -> tuple[tarfile.TarInfo, io.RawIOBase | io.BytesIO | None]:
    """A tar entry; `data` as an int is that many zero bytes, streamed."""
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    info.size = (data if isinstance(data, int) else len(data)) if kind == tarfile.REGTYPE else 0
    stream = Zeros(data) if isinstance(data, int) else io.BytesIO(data)
    return info, stream if kind == tarfile.REGTYPE else None


ABSOLUTE = "/tmp/rogatory-escaped"  # noqa: S108 (the attack's target, never written)
MANIFEST = b'{"format": 1, "counts": {}, "files": []}'


def tar(path: Path, *members: tuple[tarfile.TarInfo, object],
        base: bool = True) -> None:
    """A backup archive: manifest.json and data.jsonl (unless `base` is false), then
    `members`."""
    entries = [member("manifest.json", MANIFEST), member("data.jsonl")] if base else []
    with tarfile.open(path, "w:gz") as archive:
        for info, stream in [*entries, *members]:
            archive.addfile(info, stream)


def lying_header(path: Path, name: str, size: int) -> None:
    """An archive whose entry `name` declares `size` bytes but holds none of them."""
    info = tarfile.TarInfo(name)
    info.size = size
    path.write_bytes(gzip.compress(info.tobuf(tarfile.GNU_FORMAT) + bytes(1024)))


RESTORE_CASES: list[tuple[str, Callable[[Path], object], str]] = [
    ("zip-not-tar", lambda p: p.write_bytes(zip_of({"manifest.json": MANIFEST})),
     "cannot read the backup"),
    ("not-a-backup", lambda p: tar(p, member("x.txt", b"x"), base=False),
     "not a Rogatory backup"),
    ("path-traversal", lambda p: tar(p, member("uploads/../../escaped", b"x")),
     "unsafe path in archive: uploads/../../escaped"),
    ("absolute-path", lambda p: tar(p, member(ABSOLUTE, b"x")),
     f"unexpected entry in archive: {ABSOLUTE}"),
    ("outside-uploads", lambda p: tar(p, member("../escaped", b"x")),
     "unexpected entry in archive: ../escaped"),
    ("symlink-upload", lambda p: tar(p, member("uploads/link", kind=tarfile.SYMTYPE,
                                               link="/etc/passwd")),
     "unexpected entry in archive: uploads/link"),
    ("hardlink-upload", lambda p: tar(p, member("uploads/link", kind=tarfile.LNKTYPE,
                                                link="manifest.json")),
     "unexpected entry in archive: uploads/link"),
    ("symlink-data", lambda p: tar(p, member("manifest.json", MANIFEST),
                                   member("data.jsonl", kind=tarfile.SYMTYPE,
                                          link="/etc/passwd"), base=False),
     "data.jsonl is not a regular file"),
    ("fifo-upload", lambda p: tar(p, member("uploads/fifo", kind=tarfile.FIFOTYPE)),
     "unexpected entry in archive: uploads/fifo"),
    ("gzip-bomb", lambda p: tar(p, member("uploads/bomb", 128 * MB)),
     "the archive expands to more than 100 MB"),
    ("lying-size", lambda p: lying_header(p, "data.jsonl", 2**50), "expands to more than"),
    ("huge-manifest", lambda p: tar(p, member("data.jsonl"), member("manifest.json", 65 * MB),
                                    base=False), "manifest.json is larger than 64 MB"),
    ("truncated", lambda p: lying_header(p, "data.jsonl", 10 * MB), "unexpected end of data"),
    ("bad-manifest", lambda p: tar(p, member("manifest.json", b'{"format": 1, "files": 7}'),
                                   member("data.jsonl"), base=False),
     "cannot read the backup"),
    ("tampered-upload", lambda p: tar(p, member("manifest.json", MANIFEST.replace(
        b"[]", b'[{"path": "a", "sha256": "0", "size": 1}]')), member("data.jsonl"),
        member("uploads/a", b"x"), base=False), "file a is missing or damaged"),
]


@pytest.mark.parametrize(("build", "reason"), [case[1:] for case in RESTORE_CASES],
                         ids=[case[0] for case in RESTORE_CASES])
def test_restore_rejects_hostile_archives(build, reason, tmp_path, media, settings):
    settings.RESTORE_MAX_BYTES = 100 * MB
    path = tmp_path / "hostile.tar.gz"
    build(path)
    with unchanged(media), pytest.raises(CommandError) as raised:
        call_command("restore", str(path), stdout=io.StringIO())
    assert reason in str(raised.value), str(raised.value)
    assert not (tmp_path.parent / "escaped").exists()
    assert not Path(ABSOLUTE).exists()


def test_restore_limit_is_the_free_space_unless_configured(settings):
    settings.RESTORE_MAX_BYTES = None
    assert 0 < backup.restore_limit() < 2**50


def test_restore_overwrites_no_existing_file(tmp_path, media):
    sha = hashlib.sha256(b"new").hexdigest()
    manifest = (b'{"format": 1, "counts": {}, "files": [{"path": "cases/a", "sha256": "'
                + sha.encode() + b'", "size": 3}]}')
    path = tmp_path / "b.tar.gz"
    tar(path, member("manifest.json", manifest), member("data.jsonl"),
        member("uploads/cases/a", b"new"), base=False)
    (media / "cases").mkdir()
    (media / "cases" / "a").write_bytes(b"old")
    with unchanged(media), pytest.raises(CommandError, match="cases/a already exists"):
        call_command("restore", str(path), stdout=io.StringIO())
    assert (media / "cases" / "a").read_bytes() == b"old"


def test_restore_refuses_a_row_longer_than_the_limit(tmp_path, media, monkeypatch):
    """A single 65 MB line in data.jsonl: refused before loading, never held in memory."""
    monkeypatch.setattr(backup, "database_is_empty", lambda: True)
    path = tmp_path / "b.tar.gz"
    tar(path, member("manifest.json", MANIFEST), member("data.jsonl", 65 * MB), base=False)
    with unchanged(media), pytest.raises(CommandError, match=r"data\.jsonl: line 1 is longer "
                                                             r"than 64 MB"):
        call_command("restore", str(path), stdout=io.StringIO())


# --- case documents: page and API ---------------------------------------------------------

DOCX_PARTS = ("[Content_Types].xml", "word/styles.xml")


def uploader(channel: str, user) -> Callable:
    """upload(case, name, data, description) by the page or the API, signed in already (a
    sign-in writes rows of its own)."""
    client = client_for(user) if channel == "page" else api_client_for(user)

    def upload(case, name: str, data: bytes, description: str = ""):
        fields = {"file": SimpleUploadedFile(name, data), "description": description}
        if channel == "page":
            return client.post(f"/cases/{case.pk}/documents/", fields)
        return client.post(f"/api/v1/cases/{case.pk}/documents/", fields, format="multipart")

    return upload


def nested_zip(depth: int = 3) -> bytes:
    data = zip_bomb("bomb.bin", 64 * MB)
    for level in range(depth):
        data = zip_of({f"level{level}.zip": data})
    return data


def damaged_docx(flag_offset: int | None = None, method: int | None = None) -> bytes:
    """A docx-looking zip that cannot be read: an encrypted flag or an unknown method."""
    data = bytearray(zip_of({"mimetype": b"application/vnd.oasis.opendocument.text"}))
    central = data.rfind(b"PK\x01\x02")
    if flag_offset is not None:
        data[6] |= 1
        data[central + 8] |= 1
    if method is not None:
        data[8] = data[central + 10] = method
    return bytes(data)


REFUSED_UPLOADS: list[tuple[str, str, Callable[[], bytes], str]] = [
    ("program", "a.pdf", lambda: b"MZ\x90\x00\x03\x00\x00\x00", "not accepted"),
    ("utf-16-text", "a.txt", lambda: "note".encode("utf-16"), "not accepted"),
    ("latin-1-text", "a.txt", lambda: "Nîmes".encode("latin-1"), "not accepted"),
    ("html-as-pdf", "a.pdf", lambda: f"<html>{SCRIPT}</html>".encode(), "does not match"),
    ("rtl-spoofed-exe", "invoice\u202efdp.exe", lambda: PDF, "does not match"),
    ("oversized", "a.txt", lambda: b"x" * (MB + 1), "larger than 1 MB"),
    ("odt-mimetype-bomb", "a.odt",
     lambda: zip_bomb("mimetype", 256 * MB, b"application/vnd.oasis.opendocument.text"),
     "not accepted"),
    ("nested-zips", "a.zip", nested_zip, "not accepted"),
    ("encrypted-zip", "a.odt", lambda: damaged_docx(flag_offset=6), "not accepted"),
    ("unknown-zip-method", "a.odt", lambda: damaged_docx(method=99), "not accepted"),
]


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize(("name", "build", "reason"), [c[1:] for c in REFUSED_UPLOADS],
                         ids=[c[0] for c in REFUSED_UPLOADS])
def test_case_document_upload_refuses_hostile_files(channel, name, build, reason, actors,
                                                     media, settings):
    settings.CASES_MAX_DOCUMENT_BYTES = MB
    case, upload = make_case(actors), uploader(channel, actors.officer_a)
    with unchanged(media):
        response = upload(case, name, build())
    assert response.status_code == 400
    assert reason in response.content.decode(), response.content[:500]


STORED_NAME = re.compile(r"\d+/[0-9a-f]{32}")
HOSTILE_NAMES = [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("/etc/passwd.txt", "passwd.txt"),
    ("..\\..\\Windows\\system.ini.txt", "system.ini.txt"),
    ("evil\x00.txt", "evil.txt"),
    ("a" * 1000 + ".txt", "a" * 146 + ".txt"),
    ("report\u202etxt.exe\u202c.txt", "reporttxt.exe.txt"),
    (f"{SCRIPT}.txt", "script.txt"),
    ('x" onmouseover="alert(1).txt', "x onmouseover=alert(1).txt"),
    ("javascript:alert(1).txt", "javascriptalert(1).txt"),
]


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize(("given", "shown"), HOSTILE_NAMES)
def test_hostile_upload_names_are_stored_safely_and_shown_sanitised(channel, given, shown,
                                                                     actors, media):
    case = make_case(actors)
    response = uploader(channel, actors.officer_a)(case, given, b"plain notes", SCRIPT)
    assert response.status_code in (201, 302)
    doc = Document.objects.get(case=case)
    assert STORED_NAME.fullmatch(doc.stored_name)
    assert [p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()] == [
        f"cases/{doc.stored_name}"]
    assert doc.name == shown
    download = client_for(actors.officer_a).get(f"/cases/{case.pk}/documents/{doc.pk}/")
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;") and not re.search(r"[\r\n\x00/\\\\]",
                                                                    disposition)
    page = client_for(actors.officer_a).get(f"/cases/{case.pk}/").content.decode()
    assert SCRIPT not in page and ESCAPED_SCRIPT in page  # the description
    assert "\u202e" not in page


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize(("name", "build"), [
    ("bomb.docx", lambda: zip_bomb("word/document.xml", 2**30, b"", *DOCX_PARTS)),
    ("nested.docx", lambda: zip_of({DOCX_PARTS[0]: b"<Types/>", "word/a.zip": nested_zip()})),
], ids=["1-GiB-docx-bomb", "docx-with-nested-zips"])
def test_zip_bombs_are_stored_as_they_came_and_never_expanded(channel, name, build, actors,
                                                              media):
    data = build()
    case = make_case(actors)
    response = uploader(channel, actors.officer_a)(case, name, data)
    assert response.status_code in (201, 302)
    doc = Document.objects.get(case=case)
    assert doc.size == len(data) < 2 * MB
    assert (media / "cases" / doc.stored_name).read_bytes() == data


# --- text that reaches pages and documents -------------------------------------------------

def test_imported_titles_and_sources_are_escaped_on_pages(tmp_path, actors):
    columns = list(states.INSTRUMENT_COLUMNS)
    values = {"code": "EVIL", "name": f"{SCRIPT} {HANDLER}", "kind": "multilateral",
              "scope": "mla", "offences": "", "parties": "", "adopted": "", "in_force": "",
              "source": "javascript:alert(1)"}
    path = tmp_path / "instruments.csv"
    path.write_bytes(csv_bytes(columns, [values[c] for c in columns]))
    call_command("import-instruments", str(path), stdout=io.StringIO())
    assert Instrument.objects.filter(code="EVIL").exists()
    page = client_for(actors.officer_a).get("/states/").content.decode()
    assert SCRIPT not in page and ESCAPED_SCRIPT in page
    assert HANDLER not in page and ESCAPED_HANDLER in page
    assert 'href="javascript:' not in page


def test_imported_library_text_is_escaped_on_its_page(tmp_path, actors):
    path = tmp_path / "items.jsonl"
    record = {"id": "evil", "language": "en", "title": SCRIPT, "summary": HANDLER}
    path.write_text(json.dumps(record) + "\n")
    call_command("library", "import-jsonl", str(path), "--no-progress", stdout=io.StringIO())
    item = Item.objects.get(external_id="evil")
    page = client_for(actors.officer_a).get(item.get_absolute_url()).content.decode()
    assert SCRIPT not in page and ESCAPED_SCRIPT in page
    assert HANDLER not in page and ESCAPED_HANDLER in page


def test_imported_authority_names_are_escaped_on_the_directory_page(tmp_path, actors):
    values = {"state": "NL", "part": "1", "name": SCRIPT, "name_en": HANDLER}
    path = tmp_path / "directory.csv"
    path.write_bytes(csv_bytes(csvio.COLUMNS, [values.get(c, "") for c in csvio.COLUMNS]))
    call_command("import-directory", str(path), stdout=io.StringIO())
    authority = Authority.objects.get(name=SCRIPT)
    client = client_for(actors.officer_a)
    for url in (f"/directory/{authority.pk}/", "/directory/"):
        page = client.get(url).content.decode()
        assert SCRIPT not in page and ESCAPED_SCRIPT in page
    assert HANDLER not in page and ESCAPED_HANDLER in page
    from tests.writer.test_documents import pdf_text

    pages, _reader = pdf_text(client.get("/directory/export.pdf").content)
    assert SCRIPT in "".join(pages).replace("\n", "")  # literal text in the PDF


def test_documents_hold_user_text_only_as_literal_text():
    from rogatory.writer import document, rules
    from tests.writer.conftest import example, route_result
    from tests.writer.test_documents import docx_text, pdf_text

    hostile = f"{SCRIPT} {HANDLER} javascript:alert(1)"
    request = example("mla-e-evidence")
    request["case"]["facts"] = hostile
    built = document.build(request, rules.Context(route=route_result()), "en")
    text, parsed = docx_text(document.render(built, "docx"))
    assert hostile in text
    body_xml = parsed.element.xml
    assert "<script>" not in body_xml and "&lt;script&gt;" in body_xml
    pages, _reader = pdf_text(document.render(built, "pdf"))
    assert "<script>alert(1)</script>" in "".join(pages).replace("\n", "")


# --- exports ------------------------------------------------------------------------------

EXPORTS = ["/directory/export.csv", "/assessment/overview/needs.csv",
           "/cases/statistics/?format=csv", "/assets/report/?format=csv",
           "/states/coverage/instruments.csv", "/states/coverage/states.csv"]


def test_directory_export_neutralises_formula_cells(actors):
    for n, formula in enumerate(FORMULAS):
        Authority.objects.create(state_id="NL", name=f"{formula} {n}", name_en=formula,
                                 phone="+31 70 123 4567")
    response = client_for(actors.secretariat).get(EXPORTS[0])
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {r[2] for r in rows[1:]}
    assert {f"'{formula} {n}" for n, formula in enumerate(FORMULAS)} <= names
    assert "+31 70 123 4567" in {r[rows[0].index("phone")] for r in rows[1:]}


@pytest.mark.parametrize("url", EXPORTS)
def test_no_csv_export_holds_a_formula_cell(url, actors):
    Authority.objects.create(state_id="NL", name=FORMULAS[0])
    response = client_for(actors.secretariat).get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    cells = [c for r in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in r]
    assert cells and not [c for c in cells if looks_like_formula(c)]


@pytest.mark.parametrize(("given", "href"), [
    ("https://treaties.un.org/x", "https://treaties.un.org/x"),
    ("C.N.123.2003.TREATIES-XVIII.12", "C.N.123.2003.TREATIES-XVIII.12"),
    ("mailto:desk@example.org", "mailto:desk@example.org"),
    ("javascript:alert(1)", "#"),
    (" JavaScript:alert(1)", "#"),
    ("java\tscript:alert(1)", "#"),
    ("data:text/html,<script>alert(1)</script>", "#"),
    ("vbscript:msgbox", "#"),
    ("http://[::1", "#"),
])
def test_links_to_imported_sources_keep_only_web_addresses(given, href):
    from rogatory.core.templatetags.core_tags import safe_href

    assert safe_href(given) == href


@pytest.mark.filterwarnings("ignore:No fixture data found")  # an empty data.jsonl
def test_restore_failing_midway_leaves_no_file_behind(tmp_path, media, monkeypatch):
    """The database rolls back; the files already written go too, with their folders."""
    monkeypatch.setattr(backup, "database_is_empty", lambda: True)
    sha = hashlib.sha256(b"x").hexdigest()
    files = [{"path": f"cases/{n}/a", "sha256": sha, "size": 1} for n in (1, 2)]
    manifest = json.dumps({"format": 1, "counts": {}, "files": files}).encode()
    path = tmp_path / "b.tar.gz"
    tar(path, member("manifest.json", manifest), member("data.jsonl"),
        member("uploads/cases/1/a", b"x"), member("uploads/cases/2/a", b"x"), base=False)
    checked = iter([sha, "0" * 64])  # the second file reads back damaged
    monkeypatch.setattr(backup, "sha256_file", lambda _path: next(checked))
    with unchanged(media), pytest.raises(CommandError, match="checksum mismatch"):
        call_command("restore", str(path), stdout=io.StringIO())
