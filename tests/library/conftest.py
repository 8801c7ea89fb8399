"""A small multilingual library written by the tests themselves (no shared data needed)."""

import json
from pathlib import Path

import pytest

from rogatory.library.models import Item
from rogatory.library.parsing import read_jsonl
from rogatory.library.services import run_import

RECORDS = [
    {"id": "zh-extradition", "title": "中华人民共和国引渡法", "country": "CN", "language": "zh",
     "date": "2000-12-28", "issues": ["extradition"], "articles": ["16"],
     "text": "# 中华人民共和国引渡法\n\n示例文本，供测试。\n\n## 第一章 总则\n\n"
             "第一条 为了保障引渡的正常进行，加强国际合作，制定本法。\n\n"
             "第二条 中华人民共和国和外国之间的引渡，依照本法进行。\n"},
    {"id": "zh-mla", "title": "中华人民共和国国际刑事司法协助法", "country": "CN", "language": "zh",
     "date": "2018-10-26", "issues": ["mutual_legal_assistance"], "articles": ["18"],
     "text": "## 第一章 总则\n\n第一条 为了保障国际刑事司法协助的正常进行，制定本法。\n\n"
             "第二条 本法所称国际刑事司法协助，包括送达文书，调查取证。\n"},
    {"id": "zh-aml", "title": "中华人民共和国反洗钱法", "country": "CN", "language": "zh",
     "date": "2006-10-31", "crime_types": ["money_laundering"], "articles": ["6", "7"],
     "text": "第一条 为了预防洗钱活动，制定本法。\n\n第二条 本法所称反洗钱，是指预防洗钱活动的措施。\n"},
    {"id": "zh-procedure", "title": "中华人民共和国刑事诉讼法", "country": "CN", "language": "zh",
     "date": "2018-10-26",
     "text": "第一条 为了保证刑法的正确实施，制定本法。\n\n"
             "第二条 涉及引渡的案件，依照有关法律办理。\n\n第三条 对刑事案件的侦查由公安机关负责。\n"},
    {"id": "ar-extradition", "title": "قانون تسليم المجرمين", "country": "EG", "language": "ar",
     "date": "2015-01-01", "issues": ["extradition"],
     "text": "المادة 1 يَجُوزُ تَسْلِيمُ الأشخاص المطلوبين إلى دولةٍ أجنبيةٍ.\n\n"
             "المادة 2 تختص المحكمة بالنظر في طلبات التسليم.\n"},
    {"id": "ar-other", "title": "قانون الجمارك", "country": "EG", "language": "ar",
     "text": "المادة 1 تخضع البضائع الواردة للضريبة الجمركية.\n"},
    {"id": "en-extradition", "title": "Extradition Act", "country": "GB", "language": "en",
     "date": "2003-11-20", "crime_types": ["participation_in_ocg"], "issues": ["extradition"],
     "articles": ["16"],
     "text": "Section 1 - Extraditions to category 1 territories\nThis Part deals with "
             "extradition from the United Kingdom.\n\nSection 2 - Warrants\nA warrant is "
             "issued by the judicial authority of a territory.\n"},
    {"id": "en-proceeds", "title": "Proceeds of Crime Act", "country": "GB", "language": "en",
     "date": "2002-07-24", "crime_types": ["money_laundering"], "issues": ["confiscation"],
     "articles": ["12"],
     "text": "Section 1 - Confiscation orders\nThe court must make a confiscation order.\n"},
    {"id": "fr-aml", "title": "Loi relative à la lutte contre le blanchiment", "country": "FR",
     "language": "fr", "date": "2016-06-03", "crime_types": ["money_laundering"],
     "text": "Article 1er\nLe blanchiment des capitaux est puni de cinq ans "
             "d'emprisonnement.\n\nArticle 2\nLes blanchiments aggravés sont punis de dix ans.\n"},
    {"id": "es-extradition", "title": "Ley de Extradición Pasiva", "country": "ES",
     "language": "es", "date": "1985-03-21", "issues": ["extradition"], "articles": ["16"],
     "text": "Artículo 1\nLas condiciones de la extradición pasiva se regirán por los "
             "tratados.\n\nArtículo 2\nSe podrán conceder extradiciones por delitos graves.\n"},
    {"id": "ru-extradition", "title": "Закон о выдаче", "country": "RU", "language": "ru",
     "date": "2001-12-18", "issues": ["extradition"],
     "text": "Статья 1. Экстрадиция лица производится на основании договора.\n\n"
             "Статья 2. В экстрадиции может быть отказано.\n"},
    {"id": "int-wg", "kind": "wg_document", "title": "Report on the meeting of the Working "
     "Group on International Cooperation", "country": "", "language": "en",
     "date": "2016-10-17", "symbol": "CTOC/COP/WG.3/2016/4", "session": "7",
     "agenda_items": "Extradition\nMutual legal assistance", "articles": ["16", "18"],
     "summary": "Discussion of <script>alert(1)</script> extradition practice."},
    {"id": "restricted-guide", "kind": "strategy", "title": "Confidential guide on urgent "
     "extradition requests", "country": "NL", "language": "en", "restricted": True,
     "date": "2024-01-10", "issues": ["extradition"], "articles": ["16"],
     "summary": "Internal notes on urgent extradition requests."},
]


def write_jsonl(path: Path, records: list, extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def library(db, tmp_path) -> dict[str, Item]:
    """The multilingual fixture, imported through the JSON Lines importer."""
    report = run_import(read_jsonl(write_jsonl(tmp_path / "library.jsonl", RECORDS)))
    assert not report.errors, report.errors
    return {item.external_id: item for item in Item.objects.all()}
