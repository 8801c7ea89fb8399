"""Language-aware text analysis for the library search: plain Python, no Django.

The same analysis runs when a text is indexed and when a query is parsed, so both search
backends (SQLite FTS5 and PostgreSQL) store and match the same tokens:

- Chinese (Han script): jieba word segmentation in search mode (a word and the shorter
  dictionary words inside it, so 引渡 finds 引渡法), without the HMM so that a query and a
  document segment the same characters the same way.
- Arabic script: diacritics and tatweel removed, alef, hamza, ya/alef maqsura and ta marbuta
  forms unified, then the Snowball Arabic stemmer.
- Cyrillic: the Snowball Russian stemmer.
- Latin: the Snowball stemmer of the text's language (English, French, Spanish; English for
  others); a query of unknown language tries all three.
Tokens are lower-case runs of letters and digits, joined by spaces: a "simple" tokenizer
(FTS5 `ascii`, PostgreSQL `simple`) over them changes nothing.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
LATIN_STEMMERS = {"en": "english", "fr": "french", "es": "spanish"}
QUERY_LATIN_LANGUAGES = ("en", "fr", "es")

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Combining marks (Latin accents written apart, Arabic tashkeel) belong to their word.
MARKS = r"\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
# A run of Han characters, or a run of other letters/digits (underscore excluded).
WORD_PATTERN = rf"(?:[^\W_{HAN}]|[{MARKS}])+"
CHUNK = re.compile(rf"[{HAN}]+|{WORD_PATTERN}")
WORD = re.compile(WORD_PATTERN)
HAN_START = re.compile(rf"[{HAN}]")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Tashkeel, Quranic marks, superscript alef; tatweel.
ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_LETTERS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",  # alef forms
    "ى": "ي",  # alef maqsura -> ya
    "ة": "ه",  # ta marbuta -> ha
    "ؤ": "ء", "ئ": "ء",  # hamza on carriers -> hamza (مسؤولية = مسئولية)
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4",
    "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
})
# The definite article and the conjunctions/prepositions fused with it; removed before
# stemming so that a word stems the same with and without it.
ARABIC_ARTICLE = re.compile(r"^(?:وال|بال|كال|فال|لل|ال)(?=...)")
PHRASE = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」')

_jieba = None
_jieba_lock = threading.Lock()
_cache_dir: Path | None = None


def configure(cache_dir: str | Path | None) -> None:
    """Where jieba keeps its dictionary cache (the project's data directory)."""
    global _cache_dir
    _cache_dir = Path(cache_dir) if cache_dir else None


def _segmenter():
    """jieba, initialised once and lazily (loading its dictionary takes about a second)."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                if _cache_dir is not None:
                    _cache_dir.mkdir(parents=True, exist_ok=True)
                    tokenizer.cache_file = str(_cache_dir / "jieba.cache")
                tokenizer.initialize()
                _jieba = tokenizer
    return _jieba


def warm_up() -> None:
    """Load jieba now rather than in the first Chinese search a server process answers
    (several seconds on a busy machine, paid by that user)."""
    _segmenter()


_per_thread = threading.local()


def _stemmer(name: str):
    """This thread's Snowball stemmer: a stemmer keeps the word it is working on in the
    object, so threads sharing one (gunicorn's gthread workers) garble each other's words
    and fail with IndexError."""
    stemmers = _per_thread.__dict__.setdefault("stemmers", {})
    if name not in stemmers:
        stemmers[name] = snowballstemmer.stemmer(name)
    return stemmers[name]


def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize_arabic(word: str) -> str:
    return ARABIC_MARKS.sub("", word).translate(ARABIC_LETTERS)


@lru_cache(maxsize=200_000)
def _word_token(word: str, language: str) -> str:
    """One non-Han word as an index token, for a text in `language`."""
    word = word.lower()
    if ARABIC_SCRIPT.search(word):
        word = ARABIC_ARTICLE.sub("", normalize_arabic(word))
        return _stemmer("arabic").stemWord(word) if not word.isdigit() else word
    if CYRILLIC.search(word):
        return _stemmer("russian").stemWord(word.replace("ё", "е"))
    if word.isdigit():
        return word
    stemmer = LATIN_STEMMERS.get(language, "english")
    return _strip_accents(_stemmer(stemmer).stemWord(word))


def scan(text: str, language: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) of each index token of `text`."""
    for chunk in CHUNK.finditer(text or ""):
        word, start = chunk.group(), chunk.start()
        if HAN_START.match(word):
            for term, begin, end in _segmenter().tokenize(word, mode="search", HMM=False):
                yield term, start + begin, start + end
        else:
            term = _word_token(word, language)
            if term:
                yield term, start, chunk.end()


def index_terms(text: str, language: str) -> list[str]:
    """The index tokens of `text`, without offsets (what indexing and queries need)."""
    return [term for term, _start, _end in scan(text, language)]


@lru_cache(maxsize=256)
def _han_pattern(terms: frozenset[str]) -> re.Pattern | None:
    """The query's Chinese tokens as one pattern, longest first."""
    han = sorted((term for term in terms if HAN_START.match(term)), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, han))) if han else None


