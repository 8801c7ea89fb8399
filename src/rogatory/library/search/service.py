"""The library's one search service: parse the query with the shared analysis, let the
backend of the database find and score candidate passages, then rank, page, facet and
highlight them the same way whichever backend found them."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rogatory.library.models import Item, Passage, Tag
from rogatory.library.search import analysis
from rogatory.library.search.backends import Backend, Source, get_backend

# Rank only what we must: at most CAP candidates are scored (plus the best title matches),
# so a term found in half the corpus still answers its first page quickly.
CAP = 10_000
TITLE_CAP = 1_000
PAGE_SIZE = 20
SNIPPET_CHARS = 240
FILTERS = ("country", "type", "language", "crime_type", "issue", "article", "year")
TAG_FILTERS = {"crime_type": Tag.Kind.CRIME_TYPE, "issue": Tag.Kind.ISSUE,
               "article": Tag.Kind.ARTICLE}
INTERNATIONAL = "intl"


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1
    page_size: int = PAGE_SIZE
    include_restricted: bool = False
    facets: bool = True


@dataclass
class Hit:
    passage: Passage
    score: float
    title: SafeString
    snippet: SafeString

    @property
    def item(self):
        return self.passage.item

    @property
    def provision(self):
        return self.passage.provision

    @property
    def url(self) -> str:
        target = self.provision or self.item
        return target.get_absolute_url()


@dataclass
class SearchResult:
    request: SearchRequest
    hits: list[Hit]
    total: int
    complete: bool  # False: more than CAP passages match; total and facets cover CAP of them
    facets: dict[str, Counter]
    backend: str

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.request.page_size))


def _where(request: SearchRequest) -> tuple[str, list]:
    """The SQL condition (on passage `p`) for the caller's access and the filters."""
    conditions, params = ["1 = 1"], []
    if not request.include_restricted:
        conditions.append("p.restricted = %s")
        params.append(False)
    filters = request.filters
    if filters.get("country") == INTERNATIONAL:
        conditions.append("p.state_id IS NULL")
    elif filters.get("country"):
        conditions.append("p.state_id = %s")
        params.append(filters["country"].upper())
    for name, column in (("type", "kind"), ("language", "language")):
        if filters.get(name):
            conditions.append(f"p.{column} = %s")
            params.append(filters[name])
    if filters.get("year"):
        conditions.append("p.year = %s")
        params.append(int(filters["year"]))
    for name, kind in TAG_FILTERS.items():
        if filters.get(name):
            conditions.append("p.item_id IN (SELECT t.item_id FROM library_tag t "
                              "WHERE t.kind = %s AND t.value = %s)")
            params += [kind, filters[name]]
    return " AND ".join(conditions), params


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _count(source: Source, where: str, params: list) -> int:
    """Matching passages, counted up to CAP + 1 (enough to know whether all are ranked)."""
    # SQL fragments here are built from constants; every value is a parameter.
    sql = f"SELECT count(*) FROM (SELECT 1 {source.sql} AND {where} LIMIT %s) c"  # noqa: S608
    return _fetch(sql, [*source.params, *params, CAP + 1])[0][0]


def _candidates(backend: Backend, query: analysis.Query, where: str, params: list,
                complete: bool, scored: bool = True) -> tuple[str, list]:
    """SQL for the candidates to rank: the first CAP matches and, when there are more, the
    title matches too (which the weighting puts first and an arbitrary cut could miss)."""
    source = backend.source(query) if query else backend.browse()
    score = source.score if scored else "0"
    base = (f"SELECT p.id, p.item_id, p.state_id, p.kind, p.language, p.year, "
            f"{score} AS score {source.sql} AND {where}")
    sql, args = f"{base} {source.order} LIMIT %s", [*source.params, *params, CAP]
    if query and not complete:
        title = backend.source(query, title_only=True)
        sql = (f"SELECT * FROM ({sql}) a UNION SELECT * FROM ({base} AND p.id IN "  # noqa: S608
               f"(SELECT p.id {title.sql} AND {where} LIMIT %s)) b")
        args += [*source.params, *params, *title.params, *params, TITLE_CAP]
    return sql, args


def _facets(rows: list[tuple]) -> dict[str, Counter]:
    """Counts of matching passages per facet value, from (item, State, type, language,
    year) rows."""
    facets = {"country": Counter(), "type": Counter(), "language": Counter(), "year": Counter(),
              "crime_type": Counter(), "issue": Counter(), "article": Counter()}
    per_item: Counter = Counter()
    for item_id, state, kind, language, year in rows:
        facets["country"][state or INTERNATIONAL] += 1
        facets["type"][kind] += 1
        facets["language"][language] += 1
        if year:
            facets["year"][str(year)] += 1
        per_item[item_id] += 1
    names = {Tag.Kind.CRIME_TYPE: "crime_type", Tag.Kind.ISSUE: "issue",
             Tag.Kind.ARTICLE: "article"}
    item_ids = list(per_item)
    for start in range(0, len(item_ids), 5000):
        tags = Tag.objects.filter(item_id__in=item_ids[start:start + 5000]).values_list(
            "item_id", "kind", "value")
        for item_id, kind, value in tags:
            facets[names[kind]][value] += per_item[item_id]
    return facets


