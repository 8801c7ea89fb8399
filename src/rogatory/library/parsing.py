"""Reading library items from files, without touching the database: JSON Lines records
(Markdown laws split into their articles) become ItemData values; errors name the line."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from rogatory.core.limits import MB, TooLarge, lines_at_most

KINDS = ("legislation", "case_law", "treaty", "bibliography", "strategy", "wg_document")
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
TAG_FIELDS = ("crime_types", "issues", "articles")
CASE_FIELDS = ("court", "parties", "facts", "outcome", "keywords", "law_applied")
TEXT_FIELDS = ("summary", "category", "source", "authors", "symbol", "session",
               "agenda_items", *CASE_FIELDS)
# Categories of the cn-laws corpus that are case law rather than legislation.
CASE_CATEGORIES = ("案例",)
# One record (a whole law with its text) is at most this long: a longer line is refused.
MAX_RECORD_BYTES = 16 * MB

CN_NUMERAL = "零〇一二三四五六七八九十百千两"
ARTICLE = re.compile(
    rf"^(?P<num>第[{CN_NUMERAL}\d]+条(?:之[{CN_NUMERAL}]+)?)(?:[\s\u3000]+|$)(?P<rest>.*)$"
    r"|^(?P<word>Article|Art\.|Artículo|Articulo|Статья|المادة|Section|Sección|Seccion)"
    r"\s+(?P<wnum>[\w.\-]+?)\.?(?:\s*[.:\u2013\u2014-]\s*|\s+|$)(?P<wrest>.*)$",
    re.IGNORECASE,
)
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
EMPHASIS = re.compile(r"^[*_]{1,3}|[*_]{1,3}$")


class RecordInvalid(ValueError):
    """A record that cannot be imported, with a reader-facing reason."""


@dataclass
class ProvisionData:
    number: str
    heading: str
    text: str
    division: str = ""


@dataclass
class ItemData:
    external_id: str
    title: str
    kind: str
    language: str
    state: str | None
    date: datetime.date | None = None
    text: str = ""
    restricted: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    tags: dict[str, list[str]] = field(default_factory=dict)
    provisions: list[ProvisionData] = field(default_factory=list)
    content_hash: str = ""


def content_hash(value: object) -> str:
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def _provision_start(line: str) -> tuple[str, str, str] | None:
    """(number, heading, first text) when `line` opens an article or section."""
    match = ARTICLE.match(EMPHASIS.sub("", line))
    if not match:
        return None
    if match.group("num"):
        return match.group("num"), "", match.group("rest").strip()
    number = f"{match.group('word')} {match.group('wnum')}"
    rest = EMPHASIS.sub("", match.group("wrest").strip())
    # "Article 16 - Extradition" names the article; a long or sentence-like rest is text.
    if rest and len(rest) <= 100 and not rest.endswith((".", ";", ":", "。", "；")):
        return number, rest, ""
    return number, "", rest


def split_markdown(text: str) -> tuple[str, list[ProvisionData]]:
    """Split a Markdown law into its preamble and its articles ("第…条", "Article …",
    "Section …"). Headings above articles (chapters, sections) become their division."""
    preamble: list[str] = []
    provisions: list[ProvisionData] = []
    headings: dict[int, str] = {}
    current: ProvisionData | None = None
    body: list[str] = []

    def close() -> None:
        if current is not None:
            current.text = "\n".join(line for line in body if line).strip()
            provisions.append(current)

    for raw in COMMENT.sub("", text or "").splitlines():
        line = raw.strip()
        heading = HEADING.match(line)
        if heading and not _provision_start(heading.group(2)):
            level = len(heading.group(1))
            if level > 1:
                headings = {k: v for k, v in headings.items() if k < level}
                headings[level] = heading.group(2)
            continue
        start = _provision_start(heading.group(2) if heading else line)
        if start:
            close()
            division = " · ".join(headings[k] for k in sorted(headings))
            current = ProvisionData(start[0], start[1], "", division)
            body = [start[2]]
        elif current is not None:
            body.append(line)
        else:
            preamble.append(line)
    close()
    return "\n".join(line for line in preamble if line).strip(), provisions


def _date(value: object) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError as error:
        raise RecordInvalid(f"date {value!r} is not YYYY-MM-DD") from error


def _tags(record: dict) -> dict[str, list[str]]:
    tags = {}
    for name in TAG_FIELDS:
        value = record.get(name) or []
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",")]
        if not isinstance(value, list):
            raise RecordInvalid(f"{name} must be a list")
        tags[name] = sorted({str(part).strip() for part in value if str(part).strip()})
    return tags


def _kind(record: dict) -> str:
    kind = record.get("kind")
    if not kind:
        category = str(record.get("category") or "")
        return "case_law" if category.startswith(CASE_CATEGORIES) else "legislation"
    if kind not in KINDS:
        raise RecordInvalid(f"unknown type {kind!r}")
    return kind


def item_from_record(record: object) -> ItemData:
    """One JSON Lines record (the shape of cn-laws.jsonl.gz, plus optional library fields)."""
    if not isinstance(record, dict):
        raise RecordInvalid("not a JSON object")
    external_id = str(record.get("id") or "").strip()
    if not external_id:
        raise RecordInvalid("missing id")
    title = str(record.get("title") or "").strip()
    if not title:
        raise RecordInvalid("missing title")
    language = str(record.get("language") or "").strip().lower()
    if language not in LANGUAGES:
        raise RecordInvalid(f"unsupported language {language!r}")
    country = str(record.get("country") or "").strip().upper() or None
    preamble, provisions = split_markdown(str(record.get("text") or ""))
    fields = {name: str(record.get(name) or "").strip()[:10_000] for name in TEXT_FIELDS}
    fields["source"] = fields["source"] or str(record.get("source_path") or "")
    if not fields["summary"] and provisions:
        fields["summary"] = preamble
    return ItemData(
        external_id=external_id, title=title[:500], kind=_kind(record), language=language,
        state=country if country not in ("INT", "UN") else None, date=_date(record.get("date")),
        text="" if provisions else preamble, restricted=bool(record.get("restricted")),
        fields=fields, tags=_tags(record), provisions=provisions,
        content_hash=content_hash(record),
    )


def open_binary(path: str | Path) -> BinaryIO:
    """A file's bytes, gunzipped when it is gzip (by its magic bytes, not its name)."""
    path = Path(path)
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gzipped else path.open("rb")


