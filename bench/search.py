"""Library search benchmark: import throughput, index size and query latency.

    .venv/bin/python bench/search.py                      # the full 1,000,000-provision run
    .venv/bin/python bench/search.py --provisions 200000  # smaller

Builds a fresh SQLite database in --data-dir (default /tmp/rogatory-bench): imports the real
corpus (../shared/data/corpus/cn-laws.jsonl.gz, laws split into their articles) through the
application's importer, then generated legislation in Arabic, English, French, Russian and
Spanish until --provisions passages exist. Then, for rare, common, phrase and faceted
queries, it times (median and 95th percentile) the application's search service, two
floors on the same index — a bare FTS5 query for the first 20 rowids, and hand-written FTS5
SQL for the whole page the service returns (count, ranked page with item and provision
fields, highlight/snippet) — and a naive `icontains` ORM query (what a plain Django app
does). Results are printed as Markdown, with the service's ratio to each floor, and saved as
JSON in --data-dir. `--reuse` re-measures an existing database without importing.

    .venv/bin/python bench/search.py --database postgres  # the same on PostgreSQL

`--database postgres` creates a fresh database (--pg-database) on 127.0.0.1:5432
(ROGATORY_BENCH_PG overrides the server), imports the same corpus through the same importer
(tsvector of the same analysed tokens, GIN index, by the migration's trigger), runs
VACUUM (ANALYZE), and times the same queries; its floors are bare PostgreSQL full-text SQL on
the same tsvector and index: the first 20 ids ranked by ts_rank over every match, and the
whole page the service returns (count up to the cap, the capped candidates plus title
matches, ranked by the same ts_rank, with the item's and provision's fields). The database
is dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(os.environ.get("ROGATORY_SHARED_DATA") or ROOT.parent / "shared" / "data"
                      ) / "corpus" / "cn-laws.jsonl.gz"

# Legal vocabulary per language (written for this benchmark), padded with generated
# pseudo-words so that the vocabulary, like a real one, has a long tail.
WORDS = {
    "en": "the of and to a in shall any person who State party request extradition mutual legal "
          "assistance offence court proceedings evidence property proceeds crime confiscation "
          "authority central law article convention organized criminal group laundering "
          "witness protection jurisdiction cooperation treaty transfer sentenced investigation "
          "prosecution seizure freezing punishment imprisonment years may not be refused",
    "fr": "le la les de des du et à un une toute personne qui État partie demande extradition "
          "entraide judiciaire infraction tribunal procédure preuve biens produit crime "
          "confiscation autorité centrale loi article convention groupe criminel organisé "
          "blanchiment témoin protection compétence coopération traité transfèrement enquête "
          "poursuite saisie gel peine emprisonnement ans peut être refusée",
    "es": "el la los las de del y a un una toda persona que Estado parte solicitud extradición "
          "asistencia judicial recíproca delito tribunal procedimiento prueba bienes producto "
          "decomiso autoridad central ley artículo convención grupo delictivo organizado "
          "blanqueo testigo protección jurisdicción cooperación tratado traslado investigación "
          "enjuiciamiento incautación embargo pena prisión años podrá denegarse",
    "ru": "и в на по с не лицо которое государство участник просьба выдача экстрадиция взаимная "
          "правовая помощь преступление суд производство доказательства имущество доходы "
          "конфискация центральный орган закон статья конвенция организованная преступная "
          "группа отмывание свидетель защита юрисдикция сотрудничество договор передача "
          "расследование уголовное преследование арест наказание лишение свободы лет отказано",
    "ar": "في من على إلى أن و أي شخص الدولة الطرف طلب تسليم المجرمين المساعدة القانونية "
          "المتبادلة الجريمة المحكمة الإجراءات الأدلة الممتلكات العائدات المصادرة السلطة "
          "المركزية القانون المادة الاتفاقية جماعة إجرامية منظمة غسل الأموال الشهود الحماية "
          "الولاية القضائية التعاون المعاهدة نقل التحقيق الملاحقة الحجز التجميد العقوبة السجن",
}
SYLLABLES = {
    "en": "ka lo mi ren tor vel sam dun pri cal ber tis mon gra lex",
    "fr": "ra lé mon tiè vau ché dre pil bou gan ssi rou fé lin quo",
    "es": "ra lo mé ción pa der tu ñe gar bis can rre ja mul to",
    "ru": "ра ло ми ков тор вел сам дун при кал бер тис мон гра лекс",
    "ar": "تا لو مي رن طر ول سم دن بر كل عب تس من غر لك",
}
TITLES = {"en": "Act on", "fr": "Loi relative à", "es": "Ley sobre", "ru": "Закон о",
          "ar": "قانون بشأن"}
NUMBERS = {"en": "Article", "fr": "Article", "es": "Artículo", "ru": "Статья", "ar": "المادة"}
CRIME_TYPES = ["corruption", "cybercrime", "drug_offences", "money_laundering",
               "trafficking_in_persons", "smuggling_of_migrants", "firearms"]
FACET_STATES = ["FR", "ES", "RU", "EG", "GB", "MA", "AR", "MX", "KZ", "CA"]


PG_SERVER = os.environ.get("ROGATORY_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def admin_sql(statement: str) -> None:
    """One statement on the PostgreSQL server's maintenance database."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def setup_django(data_dir: Path, database_url: str | None = None) -> None:
    os.environ["ROGATORY_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rogatory.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from rogatory.states import reference

    reference.load(lambda _line: None)


def vocabulary(language: str, rng: random.Random, size: int = 4000) -> list[str]:
    words = WORDS[language].split()
    syllables = SYLLABLES[language].split()
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choices(syllables, k=rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def generated_items(count_provisions: int, seed: int = 7):
    """ItemData of generated laws, round-robin over five languages, Zipf-distributed words."""
    from rogatory.library.parsing import ItemData, ProvisionData

    rng = random.Random(seed)
    languages = list(WORDS)
    vocab = {lang: vocabulary(lang, rng) for lang in languages}
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(4000)))
    made, number = 0, 0
    while made < count_provisions:
        number += 1
        language = languages[number % len(languages)]
        words = vocab[language]

        def sentence(low: int, high: int, words=words) -> str:
            return " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(low, high)))

        size = min(rng.randint(5, 60), count_provisions - made)
        provisions = [ProvisionData(f"{NUMBERS[language]} {n}", "", sentence(15, 70))
                      for n in range(1, size + 1)]
        made += size
        yield number, ItemData(
            external_id=f"bench:{number}", title=f"{TITLES[language]} {sentence(2, 6)}",
            kind="legislation", language=language, state=rng.choice(FACET_STATES),
            tags={"crime_types": rng.sample(CRIME_TYPES, 2), "issues": [],
                  "articles": [str(rng.choice((5, 6, 13, 16, 18)))]},
            provisions=provisions, content_hash=str(number)), f"bench:{number}", ""


