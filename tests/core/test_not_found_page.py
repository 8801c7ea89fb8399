"""`make run` (DEBUG on) shows the site's 404 page, not Django's list of URLs, unless a
developer asks for Django's technical pages (ROGATORY_DEBUG_PAGES)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_page_with_debug_is_the_sites_404_page(client, settings):
    settings.DEBUG, settings.ROGATORY_DEBUG_PAGES = True, False
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Using the URLconf" not in body and "DEBUG = True" not in body
    assert "404.html" in [t.name for t in response.templates]


def test_the_api_keeps_its_json_404_with_debug(client, settings):
    settings.DEBUG, settings.ROGATORY_DEBUG_PAGES = True, False
    response = client.get("/api/v1/library/items/999999/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_developers_can_ask_for_djangos_page(client, settings):
    settings.DEBUG, settings.ROGATORY_DEBUG_PAGES = True, True
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Using the URLconf" in response.content.decode()


def test_without_debug_the_setting_changes_nothing(client, settings):
    settings.DEBUG, settings.ROGATORY_DEBUG_PAGES = False, True
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Using the URLconf" not in response.content.decode()
