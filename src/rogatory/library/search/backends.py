"""Two full-text backends behind one interface. Each turns a parsed query into its own match
expression and returns candidate passages (id, item, score and facet columns); everything
else (filters, ranking order, facets, snippets, pagination) is shared by the service."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from rogatory.library.search.analysis import Phrase, Query

# Titles weigh ten times the body (FTS5 bm25 column weights; PostgreSQL weights A and D).
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
COLUMNS = "p.id, p.item_id, p.state_id, p.kind, p.language, p.year"


@dataclass(frozen=True)
class Candidate:
    id: int
    item_id: int
    state: str | None
    kind: str
    language: str
    year: int | None
    score: float


def _candidates(sql: str, params: list) -> list[Candidate]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Candidate(row[0], row[1], row[2], row[3], row[4], row[5], float(row[6] or 0))
                for row in cursor.fetchall()]


class Backend:
    """Finds passages for a query. `where` is a SQL condition on `p` (library_passage)."""

    name = "base"

    def match(self, query: Query, where: str, params: list, limit: int,
              title_only: bool = False) -> list[Candidate]:
        raise NotImplementedError

    def browse(self, where: str, params: list, limit: int) -> list[Candidate]:
        """No query words: the items themselves (not their provisions), newest first."""
        sql = (f"SELECT {COLUMNS}, 0 FROM library_passage p "  # noqa: S608 (fixed columns)
               f"WHERE p.provision_id IS NULL AND {where} ORDER BY p.id DESC LIMIT %s")
        return _candidates(sql, [*params, limit])


def _fts5_quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


class SQLiteBackend(Backend):
    """SQLite FTS5 (external content over library_passage, `ascii` tokenizer over the
    analysed tokens), ranked by bm25."""

    name = "sqlite-fts5"

    @staticmethod
    def expression(query: Query) -> str:
        clauses = []
        for clause in query.clauses:
            if isinstance(clause, Phrase):
                options = [_fts5_quote(" ".join(variant)) for variant in clause.variants]
            else:
                options = [_fts5_quote(variant) for variant in clause.variants]
            clauses.append("(" + " OR ".join(options) + ")")
        return " AND ".join(clauses)

    def match(self, query: Query, where: str, params: list, limit: int,
              title_only: bool = False) -> list[Candidate]:
        expression = self.expression(query)
        if title_only:
            expression = "{title_tokens} : (" + expression + ")"
        sql = (f"SELECT {COLUMNS}, -bm25(library_passage_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) "  # noqa: S608
               "FROM library_passage_fts JOIN library_passage p "
               "ON p.id = library_passage_fts.rowid "
               f"WHERE library_passage_fts MATCH %s AND {where} LIMIT %s")
        return _candidates(sql, [expression, *params, limit])


def _tsquery_quote(token: str, weight: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" + weight


class PostgresBackend(Backend):
    """PostgreSQL full-text search: a tsvector of the same analysed tokens ('simple'
    configuration, titles weighted A, body D) with a GIN index, ranked by ts_rank."""

    name = "postgresql"

    @staticmethod
    def expression(query: Query, title_only: bool = False) -> str:
        weight = ":A" if title_only else ""
        clauses = []
        for clause in query.clauses:
            if isinstance(clause, Phrase):
                options = [" <-> ".join(_tsquery_quote(token, weight) for token in variant)
                           for variant in clause.variants]
            else:
                options = [_tsquery_quote(variant, weight) for variant in clause.variants]
            clauses.append("(" + " | ".join(f"({option})" for option in options) + ")")
        return " & ".join(clauses)

    def match(self, query: Query, where: str, params: list, limit: int,
              title_only: bool = False) -> list[Candidate]:
        weights = f"'{{{BODY_WEIGHT / TITLE_WEIGHT}, 0.2, 0.4, 1.0}}'"
        sql = (f"SELECT {COLUMNS}, ts_rank({weights}, p.search_vector, q, 1) "  # noqa: S608
               "FROM library_passage p, to_tsquery('simple', %s) q "
               f"WHERE p.search_vector @@ q AND {where} LIMIT %s")
        return _candidates(sql, [self.expression(query, title_only), *params, limit])


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SQLiteBackend()