def _passages(record) -> int:
    return len(record[1].provisions) + 1 if record[1] is not None else 0


def corpus_step(path: Path, limit: int) -> int:
    """Take every k-th law so that `limit` passages span the whole corpus, not its start."""
    from rogatory.library.parsing import read_jsonl

    return max(1, math.ceil(sum(_passages(record) for record in read_jsonl(path)) / limit))


def corpus_records(path: Path, limit: int, step: int = 1):
    """Every `step`-th law of the real corpus, up to `limit` passages."""
    from rogatory.library.parsing import read_jsonl

    made = 0
    for index, record in enumerate(read_jsonl(path)):
        if made >= limit:
            return
        if index % step == 0:
            made += _passages(record)
            yield record


def timed_import(records) -> tuple[int, float]:
    from rogatory.library.services import run_import

    start = time.perf_counter()
    report = run_import(records, batch_size=200, progress=True)
    elapsed = time.perf_counter() - start
    if report.errors:
        print(f"  {len(report.errors)} errors, first: {report.errors[0]}")
    return report.provisions + report.created + report.updated, elapsed


def index_size() -> dict[str, int]:
    from django.db import connection

    if connection.vendor == "postgresql":
        return pg_index_size()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
        sizes = dict(cursor.fetchall())
    fts = sum(v for k, v in sizes.items() if k.startswith("library_passage_fts"))
    return {"fts5_index_bytes": fts,
            "passage_table_bytes": sizes.get("library_passage", 0),
            "provision_table_bytes": sizes.get("library_provision", 0),
            "database_bytes": sum(sizes.values())}


