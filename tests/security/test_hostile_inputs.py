"""Hostile values in the inputs added for issue 18: each is refused or used as plain data,
never reflected unescaped and never turned into SQL or a full-text operator."""

import pytest

from rogatory.library.parsing import read_jsonl
from rogatory.library.services import run_import
from tests.library.conftest import RECORDS, write_jsonl

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def library(db, tmp_path) -> None:
    """The library tests' multilingual items."""
    assert not run_import(read_jsonl(write_jsonl(tmp_path / "library.jsonl", RECORDS))).errors


@pytest.mark.parametrize("expand", [SCRIPT, "1 OR 1=1", "0'--", "\x00", "ⅰ"])
def test_the_library_expand_parameter_is_validated(client, library, expand):
    page = client.get("/library/", {"q": "extradition", "expand": expand})
    assert page.status_code == 400 and SCRIPT not in page.content.decode()  # a form error
    api = client.get("/api/v1/library/search/", {"q": "extradition", "expand": expand})
    assert api.status_code == 400


@pytest.mark.parametrize("q", ['money laundering" OR *', "blanqueo de dinero) NEAR(x",
                               f"extradition {SCRIPT}", "'引渡' | !!", "money-laundering:*"])
def test_an_expanded_query_stays_data(client, library, q):
    page = client.get("/library/", {"q": q})
    assert page.status_code == 200 and SCRIPT not in page.content.decode()
    assert client.get("/api/v1/library/search/", {"q": q}).status_code == 200


@pytest.mark.parametrize("language", [SCRIPT, "en'; DROP TABLE accounts_user;--", "../../fr",
                                      "x" * 500, "EN", "zh"])
def test_the_preferred_language_takes_a_site_language_only(client, actors, language):
    from rogatory.accounts.models import User

    client.force_login(actors.practitioner)
    response = client.post("/users/me/", {"full_name": "P", "preferred_language": language})
    assert response.status_code == 200 and SCRIPT not in response.content.decode()
    assert User.objects.get(pk=actors.practitioner.pk).preferred_language == ""


@pytest.mark.parametrize("language", [SCRIPT, "xx", "../fr"])
def test_a_hostile_accept_language_is_not_remembered(actors, language):
    from django.test import Client

    from rogatory.accounts.models import User
    from tests.conftest import PASSWORD

    Client(HTTP_ACCEPT_LANGUAGE=language).post(
        "/accounts/login/", {"login": actors.officer_a.email, "password": PASSWORD})
    assert User.objects.get(pk=actors.officer_a.pk).preferred_language in ("", "en")
