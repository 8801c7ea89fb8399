"""Pages and API: the public reads public items; restricted items only for officials
(pages, API, search results and facet counts); the secretariat curates in the admin."""

import pytest

from rogatory.library.models import Item
from tests.conftest import ROLES, api_client_for, client_for

pytestmark = pytest.mark.django_db
OFFICIALS = [role for role in ROLES if role != "anonymous"]


def test_navigation_lists_the_library(client):
    html = client.get("/").content.decode()
    assert 'href="/library/"' in html


def test_search_page_works_without_javascript(library):
    html = client_for(None).get("/library/", {"q": "引渡"}).content.decode()
    assert "<mark>引渡</mark>" in html
    assert f'href="/library/items/{library["zh-extradition"].pk}/"' in html
    assert 'role="search"' in html and '<label for="id_q">' in html
    assert "?q=%E5%BC%95%E6%B8%A1&amp;country=CN" in html  # facet link keeps the query


def test_search_page_facets_and_filters(library):
    html = client_for(None).get("/library/", {"q": "extradition", "country": "GB"}).content.decode()
    assert "Extradition Act" in html and "Report on the meeting" not in html
    assert 'aria-current="true"' in html  # the chosen filter is marked
    assert "United Kingdom" in html  # State names from CLDR
    html = client_for(None).get("/library/", {"q": "引渡"}, HTTP_ACCEPT_LANGUAGE="fr").content
    assert "Chine" in html.decode()