def _record(raw: bytes) -> tuple[ItemData | None, str | None, str]:
    """(item, record id, error) of one line; exactly one of item and error is set."""
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, None, "not UTF-8 text"
    except json.JSONDecodeError as error:
        return None, None, f"not valid JSON ({error.msg})"
    except RecursionError:
        return None, None, "not valid JSON (nested too deeply)"
    record_id = str(record.get("id") or "") if isinstance(record, dict) else None
    try:
        return item_from_record(record), record_id, ""
    except RecordInvalid as error:
        return None, record_id, str(error)


def read_jsonl(path: str | Path, max_record_bytes: int = MAX_RECORD_BYTES,
               ) -> Iterator[tuple[int, ItemData | None, str | None, str]]:
    """Yield (line, item, record id, error) for every non-blank line; exactly one of item
    and error is set. A line longer than `max_record_bytes` (a decompression bomb, or not
    JSON Lines at all) or a damaged gzip stream ends the reading with an error: memory stays
    bounded whatever the file holds."""
    number = 0
    with open_binary(path) as handle:
        try:
            for number, line in lines_at_most(handle, max_record_bytes):
                if line.strip():
                    yield number, *_record(line)
        except TooLarge as error:
            yield error.line, None, None, f"{error}; the rest of the file was not read"
        except (OSError, EOFError, zlib.error) as error:
            yield number + 1, None, None, f"damaged gzip file ({error}); the rest was not read"
