import pytest

from rogatory.core.concurrency import ConflictError, save_if_current
from rogatory.core.exports import neutralise
from rogatory.core.importing import ImportRejected, RowInvalid, import_csv, looks_like_formula
from rogatory.directory.models import Authority

pytestmark = pytest.mark.django_db


def test_stale_save_is_refused_and_nothing_is_lost(actors):
    authority = actors.authority_a
    first = save_if_current(authority, 1, {"name_en": "First edit"})
    assert first.version == 2
    with pytest.raises(ConflictError):
        save_if_current(authority, 1, {"name_en": "Second edit from a stale copy"})
    assert Authority.objects.get(pk=authority.pk).name_en == "First edit"


@pytest.mark.parametrize(("value", "formula"), [
    ("=cmd|' /C calc'!A0", True), ("@SUM(A1)", True), ("+cmd|x", True), ("-2+3", True),
    ("+31 70 123 4567", False), ("-", False), ("plain text", False), ("", False),
])
def test_formula_detection(value, formula):
    assert looks_like_formula(value) is formula


def test_export_neutralises_formulas():
    assert neutralise("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert neutralise("Ministry") == "Ministry"


def _import(data: bytes) -> list:
    written = []

    def parse(row: dict) -> str:
        if not row["code"].isalpha():
            raise RowInvalid("code must be letters")
        return row["code"]

    import_csv(data, ["code"], parse, lambda _line, value: written.append(value))
    return written


def test_import_validates_every_row_and_reports_lines():
    with pytest.raises(ImportRejected) as error:
        _import(b"code\nAB\n12\nCD\n=x\n")
    assert [e.line for e in error.value.errors] == [3, 5]


@pytest.mark.parametrize(("data", "reason"), [
    (b"name\nx\n", "missing columns"), (b"code\n\xff\xfe\n", "not UTF-8"),
    (b"code\nA\x00B\n", "binary"), (b"code\nA,B\n", "more cells"),
])
def test_import_rejects_malformed_files(data, reason):
    with pytest.raises(ImportRejected, match=reason):
        _import(data)


def test_import_accepts_a_good_file_with_bom():
    assert _import("\ufeffcode\nAB\nCD\n".encode()) == ["AB", "CD"]
