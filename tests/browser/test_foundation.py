import pytest

from tests.accounts.test_login_and_mfa import totp_now
from tests.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_signs_in_switches_to_arabic_and_is_refused_user_admin(page, actors):
    sign_in(page, "officer@a.test", PASSWORD)
    page.wait_for_url("**/")
    assert page.locator(".header-tools").get_by_text("officer").is_visible()

    page.select_option("#language-select", "ar")
    page.locator(".language-form button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    # Right to left: the brand sits at the right edge of the header.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2

    response = page.goto("/users/")
    assert response.status == 403


def test_secretariat_needs_a_totp_code(page, actors):
    sign_in(page, "secretariat@un.test", PASSWORD)
    page.wait_for_url("**/2fa/authenticate/**")
    page.fill("input[name=code]", totp_now())
    page.press("input[name=code]", "Enter")  # the form's own submit, not "Cancel"
    page.wait_for_url(lambda url: "/accounts/" not in url)
    response = page.goto("/users/")
    assert response.status == 200 and page.url.endswith("/users/")
    assert page.get_by_role("heading", name="Users").is_visible()
