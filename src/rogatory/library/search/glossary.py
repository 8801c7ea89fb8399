"""Cross-language search: a query's core terms of the field, expanded to their equivalents
in the other UN languages. Plain Python, no Django.

`glossary.csv` (next to this module) holds the terms as the official texts of UNTOC, its
Protocols and UNCAC word them, one row per concept and language, each with the article
where it is used and the source it was read from; a language whose official wording could
not be read has no row (unknown stays unknown, so that concept is not expanded to it).

A run of query words that reads as one of these terms (compared as index tokens, so
"extraditions" or "money laundering" match "Extradition" and "money-laundering") becomes
one clause: those words as the reader wrote them, *or* any of the concept's other terms
(each a phrase; Chinese terms as their words, all required, as a Chinese query is read).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rogatory.library.search.analysis import Clause, Either, Phrase, Query, Term, index_terms
from rogatory.library.search.analysis import parse_query as _parse


@dataclass(frozen=True)
class Entry:
    concept: str
    language: str
    term: str
    article: str
    source: str
    source_kind: str
    read_on: str

    @property
    def tokens(self) -> tuple[str, ...]:
        return _entry_tokens(self.term, self.language)

    def clauses(self) -> tuple[Clause, ...]:
        """The term as a query in its own language."""
        text = self.term if self.language == "zh" else f'"{self.term}"'
        return tuple(_parse(text, self.language).clauses)


@lru_cache(maxsize=512)
def _entry_tokens(term: str, language: str) -> tuple[str, ...]:
    return tuple(index_terms(term, language))


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    with resources.files(__package__).joinpath("glossary.csv").open(encoding="utf-8") as data:
        return tuple(Entry(**{name: row[name] for name in Entry.__dataclass_fields__})
                     for row in csv.DictReader(data))


@dataclass(frozen=True, eq=False)
class Tags:
    """The library's classification (crime types, issues) as the search sees it: the index
    token every item tagged with a value carries, and the tokens of the value's label in
    each language. A tag value that is also a glossary concept (money_laundering) is
    searched with that concept."""

    tokens: dict[str, str]  # tag value -> index token of the items tagged with it
    labels: dict[tuple[str, ...], str]  # a label's tokens (any language) -> tag value


NO_TAGS = Tags({}, {})
Index = dict[str, list[tuple[tuple[str, ...], str]]]


@lru_cache(maxsize=4)
def _by_first_token(tags: Tags = NO_TAGS) -> Index:
    """First index token -> (tokens, concept) of the terms starting with it, longest first."""
    index: Index = {}
    known = [(entry.tokens, entry.concept) for entry in entries()]
    for tokens, concept in [*known, *tags.labels.items()]:
        if tokens and (tokens, concept) not in index.get(tokens[0], []):
            index.setdefault(tokens[0], []).append((tokens, concept))
    for candidates in index.values():
        candidates.sort(key=lambda candidate: len(candidate[0]), reverse=True)
    return index


def _holds(clause: Clause, token: str) -> bool:
    return isinstance(clause, Term) and token in clause.variants


def _phrase_term(clause: Clause, index: Index) -> tuple[tuple[str, ...], str] | None:
    """A quoted phrase that is a term of the glossary, with its concept."""
    if not isinstance(clause, Phrase):
        return None
    for variant in clause.variants:
        for tokens, concept in index.get(variant[0], []):
            if tokens == variant:
                return tokens, concept
    return None


def _match(clauses: list[Clause], start: int,
           index: Index) -> tuple[int, tuple[str, ...], str] | None:
    """The longest glossary term the clauses from `start` read as: (how many clauses,
    its tokens, its concept)."""
    phrase = _phrase_term(clauses[start], index)
    if phrase:
        return 1, *phrase
    first = clauses[start]
    if not isinstance(first, Term):
        return None
    for variant in first.variants:
        for tokens, concept in index.get(variant, []):
            following = clauses[start:start + len(tokens)]
            if len(following) == len(tokens) and all(map(_holds, following, tokens)):
                return len(tokens), tokens, concept
    return None


def expand(query: Query, tags: Tags = NO_TAGS, read_as: Query | None = None) -> Query:
    """The query with each glossary term or tag label it holds widened to the term's
    equivalents and the items tagged with it. `read_as`: the same words read in every
    language (clause for clause), to recognise a term however a language filter stems it."""
    index = _by_first_token(tags)
    reading = read_as.clauses if read_as and len(read_as.clauses) == len(query.clauses) \
        else query.clauses
    clauses, also, tagged, position = [], [], [], 0
    while position < len(query.clauses):
        found = _match(reading, position, index)
        if found is None:
            clauses.append(query.clauses[position])
            position += 1
            continue
        length, tokens, concept = found
        others = [entry for entry in entries()
                  if entry.concept == concept and entry.tokens != tokens]
        options = [tuple(query.clauses[position:position + length]),
                   *(entry.clauses() for entry in others)]
        if concept in tags.tokens:
            options.append((Term((tags.tokens[concept],)),))
            tagged.append(concept)
        clauses.append(Either(tuple(option for option in dict.fromkeys(options) if option)))
        also += [(entry.language, entry.term) for entry in others]
        position += length
    return Query(clauses, also=tuple(dict.fromkeys(also)), tags=tuple(dict.fromkeys(tagged)))


def parse_query(text: str, language: str | None = None, expand_terms: bool = True,
                tags: Tags = NO_TAGS) -> Query:
    """The query as the search runs it: parsed, then (unless turned off) expanded."""
    query = _parse(text, language)
    if not expand_terms:
        return query
    return expand(query, tags, _parse(text) if language else None)
