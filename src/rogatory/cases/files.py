"""What an uploaded document really is, judged by its bytes (not its name), and a safe
name to show for it (pure Python).
"""

import io
import re
import unicodedata
import zipfile
import zlib

# type code -> (content type, extensions the name may carry)
ALLOWED = {
    "pdf": ("application/pdf", {".pdf"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "odt": ("application/vnd.oasis.opendocument.text", {".odt"}),
    "png": ("image/png", {".png"}),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}),
    "tiff": ("image/tiff", {".tif", ".tiff"}),
    "text": ("text/plain", {".txt", ".eml", ".csv"}),
}


ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Reading a damaged, encrypted or exotic archive fails in many ways: each means "not allowed".
ZIP_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, RuntimeError, NotImplementedError,
              OSError, EOFError, zlib.error)


def _zip_kind(data: bytes) -> str | None:
    """The office format of a zip, judged by its directory; of its entries only the first
    bytes of `mimetype` are ever decompressed, so a zip bomb is never expanded."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    if entry.read(len(ODT_MIMETYPE) + 2).strip() == ODT_MIMETYPE:
                        return "odt"
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "docx"
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
    except ZIP_ERRORS:
        return None
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(unicodedata.category(c) == "Cc" and c not in "\t\r\n\f" for c in text)


def sniff(data: bytes) -> str | None:
    """The type code of the content (a key of ALLOWED), or None when not allowed."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data and _is_text(data):
        return "text"
    return None


def extension(name: str) -> str:
    match = re.search(r"(\.[A-Za-z0-9]{1,8})$", name)
    return match.group(1).lower() if match else ""


def check(name: str, data: bytes) -> tuple[str | None, str | None]:
    """(type code, problem): problem is `type_not_allowed` or `extension_mismatch`."""
    kind = sniff(data)
    if kind is None:
        return None, "type_not_allowed"
    if extension(name) not in ALLOWED[kind][1]:
        return kind, "extension_mismatch"
    return kind, None


def display_name(name: str, limit: int = 150) -> str:
    """The file's own name without any path, control or reserved characters (letters of any
    script are kept: Arabic and Chinese names stay readable)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base)
                   if unicodedata.category(c)[0] != "C" and c not in '<>:"|?*')
    base = base.strip(" .") or "document"
    if len(base) > limit:
        ext = extension(base)
        base = base[: limit - len(ext)] + ext
    return base
