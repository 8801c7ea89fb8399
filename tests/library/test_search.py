"""Search quality and the results contract. The same tests run on SQLite FTS5 and, when
DATABASE_URL is PostgreSQL, on PostgreSQL full-text search."""

import datetime

import pytest
from django.db import connection

from rogatory.library.models import Item
from rogatory.library.parsing import read_jsonl
from rogatory.library.search import service
from rogatory.library.search.analysis import parse_query
from rogatory.library.search.backends import PostgresBackend
from rogatory.library.search.service import SearchRequest, search
from rogatory.library.services import run_import
from tests.library.conftest import write_jsonl

pytestmark = pytest.mark.django_db


def ids(result) -> list[str]:
    return [hit.item.external_id for hit in result.hits]


def first(q: str, **filters) -> str:
    result = search(SearchRequest(q=q, filters=filters))
    assert result.hits, f"nothing found for {q!r}"
    return result.hits[0].item.external_id


@pytest.mark.parametrize(("query", "expected"), [
    ("引渡", "zh-extradition"),
    ("国际刑事司法协助", "zh-mla"),
    ("洗钱", "zh-aml"),
    ("协助", "zh-mla"),
    ("تسليم", "ar-extradition"),
    ("تَسْلِيمُ", "ar-extradition"),
    ("التسليم", "ar-extradition"),
    ("extraditions", "en-extradition"),
    ("blanchiments", "fr-aml"),
    ("blanchiment", "fr-aml"),
    ("extradición", "es-extradition"),
    ("extradicion", "es-extradition"),
    ("экстрадиции", "ru-extradition"),
    ("экстрадиция", "ru-extradition"),
    ("confiscation order", "en-proceeds"),
])
def test_the_expected_item_comes_first(library, query, expected):
    assert first(query) == expected


def test_title_match_ranks_above_a_mention_in_another_law(library):
    result = search(SearchRequest(q="引渡"))
    found = ids(result)
    assert found[0] == "zh-extradition"
    assert "zh-procedure" in found  # article 2 mentions 引渡, ranked lower
    assert found.index("zh-procedure") > found.index("zh-extradition")


def test_arabic_spelling_variants_find_the_same_passages(library):
    plain = {hit.passage.pk for hit in search(SearchRequest(q="تسليم")).hits}
    assert plain == {hit.passage.pk for hit in search(SearchRequest(q="تَسْلِيمُ")).hits}
    assert plain == {hit.passage.pk for hit in search(SearchRequest(q="تســليم")).hits}


def test_stem_variants_find_the_same_passages(library):
    def found(q: str) -> set[int]:
        return {hit.passage.pk for hit in search(SearchRequest(q=q)).hits}

    assert found("extradition") == found("extraditions")
    assert found("экстрадиция") == found("экстрадиции")


def test_a_query_searches_all_languages_unless_filtered(library):
    everywhere = set(ids(search(SearchRequest(q="extradiciones"))))
    assert "es-extradition" in everywhere
    only_english = set(ids(search(SearchRequest(q="extradition", filters={"language": "en"}))))
    assert only_english and all(i.startswith(("en-", "int-")) for i in only_english)


def test_phrase_query_needs_the_words_in_order(library):
    result = search(SearchRequest(q='"judicial authority"'))
    assert [(hit.item.external_id, hit.provision.number) for hit in result.hits] == [
        ("en-extradition", "Section 2")]
    assert not search(SearchRequest(q='"authority judicial"')).hits
    assert first('"司法协助"') == "zh-mla"


def test_words_are_all_required(library):
    assert ids(search(SearchRequest(q="confiscation order"))) == ["en-proceeds"]
    assert not search(SearchRequest(q="confiscation 引渡")).hits


@pytest.mark.parametrize(("filters", "expected"), [
    ({"country": "GB"}, {"en-extradition", "en-proceeds"}),
    ({"country": "intl"}, {"int-wg"}),
    ({"type": "wg_document"}, {"int-wg"}),
    ({"crime_type": "money_laundering"}, {"zh-aml", "en-proceeds", "fr-aml"}),
    ({"article": "18"}, {"zh-mla", "int-wg"}),
    ({"issue": "confiscation"}, {"en-proceeds"}),
    ({"year": "2018"}, {"zh-mla", "zh-procedure"}),
    ({"language": "ru"}, {"ru-extradition"}),
    ({"article": "16", "country": "CN"}, {"zh-extradition"}),
])
def test_filters_without_a_query_browse_items(library, filters, expected):
    result = search(SearchRequest(filters=filters))
    assert set(ids(result)) == expected
    assert all(hit.provision is None for hit in result.hits)


