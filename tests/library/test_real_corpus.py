"""Chinese search quality on the real corpus (../shared/data/corpus/cn-laws.jsonl.gz):
the laws a practitioner looks for, among a slice of the corpus. The same behaviour is
covered without the file by test_search.py's fixture."""

import gzip
import itertools
import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from rogatory.library.parsing import item_from_record
from rogatory.library.search.service import SearchRequest, search
from rogatory.library.services import run_import

# ../shared/data beside the project (ROGATORY_SHARED_DATA may point elsewhere, e.g. from a
# git worktree).
SHARED = Path(os.environ.get("ROGATORY_SHARED_DATA")
              or settings.BASE_DIR.parent / "shared" / "data")
CORPUS = SHARED / "corpus" / "cn-laws.jsonl.gz"
WANTED = ("引渡法", "国际刑事司法协助法", "反洗钱法", "刑事诉讼法")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not CORPUS.exists(), reason=f"the shared corpus {CORPUS} is absent"),
]


def _slice(first: int = 150):
    """The first `first` laws of the corpus plus the ones the queries are about."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            record = json.loads(line)
            if number <= first or record["title"] in WANTED:
                yield number, item_from_record(record), record["id"], ""


@pytest.mark.parametrize(("query", "title"), [
    ("引渡", "引渡法"),
    ("国际刑事司法协助", "国际刑事司法协助法"),
    ("洗钱", "反洗钱法"),
])
def test_the_law_comes_first_in_the_real_corpus(query, title):
    report = run_import(itertools.islice(_slice(), 400))
    assert not report.errors and report.provisions > 1000
    result = search(SearchRequest(q=query))
    assert result.hits[0].item.title == title
    assert result.hits[0].passage.provision is None