def _window(text: str, terms: frozenset[str], limit: int) -> tuple[int, int]:
    """Where to analyse a long text: around the first place a term appears verbatim (Chinese
    words and most stems do), so that a snippet never needs the whole text segmented."""
    if len(text) <= 2 * limit:
        return 0, len(text)
    lowered = text.lower()
    found = [position for position in (lowered.find(term) for term in terms) if position >= 0]
    centre = min(found) if found else 0
    start = max(0, centre - limit)
    return start, min(len(text), start + 2 * limit)


def highlight(text: str, language: str, terms: frozenset[str],
              limit: int | None = SNIPPET_CHARS) -> SafeString:
    """`text` (escaped) with the query's tokens marked; cut to a window around the first
    hit when `limit` is given."""
    text = text or ""
    start, end = _window(text, terms, limit) if limit else (0, len(text))
    spans = [(a + start, b + start)
             for a, b in analysis.hit_spans(text[start:end], language, terms)]
    if limit and end - start > limit:
        first = spans[0][0] if spans else start
        start = max(start, first - limit // 3)
        end = min(end, start + limit)
    parts, cursor = [], start
    for begin, finish in spans:
        if begin < cursor or finish > end:
            continue
        parts += [escape(text[cursor:begin]), "<mark>", escape(text[begin:finish]), "</mark>"]
        cursor = finish
    parts.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 (every piece escaped)


def _body_text(passage: Passage) -> str:
    if passage.provision is not None:
        return passage.provision.text
    item = passage.item
    return item.summary or item.facts or item.text or item.outcome or ""


def _load_item_texts(passages: list[Passage]) -> None:
    """The deferred full text of the items whose passage is the item itself (their snippet
    may come from it), in one query rather than one per hit."""
    texts = dict(Item.objects.filter(pk__in={p.item_id for p in passages})
                 .values_list("pk", "text"))
    for passage in passages:
        passage.item.text = texts.get(passage.item_id, "")


def _hits(page: list[tuple[int, float]], terms: frozenset[str]) -> list[Hit]:
    # The analysed tokens and an item's full text can be long: loaded only when needed.
    passages = (Passage.objects.select_related("item", "item__state", "provision")
                .defer("title_tokens", "body_tokens", "item__text")
                .in_bulk([passage_id for passage_id, _score in page]))
    _load_item_texts([p for p in passages.values() if p.provision is None])
    hits = []
    for passage_id, score in page:
        passage = passages[passage_id]
        if passage.provision is not None:
            # The provision's link and label name its item: share the one loaded above
            # rather than one query per hit for the whole item, full text included.
            passage.provision.item = passage.item
        language = passage.language
        label = str(passage.provision) if passage.provision is not None else passage.item.title
        hits.append(Hit(passage, float(score or 0), highlight(label, language, terms, None),
                        highlight(_body_text(passage), language, terms)))
    return hits


def search(request: SearchRequest, backend: Backend | None = None) -> SearchResult:
    backend = backend or get_backend()
    query = analysis.parse_query(request.q, request.filters.get("language") or None)
    where, params = _where(request)
    total = _count(backend.source(query) if query else backend.browse(), where, params)
    complete = total <= CAP
    candidates, args = _candidates(backend, query, where, params, complete)
    page = _fetch(f"SELECT id, score FROM ({candidates}) c "  # noqa: S608 (built from constants)
                  "ORDER BY score DESC, id DESC LIMIT %s OFFSET %s",
                  [*args, request.page_size, (request.page - 1) * request.page_size])
    facets = {}
    if request.facets:
        candidates, args = _candidates(backend, query, where, params, complete, scored=False)
        rows = _fetch(f"SELECT item_id, state_id, kind, language, year "  # noqa: S608
                      f"FROM ({candidates}) c", args) if total else []
        facets = _facets(rows)
    return SearchResult(request=request, hits=_hits(page, query.terms), total=min(total, CAP),
                        complete=complete, facets=facets, backend=backend.name)


def clean_filters(raw: dict) -> dict[str, str]:
    """Keep the known filters with a plausible value (anything else is ignored)."""
    filters = {}
    for name in FILTERS:
        value = str(raw.get(name) or "").strip()
        if value and re.fullmatch(r"[\w.\-]{1,60}", value):
            filters[name] = value
    if "year" in filters and not filters["year"].isdigit():
        del filters["year"]
    return filters
