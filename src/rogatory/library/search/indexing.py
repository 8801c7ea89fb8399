"""Keeping the search passages of an item in step with the item and its provisions."""

from __future__ import annotations

from collections.abc import Iterable

from rogatory.library.models import Item, Passage, Provision
from rogatory.library.search.analysis import analyze

# A tsvector holds at most 1 MB; a text longer than this is indexed by its beginning.
MAX_INDEXED_CHARS = 200_000


def _item_body(item: Item) -> str:
    parts = [item.summary, item.symbol, item.session, item.agenda_items, item.court,
             item.parties, item.facts, item.outcome, item.keywords, item.law_applied,
             item.authors, item.text]
    return "\n".join(part for part in parts if part)


def _passage(item: Item, provision: Provision | None, title: str, body: str) -> Passage:
    return Passage(
        item=item, provision=provision, kind=item.kind, language=item.language,
        state_id=item.state_id, year=item.date.year if item.date else None,
        restricted=item.restricted,
        title_tokens=analyze(title[:MAX_INDEXED_CHARS], item.language),
        body_tokens=analyze(body[:MAX_INDEXED_CHARS], item.language),
    )


def build_passages(item: Item, provisions: Iterable[Provision]) -> list[Passage]:
    """One passage for the item (title, summary and descriptive fields), one per provision
    (its number and heading as the title, its text as the body)."""
    passages = [_passage(item, None, item.title, _item_body(item))]
    for provision in provisions:
        title = " ".join(part for part in (provision.number, provision.heading) if part)
        passages.append(_passage(item, provision, title, provision.text))
    return passages


def reindex_item(item: Item) -> int:
    """Replace the item's passages (the database triggers update the full-text index)."""
    Passage.objects.filter(item=item).delete()
    passages = build_passages(item, item.provisions.all())
    Passage.objects.bulk_create(passages, batch_size=500)
    return len(passages)