def test_search_page_htmx_returns_only_results(library):
    response = client_for(None).get("/library/", {"q": "引渡"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<mark>引渡</mark>" in html and "<html" not in html


def test_browse_without_query_lists_items(library):
    html = client_for(None).get("/library/").content.decode()
    assert "Extradition Act" in html and "Confidential guide" not in html


def test_item_page_shows_provisions_with_anchors_and_related_items(library):
    law = library["en-extradition"]
    html = client_for(None).get(f"/library/items/{law.pk}/").content.decode()
    assert 'id="p1"' in html and 'href="#p2"' in html
    assert "Section 1 Extraditions to category 1 territories" in html
    # The WG report and the Spanish law implement article 16 too; the restricted guide
    # also does, but is not shown to the public.
    assert "Report on the meeting" in html and "Ley de Extradición Pasiva" in html
    assert "Confidential guide" not in html
    case = Item.objects.create(kind="case_law", title="R v Demo", language="en", state_id="GB")
    case.cites.add(law)
    html = client_for(None).get(f"/library/items/{law.pk}/").content.decode()
    assert "Cited by" in html and "R v Demo" in html


@pytest.mark.parametrize("role", ROLES)
def test_restricted_item_page_and_api_only_for_officials(library, actors, role):
    user = actors.by_name(role)
    restricted = library["restricted-guide"]
    public = library["zh-mla"]
    expected = 404 if role == "anonymous" else 200
    assert client_for(user).get(f"/library/items/{restricted.pk}/").status_code == expected
    assert api_client_for(user).get(
        f"/api/v1/library/items/{restricted.pk}/").status_code == expected
    assert client_for(user).get(f"/library/items/{public.pk}/").status_code == 200
    assert api_client_for(user).get(f"/api/v1/library/items/{public.pk}/").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_restricted_items_in_search_results_and_facets(library, actors, role):
    user = actors.by_name(role)
    data = api_client_for(user).get("/api/v1/library/search/", {"q": "urgent"}).json()
    countries = {o["value"]: o["count"] for f in data["facets"] if f["name"] == "country"
                 for o in f["options"]}
    html = client_for(user).get("/library/", {"q": "urgent"}).content.decode()
    if role == "anonymous":
        assert data["count"] == 0 and countries == {}
        assert "Confidential guide" not in html
    else:
        assert data["count"] == 1 and countries == {"NL": 1}
        assert "Confidential guide" in html


def test_unknown_item_is_404(db):
    assert client_for(None).get("/library/items/999999/").status_code == 404
    response = api_client_for(None).get("/api/v1/library/items/999999/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_api_search_contract(library):
    response = api_client_for(None).get("/api/v1/library/search/", {
        "q": "extradition", "type": "legislation", "article": "16", "page_size": 1,
        "expand": "false"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2 and data["pages"] == 2 and data["complete"] is True
    assert data["also"] == []
    hit = data["results"][0]
    assert hit["item"]["title"] == "Extradition Act" and hit["item"]["state"] == "GB"
    assert "<mark>" in hit["title_html"] + hit["snippet_html"]
    assert hit["url"].startswith(f"/library/items/{hit['item']['id']}/")
    names = [facet["name"] for facet in data["facets"]]
    assert names == ["country", "type", "language", "crime_type", "issue", "article", "year"]
    assert data["backend"] in ("sqlite-fts5", "postgresql")


def test_api_filters_country_language_crime_type(library):
    def titles(**params):
        data = api_client_for(None).get("/api/v1/library/search/", params).json()
        return {hit["item"]["title"] for hit in data["results"]}

    assert titles(q="", crime_type="money_laundering", language="fr") == {
        "Loi relative à la lutte contre le blanchiment"}
    assert titles(q="引渡", country="CN") == {"中华人民共和国引渡法", "中华人民共和国刑事诉讼法"}


def test_api_expands_a_core_term_to_the_other_languages(library):
    data = api_client_for(None).get("/api/v1/library/search/", {"q": "extradition"}).json()
    assert {"language": "es", "term": "Extradición"} in data["also"]
    assert {"language": "zh", "term": "引渡"} in data["also"]
    found = {hit["item"]["title"] for hit in data["results"]}
    assert {"Extradition Act", "Ley de Extradición Pasiva", "中华人民共和国引渡法"} <= found
    assert data["results"][0]["item"]["title"] == "Extradition Act"  # the words as written
    response = api_client_for(None).get("/api/v1/library/search/", {"q": "extradition",
                                                                   "expand": "maybe"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"


def test_the_page_says_what_else_it_searched_and_turns_it_off(client, library):
    page = client.get("/library/", {"q": "money laundering"}).content.decode()
    assert "Also searched:" in page and 'lang="es" dir="auto">blanqueo de dinero<' in page
    assert "Loi relative à la lutte contre le blanchiment" in page  # tagged money laundering
    assert "expand=0" in page
    plain = client.get("/library/", {"q": "money laundering", "expand": "0"}).content.decode()
    assert "Also searched:" not in plain
    assert "Loi relative à la lutte contre le blanchiment" not in plain
    bad = client.get("/library/", {"q": "money laundering", "expand": "<x>"})
    assert bad.status_code == 400 and "<x>" not in bad.content.decode()  # a form error


def test_api_rejects_bad_paging(db):
    response = api_client_for(None).get("/api/v1/library/search/", {"page": "0"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"


def test_api_item_detail(library):
    law = library["zh-extradition"]
    data = api_client_for(None).get(f"/api/v1/library/items/{law.pk}/").json()
    assert data["articles"] == ["16"] and data["issues"] == ["extradition"]
    assert [p["number"] for p in data["provisions"]] == ["第一条", "第二条"]
    assert data["provisions"][0]["url"] == f"/library/items/{law.pk}/#p1"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_curates_in_the_admin(library, actors, role):
    user = actors.by_name(role)
    response = client_for(user).get("/admin/library/item/")
    assert response.status_code == (200 if role == "secretariat" else 302)


def test_admin_edit_updates_tags_and_search(library, actors):
    item = library["en-proceeds"]
    client = client_for(actors.secretariat)
    page = client.get(f"/admin/library/item/{item.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update({"title": "Proceeds of Crime (Wildlife) Act", "kind": "legislation",
                 "language": "en", "state": "GB", "crime_types": ["wildlife_forest_crime"],
                 "issues": [], "articles": "12, 13", "date": "2002-07-24",
                 "provisions-TOTAL_FORMS": "0", "provisions-INITIAL_FORMS": "0"})
    data.pop("cites", None)
    data = {k: v for k, v in data.items() if not isinstance(v, (list, tuple)) or k in (
        "crime_types", "issues")}
    response = client.post(f"/admin/library/item/{item.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.crime_types == ["wildlife_forest_crime"] and item.articles == ["12", "13"]
    hits = api_client_for(None).get("/api/v1/library/search/", {"q": "wildlife"}).json()
    assert [hit["item"]["id"] for hit in hits["results"]] == [item.pk]


@pytest.mark.parametrize("params", [{"q": "引渡"}, {"country": "CN"}, {"q": "extradition"}])
def test_api_search_queries_do_not_grow_with_the_hits(library, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client_for(None)
    client.get("/api/v1/library/search/", params)  # sessions, States: loaded once
    with CaptureQueriesContext(connection) as queries:
        data = client.get("/api/v1/library/search/", params).json()
    assert len(data["results"]) >= 3
    # count, page, facets, tags, passages with items and provisions, item texts, States
    assert len(queries) <= 8, [q["sql"][:80] for q in queries]
