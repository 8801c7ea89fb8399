"""The full-text index, per database vendor: an FTS5 table on SQLite, a tsvector column with
a GIN index on PostgreSQL. Both are kept in step with library_passage by triggers, and both
hold the same pre-analysed tokens (see rogatory.library.search.analysis)."""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE library_passage_fts USING fts5(
        title_tokens, body_tokens, content='library_passage', content_rowid='id',
        tokenize='ascii')""",
    """CREATE TRIGGER library_passage_fts_ai AFTER INSERT ON library_passage BEGIN
        INSERT INTO library_passage_fts(rowid, title_tokens, body_tokens)
        VALUES (new.id, new.title_tokens, new.body_tokens);
    END""",
    """CREATE TRIGGER library_passage_fts_ad AFTER DELETE ON library_passage BEGIN
        INSERT INTO library_passage_fts(library_passage_fts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.body_tokens);
    END""",
    """CREATE TRIGGER library_passage_fts_au AFTER UPDATE OF title_tokens, body_tokens
    ON library_passage BEGIN
        INSERT INTO library_passage_fts(library_passage_fts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.body_tokens);
        INSERT INTO library_passage_fts(rowid, title_tokens, body_tokens)
        VALUES (new.id, new.title_tokens, new.body_tokens);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS library_passage_fts_au",
    "DROP TRIGGER IF EXISTS library_passage_fts_ad",
    "DROP TRIGGER IF EXISTS library_passage_fts_ai",
    "DROP TABLE IF EXISTS library_passage_fts",
]
POSTGRESQL = [
    "ALTER TABLE library_passage ADD COLUMN search_vector tsvector",
    """CREATE FUNCTION library_passage_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('simple', coalesce(NEW.title_tokens, '')), 'A')
            || setweight(to_tsvector('simple', coalesce(NEW.body_tokens, '')), 'D');
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER library_passage_vector BEFORE INSERT OR UPDATE OF title_tokens, body_tokens
    ON library_passage FOR EACH ROW EXECUTE FUNCTION library_passage_vector()""",
    "CREATE INDEX library_passage_search ON library_passage USING GIN (search_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS library_passage_vector ON library_passage",
    "DROP FUNCTION IF EXISTS library_passage_vector()",
    "ALTER TABLE library_passage DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
