"""The text analysis (pure Python): the same tokens at index and query time."""

from rogatory.library.search.analysis import Phrase, Term, analyze, parse_query, scan
from rogatory.library.search.service import highlight


def test_chinese_words_inside_longer_words_are_tokens():
    assert "引渡" in analyze("中华人民共和国引渡法", "zh").split()
    assert "洗钱" in analyze("反洗钱法", "zh").split()
    assert {"协助", "司法"} <= set(analyze("国际刑事司法协助法", "zh").split())


def test_chinese_query_requires_every_segment():
    query = parse_query("国际刑事司法协助")
    assert [clause.variants for clause in query.clauses] == [
        ("国际",), ("刑事",), ("司法",), ("协助",)]


def test_arabic_normalisation_removes_diacritics_and_unifies_letters():
    plain = analyze("تسليم المجرمين", "ar")
    assert analyze("تَسْلِيمُ المُجْرِمِين", "ar") == plain
    assert analyze("تســليم المجرمين", "ar") == plain  # tatweel
    assert analyze("إتفاقيات", "ar") == analyze("اتفاقيات", "ar") == analyze("الاتفاقيات", "ar")
    assert analyze("المحكمة", "ar") == analyze("المحكمه", "ar")  # ta marbuta / ha
    assert analyze("مستشفى", "ar") == analyze("مستشفي", "ar")  # alef maqsura / ya
    assert analyze("مسؤولية", "ar") == analyze("مسئولية", "ar")  # hamza carriers


def test_stemming_in_english_french_spanish_russian():
    assert analyze("extraditions", "en") == analyze("extradition", "en")
    assert analyze("blanchiments", "fr") == analyze("blanchiment", "fr")
    assert analyze("extradiciones", "es") == analyze("extradición", "es")
    assert analyze("экстрадиции", "ru") == analyze("экстрадиция", "ru")


def test_query_without_language_tries_the_latin_stemmers():
    term = parse_query("extradiciones").clauses[0]
    assert isinstance(term, Term)
    assert analyze("extradición", "es") in term.variants
    assert parse_query("extradiciones", "es").clauses[0].variants == (
        analyze("extradición", "es"),)


def test_phrases_are_kept_in_order():
    query = parse_query('"mutual legal assistance" treaty', "en")
    assert isinstance(query.clauses[0], Phrase)
    assert query.clauses[0].variants == (("mutual", "legal", "assist"),)
    assert query.clauses[1] == Term(("treati",))


def test_tokens_carry_offsets_for_highlighting():
    text = "Art. 16: extradition"
    spans = scan(text, "en")
    assert [text[start:end] for _term, start, end in spans] == ["Art", "16", "extradition"]


def test_highlight_escapes_text_and_marks_hits():
    html = highlight("<b>Extradition</b> & more", "en", frozenset({"extradit"}), None)
    assert html == "&lt;b&gt;<mark>Extradition</mark>&lt;/b&gt; &amp; more"
    long = "x " * 300 + "引渡 " + "y " * 300
    snippet = highlight(long, "zh", frozenset({"引渡"}))
    assert "<mark>引渡</mark>" in snippet and snippet.startswith("… ")


def test_the_wsgi_application_loads_the_segmenter_before_any_request():
    import importlib

    import rogatory.wsgi
    from rogatory.library.search import analysis

    analysis._jieba = None
    importlib.reload(rogatory.wsgi)
    assert analysis._jieba is not None


def test_stemming_is_safe_in_threads():
    from concurrent.futures import ThreadPoolExecutor

    from rogatory.library.search import analysis

    words = [f"{stem}{ending}" for stem in ("confiscat", "proceed", "extradit", "assist")
             for ending in ("ion", "ions", "ing", "ed", "ances", "ationally")] * 50
    expected = [analysis._stemmer("english").stemWord(word) for word in words]

    def stem_all(_n: int) -> list[str]:
        return [analysis._stemmer("english").stemWord(word) for word in words]

    with ThreadPoolExecutor(8) as pool:
        assert all(result == expected for result in pool.map(stem_all, range(16)))


def test_the_glossary_cites_every_term():
    from rogatory.library.search.glossary import entries

    rows = entries()
    assert len({row.concept for row in rows}) >= 15
    for row in rows:
        assert row.language in ("ar", "zh", "en", "fr", "ru", "es") and row.term.strip()
        assert row.article and row.source.startswith(("http://", "https://"))
        assert row.source_kind in ("UN", "UNODC", "GAZ", "Q") and row.read_on == "2026-12-04"
    assert ("es", "blanqueo de dinero") in {(row.language, row.term) for row in rows
                                            if row.concept == "money_laundering"}


def test_an_expanded_query_is_one_expression_on_both_backends():
    from rogatory.library.search.backends import PostgresBackend, SQLiteBackend
    from rogatory.library.search.glossary import parse_query as expanded

    query = expanded("money laundering")
    assert ("es", "blanqueo de dinero") in query.also
    assert SQLiteBackend.expression(query) == (
        '((("money") AND ("launder" OR "laundering")) OR (("blanque de diner")) OR '
        '(("launder of proceed of crime")) OR (("blanque del product del delit")))')
    assert "('blanque' <-> 'de' <-> 'diner')" in PostgresBackend.expression(query)
    assert query.as_written().clauses == parse_query("money laundering").clauses
    assert expanded("money laundering", expand_terms=False).also == ()
    assert parse_query("rare words").as_written() is None
