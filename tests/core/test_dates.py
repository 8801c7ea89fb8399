"""One date format per language: Babel's medium on pages, long in documents."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from rogatory.core import dates

DAY = dt.date(2026, 3, 9)


@pytest.mark.parametrize(("language", "page", "document"), [
    ("en", "Mar 9, 2026", "March 9, 2026"),
    ("fr", "9 mars 2026", "9 mars 2026"),
    ("es", "9 mar 2026", "9 de marzo de 2026"),
    ("ru", "9 мар. 2026\u202fг.", "9 марта 2026\u202fг."),
    ("zh-hans", "2026年3月9日", "2026年3月9日"),
    ("ar", "09\u200f/03\u200f/2026", "9 مارس 2026"),
])
def test_medium_on_pages_long_in_documents(language, page, document):
    assert dates.page_date(DAY, language) == page
    assert dates.document_date(DAY, language) == document


def test_the_filter_isolates_the_date_and_leaves_none_to_default():
    template = Template("{% load core_tags %}{{ day|local_date }}|"
                        '{{ none|local_date|default:"—" }}')
    with translation.override("ar"):
        html = template.render(Context({"day": DAY, "none": None}))
    assert html == "<bdi>09\u200f/03\u200f/2026</bdi>|—"


def test_datetimes_in_the_local_zone_with_the_language_joining():
    moment = dt.datetime(2026, 3, 9, 14, 5, tzinfo=dt.UTC)
    assert dates.page_datetime(moment, "fr") == "9 mars 2026, 14:05"
    assert dates.page_datetime(moment, "zh-hans") == "2026年3月9日 14:05"


def test_no_page_formats_dates_its_own_way():
    """Templates use local_date/local_datetime, never a fixed pattern ("Y-m-d")."""
    package = Path(settings.PACKAGE_DIR)
    own = [path for path in package.rglob("*.html")
           if re.search(r"\|date\b", path.read_text(encoding="utf-8"))
           # the writer's and finder's templates are reworked on their own branches
           and not {"writer", "legalbasis"} & set(path.relative_to(package).parts)]
    assert own == []
