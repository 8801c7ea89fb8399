"""Importing JSON Lines: good and malformed input, what is kept and what is reported,
resuming and re-importing."""

import gzip
import json

import pytest
from django.core.management import CommandError, call_command

from rogatory.library.models import Item, Passage, Provision, Tag
from rogatory.library.parsing import read_jsonl, split_markdown
from rogatory.library.services import run_import
from tests.library.conftest import RECORDS, write_jsonl

pytestmark = pytest.mark.django_db


def test_good_file_imports_items_provisions_tags_and_passages(library):
    law = library["zh-extradition"]
    assert law.kind == "legislation" and law.state_id == "CN" and law.language == "zh"
    assert [(p.number, p.division) for p in law.provisions.all()] == [
        ("第一条", "第一章 总则"), ("第二条", "第一章 总则")]
    assert law.summary == "示例文本，供测试。"
    assert law.articles == ["16"] and law.issues == ["extradition"]
    assert library["int-wg"].state_id is None and library["int-wg"].symbol
    assert library["restricted-guide"].restricted
    # One passage per item plus one per provision.
    assert Passage.objects.count() == Item.objects.count() + Provision.objects.count()


def test_markdown_split_on_chinese_english_french_spanish_russian_arabic_articles():
    preamble, provisions = split_markdown(
        "# Title\n\nEnacted by the demo parliament.\n\n## Part 1\n\n"
        "Article 16 - Extradition\nThis article applies.\n\nMore text.\n\n"
        "**Section 2.** A sentence that is text, not a heading.\n\n第三条 条文内容。\n\n"
        "Article 1er\nTexte.\n\nArtículo 5\nTexto.\n\nСтатья 7. Текст статьи.\n\n"
        "المادة 9 نص المادة.\n")
    assert preamble == "Enacted by the demo parliament."
    assert [(p.number, p.heading) for p in provisions] == [
        ("Article 16", "Extradition"), ("Section 2", ""), ("第三条", ""),
        ("Article 1er", ""), ("Artículo 5", ""), ("Статья 7", ""), ("المادة 9", "")]
    assert provisions[0].text == "This article applies.\nMore text."
    assert provisions[0].division == "Part 1"
    assert provisions[1].text == "A sentence that is text, not a heading."
    assert provisions[5].text == "Текст статьи."


def test_malformed_lines_are_reported_with_line_and_id_and_the_rest_is_kept(tmp_path):
    good = RECORDS[0]
    path = write_jsonl(tmp_path / "bad.jsonl", [
        good,
        {"id": "no-title", "title": "", "country": "CN", "language": "zh", "text": "x"},
        {"id": "bad-state", "title": "Law of nowhere", "country": "QQ", "language": "en"},
        {"id": "bad-lang", "title": "Law", "country": "FR", "language": "de"},
        {"id": "bad-date", "title": "Law", "country": "FR", "language": "fr", "date": "soon"},
        ["not", "an", "object"],
    ], extra_lines=("{this is not json", json.dumps({"title": "no id", "language": "en"})))
    report = run_import(read_jsonl(path))
    problems = [(e.line, e.item_id, e.reason) for e in report.errors]
    assert problems == [
        (2, "no-title", "missing title"),
        (4, "bad-lang", "unsupported language 'de'"),
        (5, "bad-date", "date 'soon' is not YYYY-MM-DD"),
        (6, None, "not a JSON object"),
        (7, None, "not valid JSON (Expecting property name enclosed in double quotes)"),
        (8, "", "missing id"),
        (3, "bad-state", "unknown State 'QQ'"),  # found when writing its batch
    ]
    assert report.created == 1
    assert list(Item.objects.values_list("external_id", flat=True)) == ["zh-extradition"]
    assert not Item.objects.filter(title="Law of nowhere").exists()


def test_reimport_skips_unchanged_and_updates_changed_without_duplicates(tmp_path, library):
    path = write_jsonl(tmp_path / "again.jsonl", RECORDS)
    report = run_import(read_jsonl(path))
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(RECORDS))
    changed = [dict(RECORDS[0], text="第一条 新的引渡条文。\n", articles=["16", "18"])]
    report = run_import(read_jsonl(write_jsonl(tmp_path / "changed.jsonl", changed)))
    assert (report.created, report.updated) == (0, 1)
    law = Item.objects.get(external_id="zh-extradition")
    assert [p.text for p in law.provisions.all()] == ["新的引渡条文。"]
    assert law.articles == ["16", "18"]
    assert Item.objects.count() == len(RECORDS)
    assert Passage.objects.filter(item=law).count() == 2
    assert law.history.count() == 2  # the change is recorded


def test_interrupted_import_resumes(tmp_path, monkeypatch):
    """Batches commit one by one: a failure in batch 2 keeps batch 1; a rerun finishes."""
    from rogatory.library import services

    path = write_jsonl(tmp_path / "all.jsonl", RECORDS[:6])
    original = services._write_batch
    calls = {"n": 0}

    def failing(batch, report):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        original(batch, report)

    monkeypatch.setattr(services, "_write_batch", failing)
    with pytest.raises(KeyboardInterrupt):
        run_import(read_jsonl(path), batch_size=3)
    assert Item.objects.count() == 3
    monkeypatch.setattr(services, "_write_batch", original)
    report = run_import(read_jsonl(path), batch_size=3)
    assert (report.created, report.unchanged) == (3, 3)
    assert Item.objects.count() == 6


def test_duplicate_ids_in_one_file_are_reported(tmp_path):
    path = write_jsonl(tmp_path / "dup.jsonl", [RECORDS[0], RECORDS[0]])
    report = run_import(read_jsonl(path))
    assert report.created == 1
    assert [(e.line, e.reason) for e in report.errors] == [(2, "duplicate id in this file")]


def test_command_reads_gzip_and_reports_errors(tmp_path, capsys):
    path = tmp_path / "corpus.jsonl.gz"
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS[:3]] + ["{oops"]
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    with pytest.raises(CommandError, match="1 item"):
        call_command("library", "import-jsonl", str(path), "--no-progress")
    captured = capsys.readouterr()
    assert "line 4: not valid JSON" in captured.err
    assert "3 created" in captured.out
    assert Item.objects.count() == 3 and Tag.objects.filter(kind="article").exists()


def test_command_rejects_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("library", "import-jsonl", str(tmp_path / "absent.jsonl"))


def test_an_import_refreshes_the_planner_statistics(library):
    from django.db import connection

    # The `library` fixture imported through run_import: the planner knows the new rows.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'library_tag'")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'library_tag'")
        assert cursor.fetchone()[0] > 0
