"""Two full-text backends behind one interface. Each turns a parsed query into its own SQL
source of matching passages and their score; the service composes the same ranking,
counting and faceting SQL around either, so both keep one results contract."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from rogatory.library.search.analysis import Clause, Either, Phrase, Query

# Titles weigh ten times the body (FTS5 bm25 column weights; PostgreSQL weights A and D).
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
# Added to the score of a passage holding the query's words as written, so that in an
# expanded query they rank before the passages found only through an equivalent in
# another language (scores are otherwise below this).
AS_WRITTEN = 1000.0
# The expression of PostgreSQL's title index (migration 0004_title_search_index).
TITLE_VECTOR = "to_tsvector('simple', p.title_tokens)"


@dataclass(frozen=True)
class Source:
    """`FROM … WHERE <match>` over passages aliased `p`, the score of a row (higher is
    better) and the order in which candidates are taken before ranking."""

    sql: str
    params: list = field(default_factory=list)
    score: str = "0"
    order: str = ""
    score_params: list = field(default_factory=list)


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

    @classmethod
    def clause(cls, clause: Clause) -> str:
        if isinstance(clause, Either):
            options = [" AND ".join(map(cls.clause, option)) for option in clause.options]
            return "(" + " OR ".join(f"({option})" for option in options) + ")"
        if isinstance(clause, Phrase):
            options = [_fts5_quote(" ".join(variant)) for variant in clause.variants]
        else:
            options = [_fts5_quote(variant) for variant in clause.variants]
        return "(" + " OR ".join(options) + ")"

    @classmethod
    def expression(cls, query: Query) -> str:
        return " AND ".join(map(cls.clause, query.clauses))

    def source(self, query: Query, title_only: bool = False) -> Source:
        expression = self.expression(query)
        if title_only:
            expression = "{title_tokens} : (" + expression + ")"
        score, score_params = f"-bm25(library_passage_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})", []
        written = query.as_written()
        if written is not None:  # one more lookup: the passages holding the words as written
            # Built from constants; the words are a parameter.
            score += (" + CASE WHEN p.id IN (SELECT rowid FROM library_passage_fts WHERE "  # noqa: S608  # nosec B608
                      f"library_passage_fts MATCH %s) THEN {AS_WRITTEN} ELSE 0 END")
            score_params = [self.expression(written)]
        return Source(
            "FROM library_passage_fts JOIN library_passage p ON p.id = library_passage_fts.rowid "
            "WHERE library_passage_fts MATCH %s", [expression], score,
            score_params=score_params)


def _tsquery_quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


class PostgresBackend(Backend):
    """PostgreSQL full-text search: a tsvector of the same analysed tokens ('simple'
    configuration, titles weighted A, body D) with a GIN index, ranked by ts_rank."""

    name = "postgresql"

    @classmethod
    def clause(cls, clause: Clause) -> str:
        if isinstance(clause, Either):
            options = [" & ".join(map(cls.clause, option)) for option in clause.options]
        elif isinstance(clause, Phrase):
            options = [" <-> ".join(map(_tsquery_quote, variant)) for variant in clause.variants]
        else:
            options = [_tsquery_quote(variant) for variant in clause.variants]
        return "(" + " | ".join(f"({option})" for option in options) + ")"

    @classmethod
    def expression(cls, query: Query) -> str:
        return " & ".join(map(cls.clause, query.clauses))

    def source(self, query: Query, title_only: bool = False) -> Source:
        if title_only:  # the titles' own GIN index (migration 0004) and statistics
            return Source(f"FROM library_passage p, to_tsquery('simple', %s) q WHERE "
                          f"{TITLE_VECTOR} @@ q", [self.expression(query)])
        weights = f"'{{{BODY_WEIGHT / TITLE_WEIGHT}, 0.2, 0.4, 1.0}}'"
        score, score_params = f"ts_rank({weights}, p.search_vector, q, 1)", []
        written = query.as_written()
        if written is not None:
            score += (" + CASE WHEN p.search_vector @@ to_tsquery('simple', %s) "
                      f"THEN {AS_WRITTEN} ELSE 0 END")
            score_params = [self.expression(written)]
        return Source(
            "FROM library_passage p, to_tsquery('simple', %s) q WHERE p.search_vector @@ q",
            [self.expression(query)], score, score_params=score_params)


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SQLiteBackend()
