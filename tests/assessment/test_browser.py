"""A focal point signs in (with a TOTP code), starts an assessment, fills it over two
chapters, submits it and reads its gap report, in a real headless Chromium."""

import os

import pytest

from rogatory.assessment.models import Assessment
from tests.accounts.test_login_and_mfa import totp_now
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    page,  # noqa: F401  (the shared fixture)
    sign_in,
)
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    """tests/browser's `browser` is session-scoped and only visible there; imported here it
    would be a second session-long Playwright beside it, which Playwright refuses. This one
    closes with the module, so the two never overlap."""
    if not CHROMIUM:
        pytest.skip("no Chromium on this machine: `apt-get install chromium` to run browser tests")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_focal_point_fills_and_submits_an_assessment(page, actors, version):  # noqa: F811
    sign_in(page, "focal@a.test", PASSWORD)
    page.wait_for_url("**/2fa/authenticate/**")
    page.fill("input[name=code]", totp_now())
    # The 2FA page's last submit button is "Cancel" (sign out): press "Sign In".
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)

    page.get_by_role("link", name="Needs assessment").first.click()
    page.get_by_label("Questionnaire").select_option(label="Test questionnaire · version 1")
    page.get_by_label("Language of the report").select_option("fr")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/assessment/*/")
    assert page.get_by_role("heading", name="Needs assessment of Netherlands").is_visible()

    page.get_by_role("link", name="Participation").click()
    page.get_by_role("group", name="Is participation criminalized?").get_by_label(
        "No", exact=True).check()
    page.get_by_role("group", name="How is serious crime defined?").get_by_label(
        "A list").check()
    page.locator("textarea[name$='-comment']").first.fill("A bill is before parliament.")
    page.get_by_role("button", name="Save and go to the next chapter").click()
    page.wait_for_url("**/chapters/art-29/")
    assert page.get_by_role("status").get_by_text("2 answer(s) saved.").is_visible()

    page.get_by_label("How many officials were trained?").fill("60")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/chapters/art-29/")
    assert page.get_by_label("How many officials were trained?").input_value() == "60"

    page.get_by_role("link", name="Back to the assessment").click()
    page.get_by_role("button", name="Submit the assessment").click()
    assert page.get_by_text("The assessment was submitted.").is_visible()
    assert page.get_by_role("button", name="Submit the assessment").count() == 0

    page.get_by_role("link", name="Gap report", exact=True).click()
    needs = page.locator("#needs + table")
    assert needs.get_by_role("row").filter(has_text="5.1").get_by_text("High").is_visible()
    assert page.locator("img.chart").count() == 2

    assessment = Assessment.objects.get(state_id="NL")
    assert assessment.status == "submitted" and assessment.language == "fr"
    assert {a.question.code: (a.value, a.number) for a in assessment.answers.all()} == {
        "5.1": ("no", None), "5.2": ("list", None), "29.2": ("", 60)}
