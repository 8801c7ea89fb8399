"""The library's one search service: parse the query with the shared analysis, let the
backend of the database find and score candidate passages, then rank, page, facet and
highlight them the same way whichever backend found them."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape  # what django.utils.html.escape does, without the lazy-text wrapper

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection
from django.db.models import Field, Model
from django.utils.safestring import SafeString, mark_safe

from rogatory.library.models import Item, Passage, Provision, Tag
from rogatory.library.search import analysis, glossary
from rogatory.library.search.backends import Backend, Source, get_backend
from rogatory.library.search.indexing import search_tags
from rogatory.states.models import State

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
# The passage columns candidates carry (with the id, which keeps them distinct).
PAGE_COLUMNS = "p.id, p.item_id, p.provision_id, p.language"
FACET_COLUMNS = "p.id, p.item_id, p.state_id, p.kind, p.language, p.year"


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1
    page_size: int = PAGE_SIZE
    include_restricted: bool = False
    facets: bool = True
    expand: bool = True  # the query's core terms also searched in the other languages


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
    also: tuple[tuple[str, str], ...] = ()  # (language, term) the expansion added
    tags: tuple[str, ...] = ()  # crime types and issues whose items the expansion added

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


# PostgreSQL planner settings for a statement that takes capped candidates, set in the
# statement's own query string (one round trip; SET LOCAL ends with it, RESET ends it
# inside a caller's transaction too). Past the cap the candidates are the first CAP
# matches as the database reads them: FTS5 in rowid order, PostgreSQL in the table's
# physical order, the same for a bitmap or index scan, but not if a sequential scan joins
# one already running elsewhere in the table (synchronize_seqscans) or workers share it
# (parallel query): both off, so that a query's pages do not change with the plan or the
# server's other work. And no sequential scan: for a LIMIT the planner assumes matches are
# spread evenly through the table and reads it from the start, through every passage
# before the first match (150,000 Chinese passages before the first "articl"); the GIN
# bitmap goes straight to the matches.
# (Several statements in one string: psycopg's client-side binding, Django's default, sends
# it as one simple query.)
CAPPED_SETTINGS = {"synchronize_seqscans": "off", "max_parallel_workers_per_gather": "0",
                   "enable_seqscan": "off"}
CAPPED_SET = "".join(f"SET LOCAL {name} = {value}; " for name, value in CAPPED_SETTINGS.items())
CAPPED_RESET = "".join(f"; RESET {name}" for name in CAPPED_SETTINGS)


def fetch_capped(sql: str, params: list) -> list[tuple]:
    """The rows of `sql`, a statement that takes capped candidates (`CAPPED_SET`)."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall()
        cursor.execute(CAPPED_SET + sql + CAPPED_RESET, params)
        for _setting in CAPPED_SETTINGS:  # past the settings' empty results
            cursor.nextset()
        return cursor.fetchall()


