"""Rendering a 10-page request: the application against the bare libraries.

    .venv/bin/python bench/render.py [--runs 5]

For English, Arabic and Chinese, times (median of --runs) and peak memory (tracemalloc) of:
- app DOCX: request spec -> document model (translated fixed text) -> render_docx;
- bare DOCX: python-docx adding the same headings, paragraphs and tables, nothing else;
- app PDF: spec -> document model -> HTML -> WeasyPrint;
- bare PDF: WeasyPrint (with the one fetcher, core.rendering) on the same HTML, prepared
  before timing.
The ratio app/bare is the cost of the application around the library (target <= 1.3).
"""

import argparse
import copy
import io
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rogatory.settings")

import django  # noqa: E402

django.setup()

from docx import Document as DocxDocument  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from rogatory.core import documents  # noqa: E402
from rogatory.core.rendering import html_to_pdf  # noqa: E402
from rogatory.writer import document, rules  # noqa: E402

LANGUAGES = ("en", "ar", "zh-hans")


def ten_page_spec() -> dict:
    """The e-evidence example grown to about ten pages: longer facts, more items and rows."""
    spec = json.loads((ROOT / "examples/requests/mla-e-evidence.json").read_text())
    spec["case"]["facts"] = "\n\n".join([spec["case"]["facts"]] * 18)
    items = [json.loads((ROOT / f"examples/requests/mla-{name}.json").read_text())
             ["assistance"][0] for name in ("records", "search-seizure", "freezing",
                                            "evidence", "videoconference", "stored-data")]
    spec["assistance"] += items
    spec["persons"] = [copy.deepcopy(spec["persons"][0]) for _ in range(12)]
    spec["annexes"] = [{"title": f"Annex {n}", "kind": "evidence", "pages": n}
                       for n in range(1, 16)]
    return spec


def bare_docx(doc: documents.Document) -> bytes:
    """The same content with python-docx alone: no fonts, direction, header or fields."""
    out = DocxDocument()
    out.add_heading(doc.title, 0)
    for block in doc.preamble:
        out.add_paragraph(block.text)
    for section in documents.walk(doc.sections):
        out.add_heading(section.title, min(section.level, 4))
        for block in section.blocks:
            if isinstance(block, documents.Table):
                table = out.add_table(rows=1, cols=len(block.columns))
                table.style = "Table Grid"  # the same visible grid as the application's
                for cell, text in zip(table.rows[0].cells, block.columns, strict=True):
                    cell.text = text
                for row in block.rows:
                    for cell, text in zip(table.add_row().cells, row, strict=True):
                        cell.text = str(text)
            elif isinstance(block, documents.ItemList):
                for item in block.items:
                    out.add_paragraph(item, style="List Bullet")
            else:
                out.add_paragraph(block.text)
    for block in doc.closing:
        out.add_paragraph(block.text)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def measure(function, runs: int) -> tuple[float, float]:
    """(median seconds, peak MiB of one traced run)."""
    function()  # warm-up: fonts, imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    spec, ctx = ten_page_spec(), rules.Context()
    print(f"{'lang':8}{'format':7}{'pages':>6}{'app s':>9}{'bare s':>9}{'ratio':>7}"
          f"{'app MiB':>9}{'bare MiB':>9}")
    for language in LANGUAGES:
        model = document.build(spec, ctx, language)
        html = documents.render_html(model)
        pages = len(PdfReader(io.BytesIO(html_to_pdf(html))).pages)
        cases = {
            "docx": (lambda lang=language: documents.render_docx(
                document.build(spec, ctx, lang)), lambda m=model: bare_docx(m)),
            "pdf": (lambda lang=language: documents.render_pdf(
                document.build(spec, ctx, lang)), lambda h=html: html_to_pdf(h)),
        }
        for fmt, (app, bare) in cases.items():
            app_time, app_peak = measure(app, args.runs)
            bare_time, bare_peak = measure(bare, args.runs)
            print(f"{language:8}{fmt:7}{pages:>6}{app_time:>9.3f}{bare_time:>9.3f}"
                  f"{app_time / bare_time:>7.2f}{app_peak:>9.1f}{bare_peak:>9.1f}")


if __name__ == "__main__":
    main()
