"""The sign-in, second-factor and password pages: the site's layout, no sign-up offered,
and a TOTP code that was already used is named as such."""

import pytest
from django.core.cache import cache

from tests.accounts.test_login_and_mfa import login, totp_now

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/"])
@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_account_pages_use_the_site_layout(client, path, language):
    html = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'class="site-header"' in html and 'id="language-select"' in html
    assert f'<html lang="{language}"' in html
    assert "Menu:" not in html and "/accounts/signup/" not in html


def test_second_factor_page_uses_the_site_layout(client, actors):
    response = login(client, "secretariat@un.test")
    html = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'class="site-header"' in html and 'dir="rtl"' in html
    assert 'name="code"' in html


def test_a_used_totp_code_says_so(client, actors):
    cache.clear()
    code = totp_now()
    first = login(client, "secretariat@un.test")
    assert client.post(first["Location"], {"code": code}).status_code == 302
    client.logout()
    again = login(client, "secretariat@un.test")
    response = client.post(again["Location"], {"code": code})
    assert response.status_code == 200  # refused: a code counts once
    assert "already been used" in response.content.decode()
    assert client.get("/users/me/").status_code == 302


def test_a_wrong_code_is_still_just_incorrect(client, actors):
    cache.clear()
    response = login(client, "secretariat@un.test")
    wrong = str((int(totp_now()) + 1) % 1_000_000).zfill(6)
    html = client.post(response["Location"], {"code": wrong}).content.decode()
    assert "already been used" not in html and "Incorrect code" in html