def hit_spans(text: str, language: str, terms: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Where `text` holds the query's tokens, for highlighting: in order, not overlapping,
    found as they are read (a snippet stops at its end). Chinese tokens are matched
    verbatim (they are substrings of the text), which spares segmenting every snippet."""
    han_pattern = _han_pattern(terms)
    if all(HAN_START.match(term) for term in terms):  # Chinese words only: no other word
        if han_pattern:
            yield from (match.span() for match in han_pattern.finditer(text or ""))
        return
    if han_pattern is None:  # no Chinese words: only the other words can match
        yield from (word.span() for word in WORD.finditer(text or "")
                    if _word_token(word.group(), language) in terms)
        return
    for chunk in CHUNK.finditer(text or ""):
        word, start = chunk.group(), chunk.start()
        if HAN_START.match(word):
            yield from ((start + m.start(), start + m.end()) for m in han_pattern.finditer(word))
        elif _word_token(word, language) in terms:
            yield start, chunk.end()


def analyze(text: str, language: str) -> str:
    """The analysed form of `text`: its tokens, separated by spaces, ready to index."""
    return " ".join(index_terms(text, language))


@dataclass(frozen=True)
class Term:
    """One query word: a document matches if it holds any of the variants."""

    variants: tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    """A quoted phrase: a document matches if it holds any variant's tokens in order."""

    variants: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Either:
    """Query words and their equivalents in other languages: a document matches if it
    matches every clause of any one option."""

    options: tuple[tuple[Term | Phrase, ...], ...]


Clause = Term | Phrase | Either


def _tokens(clause: Clause) -> Iterator[str]:
    if isinstance(clause, Either):
        for option in clause.options:
            for each in option:
                yield from _tokens(each)
        return
    for variant in clause.variants:
        yield from (variant,) if isinstance(variant, str) else variant


@dataclass
class Query:
    clauses: list[Clause] = field(default_factory=list)
    # (language, term) of every equivalent an expansion added, for the reader to see.
    also: tuple[tuple[str, str], ...] = ()
    tags: tuple[str, ...] = ()  # tag values whose items an expansion added

    def __bool__(self) -> bool:
        return bool(self.clauses)

    def as_written(self) -> Query | None:
        """The query without the equivalents an expansion added (None: nothing added)."""
        if not any(isinstance(clause, Either) for clause in self.clauses):
            return None
        return Query([each for clause in self.clauses
                      for each in (clause.options[0] if isinstance(clause, Either) else (clause,))])

    @property
    def terms(self) -> frozenset[str]:
        """Every token a document may hold for this query (what to highlight)."""
        return frozenset(token for clause in self.clauses for token in _tokens(clause))


def _query_languages(language: str | None) -> tuple[str, ...]:
    return (language,) if language else QUERY_LATIN_LANGUAGES


def _variants(text: str, language: str | None) -> list[tuple[str, ...]]:
    """The token sequences of `text` under each language a query may be in (deduplicated)."""
    seen: dict[tuple[str, ...], None] = {}
    for lang in _query_languages(language):
        seq = tuple(index_terms(text, lang))
        if seq:
            seen.setdefault(seq, None)
    return list(seen)


def parse_query(text: str, language: str | None = None) -> Query:
    """Words are ANDed; "quoted text" is a phrase. Without `language`, Latin words match
    the English, French or Spanish stem."""
    query = Query()
    rest = text or ""
    for match in PHRASE.finditer(rest):
        phrase = next(group for group in match.groups() if group is not None)
        variants = _variants(phrase, language)
        if variants and len(variants[0]) == 1:
            query.clauses.append(Term(tuple(variant[0] for variant in variants)))
        elif variants:
            query.clauses.append(Phrase(tuple(variants)))
    rest = PHRASE.sub(" ", rest)
    for chunk in CHUNK.finditer(rest):
        if HAN_START.match(chunk.group()):
            # A Chinese word group: every segment must occur (as it will in a document).
            for term in dict.fromkeys(index_terms(chunk.group(), "zh")):
                query.clauses.append(Term((term,)))
            continue
        variants = tuple(dict.fromkeys(variant[0] for variant in _variants(chunk.group(),
                                                                            language)))
        if variants:
            query.clauses.append(Term(variants))
    return query
