import pytest

from rogatory.accounts import demo as accounts_demo
from rogatory.directory import demo as directory_demo
from rogatory.writer import demo
from rogatory.writer.models import RequestDraft

pytestmark = pytest.mark.django_db


def test_demo_drafts_are_loaded_once():
    directory_demo.load(lambda _line: None)
    accounts_demo.load(lambda _line: None)
    demo.load(lambda _line: None)
    demo.load(lambda _line: None)
    drafts = RequestDraft.objects.order_by("kind")
    assert [(d.kind, d.author.email) for d in drafts] == [
        ("extradition", "practitioner.nl@example.org"), ("mla", "officer.nl@example.org")]
    assert all("(demo)" in d.title for d in drafts)
