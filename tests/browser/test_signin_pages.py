"""The sign-in and second-factor pages look like the rest of the site, in any language."""

import pytest
from django.core.cache import cache

from tests.accounts.test_login_and_mfa import totp_now
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_has_the_site_header_and_switches_language(page, actors):
    page.goto("/accounts/login/")
    assert page.locator(".site-header .brand").is_visible()
    assert page.get_by_role("link", name="Sign up").count() == 0
    assert page.locator("a[href*='/accounts/signup/']").count() == 0
    page.select_option("#language-select", "ar")
    page.locator(".language-form button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.url.endswith("/accounts/login/")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_second_factor_page_in_the_site_layout_and_a_used_code_named(page, actors):
    cache.clear()  # another test may have used this window's code
    code = totp_now()
    for attempt in range(2):
        page.goto("/accounts/login/")
        page.fill("input[name=login]", "secretariat@un.test")
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/2fa/authenticate/**")
        assert page.locator(".site-header #language-select").is_visible()
        page.fill("input[name=code]", code)
        page.press("input[name=code]", "Enter")
        page.wait_for_load_state()
        if attempt == 0:
            assert "/accounts/" not in page.url
            page.locator("form[action$='/logout/'] button").click()
            page.wait_for_load_state()
    assert page.get_by_text("This code has already been used").is_visible()
