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

from rogatory.core.limits import MB, TooLarge, read_at_most

T = TypeVar("T")
MAX_IMPORT_BYTES = 20 * MB
# A cell starting with these is a spreadsheet formula: never accepted from a file.
FORMULA_PREFIXES = ("=", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-][\d\s().-]*")


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        if not self.line:  # about the whole file (its size, its encoding)
            return str(self.message)
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


def _rejected(line: int, message: str) -> ImportRejected:
    return ImportRejected([RowError(line, message)])


def _csv_text(source: str | Path | bytes) -> str:
    """The file's text, read no further than the size limit, or ImportRejected saying why
    it is not a UTF-8 text file."""
    try:
        raw = read_at_most(source, MAX_IMPORT_BYTES)
    except TooLarge as error:
        raise _rejected(0, _("the file is larger than %(n)s MB")
                        % {"n": MAX_IMPORT_BYTES // MB}) from error
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _rejected(1, _("the file is UTF-16 text: save it as CSV UTF-8"))
    if b"\x00" in raw:
        raise _rejected(0, _("the file is binary, not a CSV text file"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _rejected(line, _("the file is not UTF-8 text")) from error


def read_csv(source: str | Path | bytes, columns: Iterable[str]) -> Iterator[tuple[int, dict]]:
    """Yield (line number, row) from a UTF-8 CSV whose header holds `columns`. A row is named
    by the line where it starts (a quoted cell may span lines); blank lines are skipped."""
    reader = csv.reader(io.StringIO(_csv_text(source), newline=""), strict=True)
    try:
        header = next(reader, [])
        missing = [name for name in columns if name not in header]
        if missing:
            raise _rejected(1, _("missing columns: %(cols)s") % {"cols": ", ".join(missing)})
        end = reader.line_num
        for cells in reader:
            start, end = end + 1, reader.line_num
            if not cells:
                continue
            if len(cells) > len(header):
                raise _rejected(start, _("more cells than columns"))
            cells += [""] * (len(header) - len(cells))
            yield start, {key: value.strip() for key, value in zip(header, cells, strict=True)}
    except csv.Error as error:
        raise _rejected(end + 1, _("the CSV structure is broken (%(reason)s)")
                        % {"reason": error}) from error


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
