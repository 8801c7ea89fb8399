"""The library's one search service: parse the query with the shared analysis, let the
backend of the database find and score candidate passages, then rank, page, facet and
highlight them the same way whichever backend found them."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rogatory.library.models import Passage, Tag
from rogatory.library.search import analysis
from rogatory.library.search.backends import Backend, Candidate, get_backend

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


def _candidates(backend: Backend, query: analysis.Query, where: str,
                params: list) -> tuple[list[Candidate], bool]:
    if not query:
        found = backend.browse(where, params, CAP + 1)
        return found[:CAP], len(found) <= CAP
    found = backend.match(query, where, params, CAP + 1)
    if len(found) <= CAP:
        return found, True
    # Too many to rank them all: score the first CAP, plus the title matches, which the
    # weighting puts first anyway and which an arbitrary cut could otherwise miss.
    titles = backend.match(query, where, params, TITLE_CAP, title_only=True)
    seen = {candidate.id for candidate in titles}
    return titles + [c for c in found[:CAP] if c.id not in seen][: CAP - len(titles)], False


def _facets(candidates: list[Candidate]) -> dict[str, Counter]:
    facets = {"country": Counter(), "type": Counter(), "language": Counter(), "year": Counter(),
              "crime_type": Counter(), "issue": Counter(), "article": Counter()}
    per_item: Counter = Counter()
    for candidate in candidates:
        facets["country"][candidate.state or INTERNATIONAL] += 1
        facets["type"][candidate.kind] += 1
        facets["language"][candidate.language] += 1
        if candidate.year:
            facets["year"][str(candidate.year)] += 1
        per_item[candidate.item_id] += 1
    names = {Tag.Kind.CRIME_TYPE: "crime_type", Tag.Kind.ISSUE: "issue",
             Tag.Kind.ARTICLE: "article"}
    item_ids = list(per_item)
    for start in range(0, len(item_ids), 5000):
        rows = Tag.objects.filter(item_id__in=item_ids[start:start + 5000]).values_list(
            "item_id", "kind", "value")
        for item_id, kind, value in rows:
            facets[names[kind]][value] += per_item[item_id]
    return facets


def highlight(text: str, language: str, terms: frozenset[str],
              limit: int | None = SNIPPET_CHARS) -> SafeString:
    """`text` (escaped) with the query's tokens marked; cut to a window around the first
    hit when `limit` is given."""
    text = text or ""
    spans = [token for token in analysis.tokens(text, language) if token.term in terms]
    start, end = 0, len(text)
    if limit and len(text) > limit:
        first = spans[0].start if spans else 0
        start = max(0, first - limit // 3)
        end = min(len(text), start + limit)
    parts, cursor = [], start
    for span in spans:
        if span.start < cursor or span.end > end:
            continue
        parts += [escape(text[cursor:span.start]), "<mark>", escape(text[span.start:span.end]),
                  "</mark>"]
        cursor = span.end
    parts.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 (every piece escaped)


def _body_text(passage: Passage) -> str:
    if passage.provision is not None:
        return passage.provision.text
    item = passage.item
    return item.summary or item.facts or item.text or item.outcome or ""


def _hits(page: list[Candidate], terms: frozenset[str]) -> list[Hit]:
    passages = Passage.objects.select_related("item", "item__state", "provision").in_bulk(
        [candidate.id for candidate in page])
    hits = []
    for candidate in page:
        passage = passages[candidate.id]
        language = passage.language
        if passage.provision is not None:
            label = str(passage.provision)
            title = highlight(label, language, terms, None)
        else:
            title = highlight(passage.item.title, language, terms, None)
        hits.append(Hit(passage, candidate.score, title,
                        highlight(_body_text(passage), language, terms)))
    return hits


def search(request: SearchRequest, backend: Backend | None = None) -> SearchResult:
    backend = backend or get_backend()
    query = analysis.parse_query(request.q, request.filters.get("language") or None)
    where, params = _where(request)
    candidates, complete = _candidates(backend, query, where, params)
    if query:
        candidates.sort(key=lambda candidate: -candidate.score)
    start = (request.page - 1) * request.page_size
    page = candidates[start:start + request.page_size]
    return SearchResult(
        request=request,
        hits=_hits(page, query.terms),
        total=len(candidates),
        complete=complete,
        facets=_facets(candidates) if request.facets else {},
        backend=backend.name,
    )


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
