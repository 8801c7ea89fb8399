"""The data migration gives passages indexed before tag tokens existed the token of each
crime type and issue of their item, once."""

import importlib

import pytest
from django.apps import apps

from rogatory.library.models import Passage
from rogatory.library.search.indexing import tag_token
from rogatory.library.search.service import SearchRequest, search

pytestmark = pytest.mark.django_db
migration = importlib.import_module("rogatory.library.migrations.0003_index_tag_tokens")


def test_old_passages_get_their_tag_tokens_once(library):
    token = tag_token("crime_type", "money_laundering")
    item = library["fr-aml"]
    passage = Passage.objects.get(item=item, provision=None)
    Passage.objects.filter(pk=passage.pk).update(
        body_tokens=passage.body_tokens.replace(token, "").strip())
    assert not search(SearchRequest(q="money laundering", filters={"language": "fr"})).hits
    migration.add_tokens(apps, None)
    migration.add_tokens(apps, None)
    assert Passage.objects.get(pk=passage.pk).body_tokens.split().count(token) == 1
    assert search(SearchRequest(q="money laundering", filters={"language": "fr"})).hits
    assert migration.token("crime_type", "money_laundering") == token
