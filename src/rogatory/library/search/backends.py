"""Two full-text backends behind one interface. Each turns a parsed query into its own SQL
source of matching passages and their score; the service composes the same ranking,
counting and faceting SQL around either, so both keep one results contract."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from rogatory.library.search.analysis import Phrase, Query

# Titles weigh ten times the body (FTS5 bm25 column weights; PostgreSQL weights A and D).
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0


@dataclass(frozen=True)
class Source:
    """`FROM … WHERE <match>` over passages aliased `p`, the score of a row (higher is
    better) and the order in which candidates are taken before ranking."""

    sql: str
    params: list = field(default_factory=list)
    score: str = "0"
    order: str = ""


class Backend:
    name = "base"

    def source(self, query: Query, title_only: bool = False) -> Source:
        raise NotImplementedError

    @staticmethod
    def browse() -> Source:
        """No query words: the items themselves (not their provisions), newest first."""
        return Source("FROM library_passage p WHERE p.provision_id IS NULL",
                      order="ORDER BY p.id DESC")


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

    def source(self, query: Query, title_only: bool = False) -> Source:
        expression = self.expression(query)
        if title_only:
            expression = "{title_tokens} : (" + expression + ")"
        return Source(
            "FROM library_passage_fts JOIN library_passage p ON p.id = library_passage_fts.rowid "
            "WHERE library_passage_fts MATCH %s", [expression],
            f"-bm25(library_passage_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})")


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

    def source(self, query: Query, title_only: bool = False) -> Source:
        weights = f"'{{{BODY_WEIGHT / TITLE_WEIGHT}, 0.2, 0.4, 1.0}}'"
        return Source(
            "FROM library_passage p, to_tsquery('simple', %s) q WHERE p.search_vector @@ q",
            [self.expression(query, title_only)],
            f"ts_rank({weights}, p.search_vector, q, 1)")


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SQLiteBackend()