def test_filters_narrow_a_query(library):
    filters = {"article": "16", "type": "legislation"}
    result = search(SearchRequest(q="extradition", filters=filters, expand=False))
    assert set(ids(result)) == {"en-extradition"}


def test_facets_count_matching_passages(library):
    result = search(SearchRequest(q="extradition", expand=False))
    found = ids(result)
    assert result.facets["language"]["en"] == len([i for i in found if i.startswith(("en", "int"))])
    assert result.facets["country"]["GB"] == found.count("en-extradition")
    assert result.facets["country"]["intl"] == 1
    assert result.facets["type"]["wg_document"] == 1
    assert result.facets["article"]["16"] == found.count("en-extradition") + 1
    assert result.facets["year"]["2016"] == 1


def test_restricted_items_only_for_those_who_may_see_them(library):
    public = search(SearchRequest(q="urgent extradition"))
    assert public.hits == [] and public.facets["country"] == {}
    official = search(SearchRequest(q="urgent extradition", include_restricted=True))
    assert ids(official) == ["restricted-guide"]
    assert "NL" not in search(SearchRequest(q="extradition")).facets["country"]
    browse = search(SearchRequest(filters={"country": "NL"}))
    assert browse.total == 0


def test_pagination(library):
    all_hits = search(SearchRequest(q="extradition", page_size=50)).hits
    page2 = search(SearchRequest(q="extradition", page=2, page_size=2))
    assert [h.passage.pk for h in page2.hits] == [h.passage.pk for h in all_hits[2:4]]
    assert page2.pages == -(-len(all_hits) // 2)


def test_snippets_escape_text_and_mark_hits(library):
    hit = search(SearchRequest(q="extradition practice")).hits[0]
    assert hit.item.external_id == "int-wg"
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet
    assert "<mark>extradition</mark>" in hit.snippet
    provision_hit = search(SearchRequest(q="引渡", filters={"country": "CN"})).hits[1]
    assert "<mark>引渡</mark>" in provision_hit.snippet
    assert provision_hit.url.endswith(f"#{provision_hit.provision.anchor}")


def test_common_terms_rank_a_capped_candidate_set_with_title_matches(
        library, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(service, "CAP", 2)
    monkeypatch.setattr(service, "TITLE_CAP", 1)
    with django_assert_num_queries(1):  # the count decides, in the statement, to add titles
        page = search(SearchRequest(q="extradition", include_restricted=True, facets=False))
    result = search(SearchRequest(q="extradition", include_restricted=True))
    assert not result.complete and result.total == 2
    assert result.hits[0].passage.provision is None  # a title match is always ranked
    assert [hit.passage.pk for hit in page.hits] == [hit.passage.pk for hit in result.hits]


def test_past_the_cap_the_candidates_are_the_first_matches_in_table_order(
        library, monkeypatch):
    """The capped candidates are a defined set, whatever the plan: the first CAP matches as
    the table holds them (rowid order in FTS5, physical order on PostgreSQL, which is the
    order the passages were written in here), so a page is the same every time."""
    everything = search(SearchRequest(q="extradition", include_restricted=True, page_size=100))
    first_written = sorted(hit.passage.pk for hit in everything.hits)[:2]
    monkeypatch.setattr(service, "CAP", 2)
    monkeypatch.setattr(service, "TITLE_CAP", 0)  # the capped matches alone
    capped = search(SearchRequest(q="extradition", include_restricted=True, page_size=100))
    assert not capped.complete
    assert sorted(hit.passage.pk for hit in capped.hits) == first_written


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL planner settings")
def test_the_planner_settings_end_with_the_search_statement(library):
    """The search statement turns off synchronized and parallel scans and sequential scans
    for itself; the caller's transaction (the test's here) keeps its own settings."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), "
                       "current_setting('synchronize_seqscans'), "
                       "current_setting('max_parallel_workers_per_gather')")
        before = cursor.fetchone()
        search(SearchRequest(q="extradition"))
        cursor.execute("SELECT current_setting('enable_seqscan'), "
                       "current_setting('synchronize_seqscans'), "
                       "current_setting('max_parallel_workers_per_gather')")
        assert cursor.fetchone() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's title index")
def test_title_matches_are_looked_up_in_the_title_index(library):
    source = PostgresBackend().source(parse_query("extradition"), title_only=True)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small is read whole
        cursor.execute(f"EXPLAIN SELECT p.id {source.sql}", source.params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "library_passage_title_search" in plan


def test_backend_follows_the_database(library):
    expected = "postgresql" if connection.vendor == "postgresql" else "sqlite-fts5"
    assert search(SearchRequest(q="引渡")).backend == expected


def test_changes_to_an_item_are_searchable_at_once(library):
    from rogatory.library.services import update_item

    item = library["en-proceeds"]
    item.title = "Proceeds of Crime (Cybercrime) Act"
    update_item(item)
    assert first("cybercrime") == "en-proceeds"
    item.delete()
    assert not search(SearchRequest(q="confiscation")).hits


def test_a_results_page_is_one_statement_that_holds_all_a_hit_shows(
        library, django_assert_num_queries):
    """Count, ranking, the page's items and provisions and the snippets' text: one SQL
    statement while the matches fit under the cap; showing the hits queries nothing more."""
    with django_assert_num_queries(1):
        result = search(SearchRequest(q="extradition", facets=False))
        shown = [(hit.item.title, hit.item.state and hit.item.state.name("en"), hit.item.date,
                  hit.item.restricted, hit.item.get_kind_display(), hit.title, hit.snippet,
                  hit.provision and (hit.provision.number, hit.provision.anchor), hit.url)
                 for hit in result.hits]
    assert result.total == len(shown) > 1 and result.complete
    section = next(row for row in shown if row[0] == "Extradition Act" and row[7])
    assert section[1:5] == ("United Kingdom of Great Britain and Northern Ireland",  # UN name
                            datetime.date(2003, 11, 20), False, "Legislation")
    assert section[-1] == f"/library/items/{library['en-extradition'].pk}/#p1"


def test_a_page_past_the_last_still_counts_the_matches(library):
    total = search(SearchRequest(q="extradition")).total
    past = search(SearchRequest(q="extradition", page=99))
    assert past.hits == [] and past.total == total > 0 and past.complete


def test_an_item_without_a_summary_is_quoted_from_its_text(library, tmp_path):
    note = {"id": "en-note", "title": "Practice note", "country": "GB", "language": "en",
            "text": "A note on freezing <assets> pending extradition."}
    run_import(read_jsonl(write_jsonl(tmp_path / "note.jsonl", [note])))
    assert Item.objects.filter(external_id="en-note", summary="").exists()
    hit = search(SearchRequest(q="freezing")).hits[0]
    assert hit.provision is None and hit.item.external_id == "en-note"
    assert hit.snippet == "A note on <mark>freezing</mark> &lt;assets&gt; pending extradition."


def test_a_core_term_is_also_searched_in_its_official_wording_in_other_languages(library):
    result = search(SearchRequest(q="extradition"))
    assert ("es", "Extradición") in result.also and ("zh", "引渡") in result.also
    found = ids(result)
    assert {"en-extradition", "es-extradition", "zh-extradition"} <= set(found)
    assert found[0] == "en-extradition"  # the words as written rank first
    assert "zh-procedure" in found  # 引渡 in its article 2: found through the equivalent
    written = set(ids(search(SearchRequest(q="extradition", expand=False))))
    assert "zh-extradition" not in written and "zh-procedure" not in written


def test_an_expansion_works_from_chinese_and_inside_a_longer_query(library):
    result = search(SearchRequest(q="国际刑事司法协助"))
    assert ("en", "Mutual legal assistance") in result.also
    assert ids(result)[0] == "zh-mla"
    assert search(SearchRequest(q="国际刑事司法协助", expand=False)).also == ()


@pytest.mark.parametrize(("query", "language"), [
    ("money laundering", None), ("Money-laundering", None), ("洗钱", None),
    ("blanqueo de dinero", None), ("money laundering", "fr")])
def test_a_tag_facet_and_a_search_for_its_label_agree(library, query, language):
    """The facet counts the items tagged money_laundering whatever their language: a search
    for its name finds each of them (the French law says "blanchiment" only)."""
    filters = {"language": language} if language else {}
    tagged = set(ids(search(SearchRequest(filters={**filters,
                                                   "crime_type": "money_laundering"}))))
    result = search(SearchRequest(q=query, filters=filters, page_size=100))
    assert tagged and tagged <= set(ids(result))
    assert result.facets["crime_type"]["money_laundering"] >= len(tagged)
    assert "money_laundering" in result.tags


def test_turned_off_the_query_is_searched_as_written(library):
    result = search(SearchRequest(q="money laundering", expand=False))
    assert result.also == () and result.tags == () and not result.hits


def test_the_expansion_keeps_one_statement_per_page(library, django_assert_num_queries):
    search(SearchRequest(q="extraditions", facets=False))  # warm the label cache
    with django_assert_num_queries(1):
        result = search(SearchRequest(q="extraditions", facets=False))
    assert result.also