def _candidates(backend: Backend, query: analysis.Query, where: str, params: list,
                titles: tuple[str, list] | None, columns: str,
                scored: bool = True) -> tuple[str, list]:
    """SQL for the candidates to rank: the first CAP matches (`CAPPED_SET`) and, when
    there are more, the title matches too (which the weighting puts first and an arbitrary
    cut could miss), as many as the SQL expression `titles` (with its parameters) says: a
    LIMIT of 0 skips their search altogether."""
    source = backend.source(query) if query else backend.browse()
    score, score_params = (source.score, source.score_params) if scored else ("0", [])
    base = f"SELECT {columns}, {score} AS score {source.sql} AND {where}"
    sql, args = f"{base} {source.order} LIMIT %s", [*score_params, *source.params, *params, CAP]
    if query and titles:
        title = backend.source(query, title_only=True)
        sql = (f"SELECT * FROM ({sql}) a UNION SELECT * FROM ({base} AND p.id IN "  # noqa: S608  # nosec B608
               f"(SELECT p.id {title.sql} AND {where} LIMIT %s) LIMIT {titles[0]}) b")
        args += [*score_params, *source.params, *params, *title.params, *params, TITLE_CAP,
                 *titles[1]]
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
    hit when `limit` is given (the text is analysed up to the window's end only)."""
    text = text or ""
    offset, end = _window(text, terms, limit) if limit else (0, len(text))
    spans = analysis.hit_spans(text[offset:end], language, terms)
    start = offset
    if limit and end - start > limit:
        first = next(spans, None)
        start = max(start, first[0] + offset - limit // 3) if first else start
        end = min(end, start + limit)
        spans = itertools.chain([first] if first else [], spans)
    parts, cursor = [], start
    for begin, finish in ((a + offset, b + offset) for a, b in spans):
        if finish > end:  # the spans come in order: the rest lie beyond the window
            break
        if begin >= cursor:
            parts += [escape(text[cursor:begin]), "<mark>", escape(text[begin:finish]),
                      "</mark>"]
            cursor = finish
    parts.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308  # every piece escaped  # nosec B308 B703


# What a hit shows, read with its page in the ranking statement: the passage, its item's
# summary fields, its provision's label, and the text its snippet is cut from (the item's
# full text only when it has nothing shorter).
PASSAGE_FIELDS = ("id", "item_id", "provision_id", "language")
ITEM_FIELDS = ("id", "kind", "title", "state_id", "language", "date", "restricted",
               "external_id")
PROVISION_FIELDS = ("id", "order", "number", "heading")
STATE_FIELDS = ("alpha2", "short_names")  # the item's State, named by its UN short name
BODY = ("CASE WHEN c.provision_id IS NULL THEN COALESCE(NULLIF(i.summary, ''), "
        "NULLIF(i.facts, ''), NULLIF(i.text, ''), i.outcome) ELSE pr.text END")


def _page_sql(source: Source, where: str, candidates: str) -> str:
    """The matches counted up to CAP + 1 and one page of the ranked candidates, with what
    the hits show: one row per hit, each with the count (one row of NULLs and the count
    when the page is empty). Title matches join the candidates past CAP matches."""
    quote = connection.ops.quote_name
    columns = ", ".join([*(f"c.{quote(name)}" for name in PASSAGE_FIELDS),
                         *(f"i.{quote(name)}" for name in ITEM_FIELDS),
                         *(f"pr.{quote(name)}" for name in PROVISION_FIELDS),
                         *(f"st.{quote(name)}" for name in STATE_FIELDS), BODY])
    # Built from constants; every value is a parameter.
    return (f"WITH n AS (SELECT count(*) AS total FROM (SELECT 1 {source.sql} AND {where} "  # noqa: S608  # nosec B608
            f"LIMIT %s) m) SELECT n.total, c.score, {columns} FROM n LEFT JOIN "
            f"(SELECT * FROM ({candidates}) c0 ORDER BY score DESC, id DESC LIMIT %s OFFSET %s) c "
            "ON 1 = 1 LEFT JOIN library_item i ON i.id = c.item_id "
            "LEFT JOIN library_provision pr ON pr.id = c.provision_id "
            f"LEFT JOIN {State._meta.db_table} st ON st.alpha2 = i.state_id "
            "ORDER BY c.score DESC, c.id DESC")


@lru_cache(maxsize=32)
def _reader(model: type[Model], names: tuple[str, ...], alias: str,
            vendor: str) -> Callable[[Sequence], Model]:
    """Makes instances of `model` from the values of the columns `names` (the other fields
    deferred), converted as the ORM converts them on `vendor` (dates, booleans on SQLite)."""
    fields = [model._meta.get_field(name) for name in names]
    attnames = [each.attname for each in fields]
    conversions = []
    for index, each in enumerate(fields):
        column = each.get_col(model._meta.db_table)
        converters = [*connection.ops.get_db_converters(column),
                      *column.get_db_converters(connection)]
        if converters:
            conversions.append((index, column, converters))

    def read(values: Sequence) -> Model:
        values = list(values)
        for index, column, converters in conversions:
            for convert in converters:
                values[index] = convert(values[index], column, connection)
        return model.from_db(alias, attnames, values)

    return read


@lru_cache(maxsize=16)
def _field(model: type[Model], name: str) -> Field:
    return model._meta.get_field(name)


def _relate(instance: Model, name: str, related: Model) -> None:
    """What select_related does: `related` cached as the instance's `name`."""
    _field(type(instance), name).set_cached_value(instance, related)


class _Hits:
    """Hits from the rows of `_page_sql`, with their passage, item and provision (an item
    and a State read once per page)."""

    ENDS = tuple(itertools.accumulate(map(len, (PASSAGE_FIELDS, ITEM_FIELDS,
                                                 PROVISION_FIELDS, STATE_FIELDS))))

    def __init__(self, terms: frozenset[str]) -> None:
        self.terms = terms
        self.items: dict[int, Item] = {}
        self.states: dict[str, State] = {}
        database = connection.alias, connection.vendor
        self.passage = _reader(Passage, PASSAGE_FIELDS, *database)
        self.provision = _reader(Provision, PROVISION_FIELDS, *database)
        self.read_item = _reader(Item, ITEM_FIELDS, *database)
        self.read_state = _reader(State, STATE_FIELDS, *database)

    def item(self, values: Sequence, state: Sequence) -> Item:
        if values[0] not in self.items:
            item = self.items[values[0]] = self.read_item(values)
            if item.state_id:  # read with the row: its code and UN names
                if item.state_id not in self.states:
                    self.states[item.state_id] = self.read_state(state)
                _relate(item, "state", self.states[item.state_id])
        return self.items[values[0]]

    def __call__(self, row: tuple) -> Hit:
        _total, score, *values = row
        first, second, third, fourth = self.ENDS
        passage = self.passage(values[:first])
        item = self.item(values[first:second], values[third:fourth])
        _relate(passage, "item", item)
        label = item.title
        if passage.provision_id is not None:
            provision = self.provision(values[second:third])
            provision.item_id = item.pk
            _relate(provision, "item", item)
            _relate(passage, "provision", provision)
            label = str(provision)
        language, terms = passage.language, self.terms
        return Hit(passage, float(score or 0), highlight(label, language, terms, None),
                   highlight(values[fourth] or "", language, terms))


def _ranked_page(backend: Backend, query: analysis.Query, where: str, params: list,
                 request: SearchRequest) -> tuple[list[tuple], int]:
    """The page's rows and the number of matches (up to CAP + 1), in one statement."""
    source = backend.source(query) if query else backend.browse()
    over_cap = ("CASE WHEN (SELECT total FROM n) > %s THEN %s ELSE 0 END", [CAP, TITLE_CAP])
    candidates, args = _candidates(backend, query, where, params, over_cap, PAGE_COLUMNS)
    rows = fetch_capped(_page_sql(source, where, candidates),
                  [*source.params, *params, CAP + 1, *args, request.page_size,
                   (request.page - 1) * request.page_size])
    return [row for row in rows if row[2] is not None], rows[0][0]


def search(request: SearchRequest, backend: Backend | None = None) -> SearchResult:
    backend = backend or get_backend()
    query = glossary.parse_query(request.q, request.filters.get("language") or None,
                                 request.expand, search_tags())
    where, params = _where(request)
    rows, total = _ranked_page(backend, query, where, params, request)
    complete = total <= CAP
    facets = {}
    if request.facets:
        candidates, args = _candidates(backend, query, where, params,
                                       None if complete else ("%s", [TITLE_CAP]), FACET_COLUMNS,
                                       scored=False)
        facets = _facets(fetch_capped(f"SELECT item_id, state_id, kind, language, year "  # noqa: S608  # nosec B608
                                f"FROM ({candidates}) c", args) if total else [])
    return SearchResult(request=request, hits=list(map(_Hits(query.terms), rows)),
                        total=min(total, CAP), complete=complete, facets=facets,
                        backend=backend.name, also=query.also, tags=query.tags)


# A filter's value is a code or a number; a year is one the database column holds (1-9999),
# so that no value reaches the database it cannot take (a 23-digit year was a 500).
FILTER_VALUE = RegexValidator(r"^[\w.\-]{1,60}\Z")
YEAR_VALUE = RegexValidator(r"^[1-9][0-9]{0,3}\Z")


def clean_filters(raw) -> dict[str, str]:
    """The known filters that have a value, validated (page, API and command alike): a
    value out of shape is a ValidationError naming its filter. Unknown names are ignored."""
    filters, errors = {}, {}
    for name in FILTERS:
        value = str(raw.get(name) or "").strip()
        if not value:
            continue
        try:
            (YEAR_VALUE if name == "year" else FILTER_VALUE)(value)
        except ValidationError as error:
            errors[name] = error.messages
        else:
            filters[name] = value
    if errors:
        raise ValidationError(errors)
    return filters
