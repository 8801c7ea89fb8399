"""Issue #14, finding 10: every query parameter of every endpoint takes hostile values (huge,
negative, non-numeric, not a number at all, non-UTF-8 bytes, markup) without a server error.
The API's endpoints and parameters come from its OpenAPI schema; a 4xx answer has the
project's error shape. The pages and their parameters are found by crawling the site as each
role (tests/security/crawl.py): every field of every GET form, every query key of every
link, and the common ones; an answer never echoes the markup unescaped. A new endpoint,
page or parameter is covered without editing this file."""

from urllib.parse import quote

import pytest
from django.test import Client

from tests.conftest import client_for
from tests.security.crawl import crawl, seeds
from tests.security.test_authorization_matrix import _fast_world, world  # noqa: F401

pytestmark = pytest.mark.django_db

MARKUP = '"><script>alert(1)</script>'
HUGE = "99999999999999999999999"
# Each value is sent percent-encoded as it stands, except the raw ones: bytes that are not
# UTF-8 once decoded.
VALUES = [HUGE, "-" + HUGE, "-1", "abc", "1e999", "x" * 5000, MARKUP]
RAW_VALUES = ["%ff%fe", "%00"]
COMMON = {"page", "format", "language"}
ROLES = ["anonymous", "officer_a", "secretariat"]


def _queries(names: set[str]) -> list[str]:
    """Each parameter alone with a huge number, then every parameter at once with each value
    (a few requests per endpoint, not one per parameter and value: the machine is shared)."""
    alone = [f"{quote(name)}={HUGE}" for name in sorted(names)]
    together = [[f"{quote(name)}={quote(value)}" for name in sorted(names)] for value in VALUES]
    together += [[f"{quote(name)}={raw}" for name in sorted(names)] for raw in RAW_VALUES]
    return alone + ["&".join(query) for query in together]


def _problem(response, api: bool) -> str | None:
    if response.status_code >= 500:
        return f"answered {response.status_code}"
    body = response.content
    if MARKUP.encode() in body and not response.get("Content-Type", "").startswith(
            ("application/json", "text/csv", "application/pdf")):
        return "echoes the markup unescaped"
    if api and 400 <= response.status_code < 500:
        error = response.json().get("error") if body else None
        if not (isinstance(error, dict) and {"code", "message"} <= set(error)):
            return f"{response.status_code} without the error shape: {body[:200]!r}"
    return None


def _schema_operations(client: Client) -> list[tuple[str, set[str]]]:
    """(path with its ids filled in, query parameter names) of every GET of the API."""
    schema = client.get("/api/schema/?format=json").json()
    operations = []
    for path, methods in schema["paths"].items():
        get = methods.get("get")
        if get is None:
            continue
        names = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
        for parameter in get.get("parameters", []):
            if parameter["in"] == "path":
                path = path.replace("{" + parameter["name"] + "}", "1")
        operations.append((path, names | {"page", "page_size"}))
    return operations


@pytest.mark.parametrize("role", ROLES)
def test_every_query_parameter_of_the_api(actors, world, role):  # noqa: F811
    client = client_for(actors.by_name(role))
    client.raise_request_exception = False
    problems = []
    for path, names in _schema_operations(client):
        for query in _queries(names):
            problem = _problem(client.get(f"{path}?{query}"), api=True)
            if problem:
                problems.append(f"GET {path}?{query[:80]}: {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_every_query_parameter_of_every_page(actors, world, role):  # noqa: F811
    client = client_for(actors.by_name(role))
    client.raise_request_exception = False
    pages = crawl(client, seeds(vars(world).values()))
    assert len(pages) >= (5 if role == "anonymous" else 20)  # the crawl found the site
    problems = []
    for page in pages.values():
        names = COMMON | page.link_params | {name for form in page.forms
                                             if form.method == "get"
                                             for name, _v in form.values}
        for query in _queries(names):
            problem = _problem(client.get(f"{page.path}?{query}"), api=False)
            if problem:
                problems.append(f"GET {page.path}?{query[:80]}: {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("year", ["99999999999999999999999", "0", "-1", "12345", "２０２０"])
def test_library_year_is_validated_on_page_api_and_command(db, year):
    from django.core.management import CommandError, call_command

    api = client_for(None).get("/api/v1/library/search/", {"year": year})
    assert api.status_code == 400
    assert api.json()["error"]["code"] == "invalid" and "year" in api.json()["error"]["fields"]
    page = client_for(None).get("/library/", {"year": year})
    assert page.status_code == 400 and "Enter a valid value." in page.content.decode()
    with pytest.raises(CommandError, match="--year"):
        call_command("library", "search", "law", "--year", year)
    assert client_for(None).get("/api/v1/library/search/", {"year": "2020"}).status_code == 200