def pg_index_size() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size('library_passage_search'), "
                       "pg_relation_size('library_passage_title_search'), "
                       "pg_relation_size('library_passage'), "
                       "pg_total_relation_size('library_passage'), "
                       "pg_total_relation_size('library_provision'), "
                       "pg_database_size(current_database())")
        gin, title_gin, passage, passage_total, provision, database = cursor.fetchone()
    return {"gin_index_bytes": gin, "title_gin_index_bytes": title_gin,
            "passage_table_bytes": passage,
            "passage_with_indexes_and_toast_bytes": passage_total,
            "provision_table_bytes": provision, "database_bytes": database}


def pg_vocabulary(total: int) -> tuple[list, list]:
    """(common, rare) candidates as (term, passages) from ts_stat, over a 10% sample of the
    tsvectors past 200,000 passages (a full ts_stat reads every vector), scaled."""
    from django.db import connection

    percent = 100 if total < 200_000 else 10
    with connection.cursor() as cursor:
        # The percentage is one of two constants.
        cursor.execute(f"SELECT word, ndoc * {100 // percent} FROM ts_stat('SELECT "  # noqa: S608
                       f"search_vector FROM library_passage TABLESAMPLE SYSTEM ({percent}) "
                       "REPEATABLE (1)')")
        words = cursor.fetchall()
    common = sorted((w for w in words if w[1] > total // 20), key=lambda w: abs(w[1] - total // 2))
    rare = [w for w in words if max(2, total // 20000) <= w[1] <= total // 5000
            and len(w[0]) > 4][:500]
    return common[:200], rare


def pick_terms() -> dict[str, str]:
    """A rare term (in ~0.01% of passages) and a common one (closest to half of them)."""
    from django.db import connection


    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM library_passage")
            total = cursor.fetchone()[0]
        common, rare = pg_vocabulary(total)
        return _chosen(common, rare, total)
    with connection.cursor() as cursor:
        cursor.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab "
                       "USING fts5vocab(main, library_passage_fts, 'row')")
        cursor.execute("SELECT count(*) FROM library_passage")
        total = cursor.fetchone()[0]
        cursor.execute("SELECT term, doc FROM temp.bench_vocab WHERE doc > %s "
                       "ORDER BY abs(doc - %s) LIMIT 200", [total // 20, total // 2])
        common = cursor.fetchall()
        cursor.execute("SELECT term, doc FROM temp.bench_vocab WHERE doc BETWEEN %s AND %s "
                       "AND length(term) > 4 LIMIT 500", [max(2, total // 20000), total // 5000])
        rare = cursor.fetchall()
    return _chosen(common, rare, total)


def _chosen(common: list, rare: list, total: int) -> dict:
    from rogatory.library.search.analysis import parse_query

    def usable(rows):  # a term the query analysis maps back to itself
        return [(t, d) for t, d in rows if any(t in c.variants for c in parse_query(t).clauses)]

    common, rare = usable(common), usable(rare)
    return {"common": common[0][0], "common_docs": common[0][1],
            "rare": rare[len(rare) // 2][0], "rare_docs": rare[len(rare) // 2][1],
            "total": total}


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def measure(fn, repeat: int) -> tuple[float, float]:
    return measure_together({"fn": fn}, repeat)["fn"]


def measure_together(fns: dict, repeat: int) -> dict[str, tuple[float, float]]:
    """p50 and p95 (ms) of each function, run in turn `repeat` times after one warm-up."""
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        fn()  # warm the caches once
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: percentiles(values) for name, values in samples.items()}


def service_fn(q: str, filters: dict | None = None, facets: bool = False):
    from rogatory.library.search.service import SearchRequest, search

    return lambda: search(SearchRequest(q=q, filters=filters or {}, facets=facets))


def bare_fn(q: str, filters: dict | None = None):
    """The floor: the same FTS5 expression, ranked by the same bm25, first page only."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return pg_bare_fn(q, filters)

    from rogatory.library.search.backends import SQLiteBackend
    from rogatory.library.search.glossary import parse_query  # expanded, as the service

    expression = SQLiteBackend.expression(parse_query(q))
    join, params = "", [expression]
    if filters:
        join = ("JOIN library_passage p ON p.id = library_passage_fts.rowid AND "
                + " AND ".join(f"p.{k} = %s" for k in filters))
        params = list(filters.values()) + params
    sql = (f"SELECT library_passage_fts.rowid FROM library_passage_fts {join} "  # noqa: S608
           "WHERE library_passage_fts MATCH %s "
           "ORDER BY bm25(library_passage_fts, 10.0, 1.0) LIMIT 20")

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


PAGE_FLOOR_SQL = """
WITH n AS (SELECT count(*) AS total FROM (SELECT 1 {matches} LIMIT {over_cap}) m),
page AS (SELECT * FROM (
    SELECT * FROM (SELECT p.id, p.item_id, p.provision_id, {score} AS score {matches}
                   LIMIT {cap}) a
    UNION
    SELECT * FROM (SELECT p.id, p.item_id, p.provision_id, {score} AS score {matches}
                     AND p.id IN (SELECT p.id {matches} LIMIT {title_cap})
                   LIMIT CASE WHEN (SELECT total FROM n) > {cap} THEN {title_cap} ELSE 0 END) b)
  ORDER BY score DESC, id DESC LIMIT {page_size})
SELECT (SELECT total FROM n), page.id, page.score,
       i.id, i.kind, i.title, i.state_id, i.language, i.date, i.restricted, i.external_id,
       pr.id, pr."order", pr.number, pr.heading,
       highlight(library_passage_fts, 0, '<mark>', '</mark>'),
       snippet(library_passage_fts, 1, '<mark>', '</mark>', '…', 40)
FROM page JOIN library_passage_fts ON library_passage_fts.rowid = page.id
JOIN library_item i ON i.id = page.item_id
LEFT JOIN library_provision pr ON pr.id = page.provision_id
WHERE library_passage_fts MATCH %s
ORDER BY page.score DESC, page.id DESC
"""


def page_floor_fn(q: str, filters: dict | None = None):
    """The fair floor: hand-written FTS5 SQL for the page the service returns, in one
    statement: the match count up to the cap, the first CAP matches plus (past the cap) the
    title matches, ranked by the same bm25, the best 20 with their item's and provision's
    fields and FTS5 highlight()/snippet() of title and body. No ORM, no Python per row."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return pg_page_floor_fn(q, filters)

    from rogatory.library.search.backends import SQLiteBackend
    from rogatory.library.search.glossary import parse_query  # expanded, as the service
    from rogatory.library.search.service import CAP, PAGE_SIZE, TITLE_CAP

    expression = SQLiteBackend.expression(parse_query(q))
    conditions = "".join(f" AND p.{column} = %s" for column in filters or {})
    matches = ("FROM library_passage_fts JOIN library_passage p ON p.id = "
               "library_passage_fts.rowid WHERE library_passage_fts MATCH %s "
               f"AND p.restricted = 0{conditions}")
    sql = PAGE_FLOOR_SQL.format(matches=matches, over_cap=CAP + 1, cap=CAP, title_cap=TITLE_CAP,
                                page_size=PAGE_SIZE, score="-bm25(library_passage_fts, 10, 1)")
    match = [expression, *(filters or {}).values()]
    title = ["{title_tokens} : (" + expression + ")", *(filters or {}).values()]
    params = [*match, *match, *match, *title, expression]

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def _run_sql(sql: str, params: list, capped: bool = False):
    """The statement; `capped`: run as the service runs a statement that takes capped
    candidates (`fetch_capped`: the same candidates whatever the plan)."""
    from django.db import connection

    from rogatory.library.search.service import fetch_capped

    def run():
        if capped:
            return fetch_capped(sql, params)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def _pg_query(q: str):
    """The same parsed, expanded query and tsquery text the service's backend builds."""
    from rogatory.library.search.backends import PostgresBackend
    from rogatory.library.search.glossary import parse_query

    query = parse_query(q)
    return query, PostgresBackend.expression(query)


def pg_bare_fn(q: str, filters: dict | None = None):
    """PostgreSQL's bare floor: every match of the tsquery on the GIN index ranked by the
    same ts_rank, the first 20 ids (uncapped: a common word ranks half the table)."""
    from rogatory.library.search.backends import BODY_WEIGHT, TITLE_WEIGHT

    _query, expression = _pg_query(q)
    conditions = "".join(f" AND p.{column} = %s" for column in filters or {})
    sql = (f"SELECT p.id FROM library_passage p, to_tsquery('simple', %s) q "  # noqa: S608
           f"WHERE p.search_vector @@ q{conditions} ORDER BY ts_rank("
           f"'{{{BODY_WEIGHT / TITLE_WEIGHT}, 0.2, 0.4, 1.0}}', p.search_vector, q, 1) DESC "
           "LIMIT 20")
    return _run_sql(sql, [expression, *(filters or {}).values()])


PG_PAGE_FLOOR_SQL = """
WITH n AS (SELECT count(*) AS total FROM (SELECT 1 {matches} LIMIT {over_cap}) m),
page AS (SELECT * FROM (
    SELECT * FROM (SELECT p.id, p.item_id, p.provision_id, {score} AS score {matches}
                   LIMIT {cap}) a
    UNION
    SELECT * FROM (SELECT p.id, p.item_id, p.provision_id, {score} AS score {matches}
                     AND p.id IN (SELECT p.id {titles} LIMIT {title_cap})
                   LIMIT CASE WHEN (SELECT total FROM n) > {cap} THEN {title_cap} ELSE 0 END) b
  ) u ORDER BY score DESC, id DESC LIMIT {page_size})
SELECT n.total, page.id, page.score,
       i.id, i.kind, i.title, i.state_id, i.language, i.date, i.restricted, i.external_id,
       pr.id, pr."order", pr.number, pr.heading
FROM n, page JOIN library_item i ON i.id = page.item_id
LEFT JOIN library_provision pr ON pr.id = page.provision_id
ORDER BY page.score DESC, page.id DESC
"""


def pg_page_floor_fn(q: str, filters: dict | None = None):
    """PostgreSQL's fair floor: hand-written SQL for the page the service returns, in one
    statement, on the same tsvector and GIN indexes: the match count up to the cap, the
    first CAP matches plus (past the cap) the title matches, read as the service reads them
    (`fetch_capped`), scored as the service scores them (ts_rank, and the bonus of the
    words as written), the best 20 with their item's and provision's fields. No ORM, no
    Python per row, no highlighting."""
    from rogatory.library.search.backends import TITLE_VECTOR, PostgresBackend
    from rogatory.library.search.service import CAP, PAGE_SIZE, TITLE_CAP

    query, expression = _pg_query(q)
    source = PostgresBackend().source(query)
    conditions = "".join(f" AND p.{column} = %s" for column in filters or {})
    values = list((filters or {}).values())
    base = ("FROM library_passage p, to_tsquery('simple', %s) q WHERE p.search_vector @@ q "
            "AND NOT p.restricted")
    titles = (f"FROM library_passage p, to_tsquery('simple', %s) q WHERE {TITLE_VECTOR} @@ q "
              "AND NOT p.restricted")
    sql = PG_PAGE_FLOOR_SQL.format(matches=base + conditions, titles=titles + conditions,
                                   over_cap=CAP + 1, cap=CAP, title_cap=TITLE_CAP,
                                   page_size=PAGE_SIZE, score=source.score)
    match = [expression, *values]
    scored = [*source.score_params, expression, *values]
    title = [expression, *values]
    return _run_sql(sql, [*match, *scored, *scored, *title], capped=True)


def naive_fn(word: str, filters: dict | None = None):
    """What a plain Django app does: icontains on the text, first page and a count."""
    from django.db.models import Q

    from rogatory.library.models import Provision

    def run():
        found = Provision.objects.filter(Q(text__icontains=word) | Q(item__title__icontains=word))
        if filters:
            found = found.filter(**{f"item__{k}": v for k, v in filters.items()})
        return list(found.select_related("item")[:20]), found.count()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--provisions", type=int, default=1_000_000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--corpus-passages", type=int, default=None,
                        help="At most this many passages from the real corpus, sampled across "
                             "it (default: up to --provisions); generated text makes the rest.")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/rogatory-bench"))  # noqa: S108
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--naive-repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="Keep an existing database.")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-database", default="rogatory_bench_search")
    parser.add_argument("--keep", action="store_true",
                        help="PostgreSQL: keep the database afterwards (default: dropped)")
    args = parser.parse_args()
    if not args.reuse and args.data_dir.exists():
        shutil.rmtree(args.data_dir)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    database_url = None
    if args.database == "postgres":
        database_url = f"{PG_SERVER}/{args.pg_database}"
        if not args.reuse:
            admin_sql(f'DROP DATABASE IF EXISTS "{args.pg_database}" WITH (FORCE)')
            admin_sql(f'CREATE DATABASE "{args.pg_database}"')
    try:
        run(args, database_url)
    finally:
        if database_url and not args.keep:
            from django.db import connections

            connections.close_all()
            admin_sql(f'DROP DATABASE IF EXISTS "{args.pg_database}" WITH (FORCE)')


def run(args: argparse.Namespace, database_url: str | None) -> None:
    setup_django(args.data_dir, database_url)
    results: dict = {"provisions_target": args.provisions, "database": args.database,
                     "load_average_before": os.getloadavg()}
    from rogatory.library.models import Passage

    if not args.reuse:
        if args.corpus.exists():
            limit = min(args.provisions, args.corpus_passages or args.provisions)
            step = corpus_step(args.corpus, limit) if args.corpus_passages else 1
            count, seconds = timed_import(corpus_records(args.corpus, limit, step))
            results["import_corpus"] = {"passages": count, "seconds": round(seconds, 1),
                                        "per_second": round(count / seconds)}
            print(f"corpus: {count} passages in {seconds:.0f} s ({count / seconds:.0f}/s)")
        else:
            print(f"corpus {args.corpus} absent: generated text only")
        missing = args.provisions - Passage.objects.count()
        if missing > 0:
            count, seconds = timed_import(generated_items(missing))
            results["import_generated"] = {"passages": count, "seconds": round(seconds, 1),
                                           "per_second": round(count / seconds)}
            print(f"generated: {count} passages in {seconds:.0f} s ({count / seconds:.0f}/s)")
    from django.db import connection

    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM also empties the GIN pending list (fastupdate) a load leaves.
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
    results["size"] = index_size()
    terms = pick_terms()
    results["terms"] = terms
    print(json.dumps(results, ensure_ascii=False, indent=1))
    queries = [
        ("rare", terms["rare"], None, terms["rare"]),
        ("rare zh 引渡", "引渡", None, "引渡"),
        ("medium zh 国际刑事司法协助", "国际刑事司法协助", None, "国际刑事司法协助"),
        ("common (~half)", terms["common"], None, terms["common"]),
        ("phrase zh \"司法协助\"", '"司法协助"', None, "司法协助"),
        ("phrase en \"mutual legal assistance\"", '"mutual legal assistance"', None,
         "mutual legal assistance"),
        ("faceted rare + language", terms["rare"], {"language": "en"}, terms["rare"]),
        ("faceted 洗钱 + State", "洗钱", {"state_id": "CN"}, "洗钱"),
        ("faceted common + language", terms["common"], {"language": "fr"}, terms["common"]),
    ]
    rows = [measure_query(*query, repeat=args.repeat, naive_repeat=args.naive_repeat)
            for query in queries]
    results["queries"] = rows
    results["load_average_after"] = os.getloadavg()
    (args.data_dir / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print_table(rows)


def measure_query(label: str, q: str, filters: dict | None, word: str, repeat: int,
                  naive_repeat: int) -> dict:
    """The service and its two floors timed in turn (so that a load spike hits them alike),
    then the service with facets and the naive query."""
    from rogatory.library.search.service import CAP

    service_filters = {{"state_id": "country"}.get(k, k): v for k, v in (filters or {}).items()}
    floor = page_floor_fn(q, filters)
    hits = service_fn(q, service_filters)()
    page = floor()
    same = ([hit.passage.pk for hit in hits.hits] == [row[1] for row in page]
            and (not page or min(page[0][0], CAP) == hits.total))
    timed = measure_together({"service": service_fn(q, service_filters),
                              "fts5": bare_fn(q, filters), "fts5_page": floor}, repeat)
    timed["service_facets"] = measure(service_fn(q, service_filters, facets=True),
                                      max(5, repeat // 3))
    timed["icontains"] = measure(naive_fn(word, filters), naive_repeat)
    row = {"query": label, "q": q, "matches": hits.total, "complete": hits.complete,
           "floor_page_is_the_service_page": same}
    for name, (p50, p95) in timed.items():
        row[f"{name}_p50"], row[f"{name}_p95"] = p50, p95
    for floor_name in ("fts5", "fts5_page"):
        row[f"ratio_{floor_name}_p50"] = row["service_p50"] / max(row[f"{floor_name}_p50"], 1e-3)
        row[f"ratio_{floor_name}_p95"] = row["service_p95"] / max(row[f"{floor_name}_p95"], 1e-3)
    print(f"  {label}: {row}", flush=True)
    return row


def print_table(rows: list[dict]) -> None:
    print("\n| query | matches | service p50/p95 ms | service+facets p50/p95 "
          "| bare floor, 20 ids p50/p95 | bare floor, the page p50/p95 "
          "| service ÷ 20 ids p50/p95 | service ÷ page p50/p95 | icontains p50/p95 |\n"
          "|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        matches = f"{r['matches']}{'' if r['complete'] else '+'}"
        if not r["floor_page_is_the_service_page"]:
            matches += " (floor page differs!)"
        print(f"| {r['query']} | {matches} | {r['service_p50']:.1f} / {r['service_p95']:.1f} | "
              f"{r['service_facets_p50']:.1f} / {r['service_facets_p95']:.1f} | "
              f"{r['fts5_p50']:.1f} / {r['fts5_p95']:.1f} | "
              f"{r['fts5_page_p50']:.1f} / {r['fts5_page_p95']:.1f} | "
              f"{r['ratio_fts5_p50']:.1f}× / {r['ratio_fts5_p95']:.1f}× | "
              f"{r['ratio_fts5_page_p50']:.2f}× / {r['ratio_fts5_page_p95']:.2f}× | "
              f"{r['icontains_p50']:.0f} / {r['icontains_p95']:.0f} |")


if __name__ == "__main__":
    main()
