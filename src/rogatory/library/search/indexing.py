"""Keeping the search passages of an item in step with the item and its provisions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.utils import translation

from rogatory.library.models import CrimeType, Issue, Item, Passage, Provision, Tag
from rogatory.library.search.analysis import analyze, index_terms
from rogatory.library.search.glossary import Tags

# A tsvector holds at most 1 MB; a text longer than this is indexed by its beginning.
MAX_INDEXED_CHARS = 200_000


def _item_body(item: Item) -> str:
    parts = [item.summary, item.symbol, item.session, item.agenda_items, item.court,
             item.parties, item.facts, item.outcome, item.keywords, item.law_applied,
             item.authors, item.text]
    return "\n".join(part for part in parts if part)


# The tags a reader sees as facets with a label (article numbers are not words).
LABELLED_TAGS = {Tag.Kind.CRIME_TYPE: CrimeType, Tag.Kind.ISSUE: Issue}


def tag_token(kind: str, value: str) -> str:
    """The index token an item tagged `value` carries: letters only, so that no analysed
    word can equal it ("tagcrimetypemoneylaundering")."""
    return "tag" + re.sub(r"[^a-z]", "", f"{kind}{value}".lower())


@lru_cache(maxsize=1)
def search_tags() -> Tags:
    """The labelled tags for the query expansion: their index tokens, and their labels in
    the six languages as index tokens (each analysed in its own language)."""
    tokens, labels = {}, {}
    for kind, choices in LABELLED_TAGS.items():
        for value, label in choices.choices:
            tokens[value] = tag_token(kind, value)
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    labels[tuple(index_terms(str(label), code.split("-")[0]))] = value
    return Tags(tokens, labels)


def _passage(item: Item, provision: Provision | None, title: str, body: str,
             extra_tokens: str = "") -> Passage:
    body_tokens = analyze(body[:MAX_INDEXED_CHARS], item.language)
    return Passage(
        item=item, provision=provision, kind=item.kind, language=item.language,
        state_id=item.state_id, year=item.date.year if item.date else None,
        restricted=item.restricted,
        title_tokens=analyze(title[:MAX_INDEXED_CHARS], item.language),
        body_tokens=" ".join(part for part in (body_tokens, extra_tokens) if part),
    )


def build_passages(item: Item, provisions: Iterable[Provision],
                   tags: Iterable[tuple[str, str]] = ()) -> list[Passage]:
    """One passage for the item (title, summary and descriptive fields, and a token per
    crime type or issue among its `tags`, (kind, value) pairs: a search for the tag's
    label finds it, whatever the item's language), one per provision (its number and heading as the
    title, its text as the body)."""
    labels = " ".join(tag_token(kind, value) for kind, value in tags if kind in LABELLED_TAGS)
    passages = [_passage(item, None, item.title, _item_body(item), labels)]
    for provision in provisions:
        title = " ".join(part for part in (provision.number, provision.heading) if part)
        passages.append(_passage(item, provision, title, provision.text))
    return passages


def reindex_item(item: Item) -> int:
    """Replace the item's passages (the database triggers update the full-text index)."""
    Passage.objects.filter(item=item).delete()
    passages = build_passages(item, item.provisions.all(),
                              item.tags.values_list("kind", "value"))
    Passage.objects.bulk_create(passages, batch_size=500)
    return len(passages)
