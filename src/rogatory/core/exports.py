"""Exports that are safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from rogatory.core.importing import looks_like_formula


def neutralise(value: object) -> str:
    """Prefix a would-be formula with an apostrophe so spreadsheets show it as text."""
    text = "" if value is None else str(value)
    return "'" + text if text and looks_like_formula(text) else text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 (Arabic, Chinese) correctly
    writer = csv.writer(response)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return response
