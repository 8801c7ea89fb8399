"""Memory and time of refusing (or storing unopened) decompression bombs and huge files.

    .venv/bin/python bench/hostile_files.py

Each case runs in a fresh process, so its peak resident memory (`resource.getrusage`) is its
own; the hostile files (1 GiB once expanded, about 1 MB on disk; 2 GiB sparse) are written
to a temporary folder first. Memory is measured here, never asserted in the tests
(tests/security/test_hostile_files.py proves the refusals themselves).
"""

import gzip
import io
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]  # the app, and tests/streams.py
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rogatory.settings")
MB, GIB = 2**20, 2**30

from tests.streams import Zeros, write_zip_bomb  # noqa: E402


def _gzip_line(path: Path) -> None:
    member = gzip.compress(b"a" * MB, 9)
    path.write_bytes(member * (GIB // MB))


def _tar_bomb(path: Path) -> None:
    with tarfile.open(path, "w:gz") as archive:
        for name, size in (("manifest.json", 0), ("data.jsonl", 0), ("uploads/bomb", GIB)):
            info = tarfile.TarInfo(name)
            info.size = size
            archive.addfile(info, Zeros(size) if size else io.BytesIO())


def _sparse(path: Path) -> None:
    with path.open("wb") as handle:
        handle.write(b"code,name\n")
        handle.truncate(2 * GIB)


BUILDERS = {
    "jsonl.gz": _gzip_line,
    "bomb.docx": lambda p: write_zip_bomb(p, "word/document.xml", GIB, b"",
                                          "[Content_Types].xml"),
    "bomb.odt": lambda p: write_zip_bomb(p, "mimetype", GIB,
                                         b"application/vnd.oasis.opendocument.text"),
    "bomb.tar.gz": _tar_bomb,
    "huge.csv": _sparse,
}


def run_case(name: str, folder: Path) -> str:
    """One case in this process: what happened to the file."""
    from django.conf import settings

    path = folder / name
    if name == "jsonl.gz":
        from rogatory.library.parsing import read_jsonl

        return "; ".join(error for _n, _i, _r, error in read_jsonl(path))
    if name.startswith("bomb.") and name.endswith(("docx", "odt")):
        from rogatory.cases import files

        return str(files.check(name, path.read_bytes()))
    if name == "bomb.tar.gz":
        from rogatory.core.backup import BackupError, verify_archive

        settings.RESTORE_MAX_BYTES = 100 * MB
        try:
            verify_archive(path)
        except BackupError as error:
            return str(error)
    from rogatory.core.importing import ImportRejected, read_csv

    try:
        list(read_csv(path, ["code"]))
    except ImportRejected as error:
        return str(error)
    return "accepted"


def main() -> None:
    if len(sys.argv) == 3:
        import django

        django.setup()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        outcome = run_case(sys.argv[1], Path(sys.argv[2]))
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"{sys.argv[1]:12} {peak / 1024:7.0f} MB peak ({(peak - before) / 1024:+5.0f} MB)"
              f" {seconds:6.2f} s  {outcome[:90]}")
        return
    with tempfile.TemporaryDirectory() as folder:
        for name, build in BUILDERS.items():
            build(Path(folder) / name)
        print(f"{'file':12} {'memory':25} {'time':8}  outcome")
        for name in BUILDERS:
            subprocess.run([sys.executable, __file__, name, folder], check=True)


if __name__ == "__main__":
    main()
