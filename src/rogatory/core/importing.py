"""Reading spreadsheets the secretariat keeps: validated row by row, all or nothing.

An importer parses every row into a value first; only when no row has an error does it
write them, inside one transaction. Errors name the line and the reason.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

T = TypeVar("T")
MAX_IMPORT_BYTES = 20 * 1024 * 1024
# A cell starting with these is a spreadsheet formula: never accepted from a file.
FORMULA_PREFIXES = ("=", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-][\d\s().-]*")


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportRejected(Exception):
    """The file was rejected whole; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


class RowInvalid(ValueError):
    """Raised by a row parser with a reader-facing reason."""


def looks_like_formula(value: str) -> bool:
    if value.startswith(FORMULA_PREFIXES):
        return True
    # "+31 70 123" is a phone number and "-5" a number; "+cmd|..." or "-2+3" is a formula.
    return value[:1] in ("+", "-") and not PLAIN_NUMBER.fullmatch(value)


def read_csv(source: str | Path | bytes, columns: Iterable[str]) -> Iterator[tuple[int, dict]]:
    """Yield (line number, row) from a UTF-8 CSV whose header holds `columns`."""
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportRejected([RowError(0, _("the file is larger than %(n)s MB")
                                       % {"n": MAX_IMPORT_BYTES // 2**20})])
    if b"\x00" in raw:
        raise ImportRejected([RowError(0, _("the file is binary, not a CSV text file"))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportRejected([RowError(line, _("the file is not UTF-8 text"))]) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [name for name in columns if name not in (reader.fieldnames or [])]
    if missing:
        raise ImportRejected([RowError(1, _("missing columns: %(cols)s")
                                       % {"cols": ", ".join(missing)})])
    for row in reader:
        if None in row:
            raise ImportRejected([RowError(reader.line_num, _("more cells than columns"))])
        yield reader.line_num, {key: (value or "").strip() for key, value in row.items()}


def parse_rows(rows: Iterable[tuple[int, dict]], parse: Callable[[dict], T]) -> list[tuple[int, T]]:
    """Parse every row; raise ImportRejected listing every bad row."""
    parsed: list[tuple[int, T]] = []
    errors: list[RowError] = []
    for line, row in rows:
        formula = next((key for key, value in row.items() if looks_like_formula(value)), None)
        if formula:
            errors.append(RowError(line, _("column %(col)s holds a spreadsheet formula")
                                   % {"col": formula}))
            continue
        try:
            parsed.append((line, parse(row)))
        except RowInvalid as error:
            errors.append(RowError(line, str(error)))
    if errors:
        raise ImportRejected(errors)
    return parsed


def import_csv(source: str | Path | bytes, columns: Iterable[str],
               parse: Callable[[dict], T], write: Callable[[int, T], Any]) -> int:
    """Validate a whole file, then write it in one transaction. Returns the rows written.

    `write` may raise RowInvalid for problems only the database can see (e.g. a duplicate);
    the transaction is then rolled back and the file rejected.
    """
    columns = list(columns)
    parsed = parse_rows(read_csv(source, columns), parse)
    try:
        with transaction.atomic():
            for line, value in parsed:
                try:
                    write(line, value)
                except RowInvalid as error:
                    raise ImportRejected([RowError(line, str(error))]) from error
    except ImportRejected:
        raise
    return len(parsed)
