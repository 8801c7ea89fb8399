"""The sending officer's PAdES signature and the receiver's check of it, alone (pyHanko, no
database): what signing adds to "Send through Rogatory" and checking adds to a receipt.

    .venv/bin/python bench/pades.py [--runs 10]

The request of bench/render.py, rendered by the application (English, ten pages), is signed
with an officer credential of a throwaway node CA (`pades.sign_pdf`) and verified against
that CA (`pades.verify_pdf`). Reports per second and p50/p95 of each, and the sizes.
"""

import argparse
import io
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from envelope import summary, timings  # noqa: E402
from pypdf import PdfReader  # noqa: E402

PAGES = 10


def ten_page_pdf() -> bytes:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rogatory.settings")
    django.setup()
    from render import ten_page_spec

    from rogatory.core import documents
    from rogatory.writer import document, rules

    spec, ctx = ten_page_spec(), rules.Context()
    paragraph = spec["case"]["facts"].split("\n\n")[0]
    while len(PdfReader(io.BytesIO(
            pdf := documents.render_pdf(document.build(spec, ctx, "en")))).pages) < PAGES:
        spec["case"]["facts"] += "\n\n" + paragraph
    return pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    from rogatory.exchange import pades

    pdf = ten_page_pdf()
    with tempfile.TemporaryDirectory() as folder:
        credential = pades.officer_credential(Path(folder), "node-a", 1, "Ana Officer",
                                              datetime.now(UTC))
    signed = pades.sign_pdf(pdf, credential)
    assert pades.verify_pdf(signed, [credential.ca_cert_pem])[0].ok
    print(f"PDF {len(pdf) / 1024:.0f} KiB, signed {len(signed) / 1024:.0f} KiB "
          f"(+{(len(signed) - len(pdf)) / 1024:.0f} KiB)")
    print(summary("sign  ", timings(lambda: pades.sign_pdf(pdf, credential), args.runs)))
    print(summary("verify", timings(lambda: pades.verify_pdf(signed, [credential.ca_cert_pem]),
                                    args.runs)))


if __name__ == "__main__":
    main()
