"""Hostile values in the inputs added for issue 18: each is refused or used as plain data,
never reflected unescaped and never turned into SQL or a full-text operator."""

import pytest

pytest_plugins = ["tests.library.conftest"]  # the multilingual `library` fixture

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("expand", [SCRIPT, "1 OR 1=1", "0'--", "\x00", "ⅰ"])
def test_the_library_expand_parameter_is_validated(client, library, expand):
    page = client.get("/library/", {"q": "extradition", "expand": expand})
    assert page.status_code == 200 and SCRIPT not in page.content.decode()
    api = client.get("/api/v1/library/search/", {"q": "extradition", "expand": expand})
    assert api.status_code == 400


@pytest.mark.parametrize("q", ['money laundering" OR *', "blanqueo de dinero) NEAR(x",
                               f"extradition {SCRIPT}", "'引渡' | !!", "money-laundering:*"])
def test_an_expanded_query_stays_data(client, library, q):
    page = client.get("/library/", {"q": q})
    assert page.status_code == 200 and SCRIPT not in page.content.decode()
    assert client.get("/api/v1/library/search/", {"q": q}).status_code == 200
