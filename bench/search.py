"""Library search benchmark: import throughput, index size and query latency.

    .venv/bin/python bench/search.py                      # the full 1,000,000-provision run
    .venv/bin/python bench/search.py --provisions 200000  # smaller

Builds a fresh SQLite database in --data-dir (default /tmp/rogatory-bench): imports the real
corpus (../shared/data/corpus/cn-laws.jsonl.gz, laws split into their articles) through the
application's importer, then generated legislation in Arabic, English, French, Russian and
Spanish until --provisions passages exist. Then, for rare, common, phrase and faceted
queries, it times (median and 95th percentile) the application's search service, a bare
FTS5 query on the same index (the floor) and a naive `icontains` ORM query (what a plain
Django app does). Results are printed as Markdown and saved as JSON in --data-dir.
"""

from __future__ import annotations

import argparse
import itertools
import json
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


def setup_django(data_dir: Path) -> None:
    os.environ["ROGATORY_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
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


def corpus_records(path: Path, limit: int):
    from rogatory.library.parsing import read_jsonl

    made = 0
    for record in read_jsonl(path):
        if made >= limit:
            return
        if record[1] is not None:
            made += len(record[1].provisions) + 1
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

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
        sizes = dict(cursor.fetchall())
    fts = sum(v for k, v in sizes.items() if k.startswith("library_passage_fts"))
    return {"fts5_index_bytes": fts,
            "passage_table_bytes": sizes.get("library_passage", 0),
            "provision_table_bytes": sizes.get("library_provision", 0),
            "database_bytes": sum(sizes.values())}


def pick_terms() -> dict[str, str]:
    """A rare term (in ~0.01% of passages) and a common one (closest to half of them)."""
    from django.db import connection

    from rogatory.library.search.analysis import parse_query

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
    fn()  # warm the caches once
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def service_fn(q: str, filters: dict | None = None, facets: bool = False):
    from rogatory.library.search.service import SearchRequest, search

    return lambda: search(SearchRequest(q=q, filters=filters or {}, facets=facets))


def bare_fn(q: str, filters: dict | None = None):
    """The floor: the same FTS5 expression, ranked by the same bm25, first page only."""
    from django.db import connection

    from rogatory.library.search.analysis import parse_query
    from rogatory.library.search.backends import SQLiteBackend

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
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/rogatory-bench"))  # noqa: S108
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--naive-repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="Keep an existing database.")
    args = parser.parse_args()
    if not args.reuse and args.data_dir.exists():
        shutil.rmtree(args.data_dir)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    setup_django(args.data_dir)
    results: dict = {"provisions_target": args.provisions}
    from rogatory.library.models import Passage

    if not args.reuse:
        if args.corpus.exists():
            count, seconds = timed_import(corpus_records(args.corpus, args.provisions))
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
        cursor.execute("ANALYZE")
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
    rows = []
    for label, q, filters, word in queries:
        service_filters = {{"state_id": "country"}.get(k, k): v for k, v in (filters or {}).items()}
        service = measure(service_fn(q, service_filters), args.repeat)
        with_facets = measure(service_fn(q, service_filters, facets=True), max(5, args.repeat // 3))
        bare = measure(bare_fn(q, filters), args.repeat)
        naive = measure(naive_fn(word, filters), args.naive_repeat)
        hits = service_fn(q, service_filters)()
        rows.append({"query": label, "q": q, "matches": hits.total, "complete": hits.complete,
                     "service_p50": service[0], "service_p95": service[1],
                     "service_facets_p50": with_facets[0], "service_facets_p95": with_facets[1],
                     "fts5_p50": bare[0], "fts5_p95": bare[1],
                     "icontains_p50": naive[0], "icontains_p95": naive[1]})
        print(f"  {label}: {rows[-1]}", flush=True)
    results["queries"] = rows
    (args.data_dir / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print("\n| query | matches | service p50/p95 ms | service+facets p50/p95 | bare FTS5 p50/p95 "
          "| icontains p50/p95 |\n|---|---|---|---|---|---|")
    for r in rows:
        matches = f"{r['matches']}{'' if r['complete'] else '+'}"
        print(f"| {r['query']} | {matches} | {r['service_p50']:.1f} / {r['service_p95']:.1f} | "
              f"{r['service_facets_p50']:.1f} / {r['service_facets_p95']:.1f} | "
              f"{r['fts5_p50']:.1f} / {r['fts5_p95']:.1f} | "
              f"{r['icontains_p50']:.0f} / {r['icontains_p95']:.0f} |")


if __name__ == "__main__":
    main()
