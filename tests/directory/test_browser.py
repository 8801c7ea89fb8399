"""In a real browser: a focal point signs in (password + TOTP), updates its State's entry
and sees the change, with its name and the old and new value, in the entry's history."""

import pytest

from tests.accounts.test_login_and_mfa import totp_now
from tests.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_focal_point_updates_an_entry_and_sees_it_in_the_history(page, actors, directory):
    authority = directory["a"]
    sign_in(page, "focal@a.test", PASSWORD)
    page.wait_for_url("**/2fa/authenticate/**")
    page.fill("input[name=code]", totp_now())
    # The form's own button: the last one on the page cancels the sign-in.
    page.locator("form[action$='/2fa/authenticate/'] button[type=submit]:not([form])").click()
    page.wait_for_url(lambda url: "/2fa/" not in url and "/login" not in url)

    page.goto(f"/directory/{authority.pk}/")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Name in English").fill("Central Authority A, renamed in the browser")
    page.get_by_label("Office hours").fill("Mon–Fri 09:00–17:00")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/directory/{authority.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == authority.name
    assert page.get_by_text("The entry was saved.").is_visible()
    assert page.get_by_text("changed, awaiting review").is_visible()

    page.get_by_role("link", name="History").click()
    row = page.locator("tr.history-row", has_text="Central Authority A, renamed in the browser")
    assert row.count() == 1
    text = row.inner_text()
    assert "name in English" in text and "focal" in text
    history = page.locator("table").inner_text()
    assert "Central Authority A" in history and "Mon–Fri 09:00–17:00" in history
