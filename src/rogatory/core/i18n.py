"""Compile every app's translation catalogue with Babel, so no system gettext is needed.

Run as `python -m rogatory.core.i18n` (make does it); only catalogues newer than their
compiled file are rebuilt.
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def catalogues() -> list[Path]:
    return sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/*.po"))


def compile_catalogues(force: bool = False) -> int:
    compiled = 0
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file, locale=po_path.parents[1].name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalogue, use_fuzzy=False)
        compiled += 1
    return compiled


if __name__ == "__main__":
    count = compile_catalogues(force="--force" in sys.argv)
    print(f"compiled {count} translation catalogue(s)")
