"""No page is wider than a 1366 px window, in English, Arabic and Chinese, and right-to-left
pages keep mixed-direction fragments whole."""

import pytest
from django.core.management import call_command

from rogatory.cases.models import Case
from rogatory.directory.models import Authority
from rogatory.writer.models import RequestDraft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_PASSWORD = "rogatory-demo-2026"


def main_pages() -> list[str]:
    """The main page of every app, and the detail pages with the longest content."""
    draft = RequestDraft.objects.order_by("pk").first()
    case = Case.objects.filter(authority__state="NL").first()
    return ["/", "/states/", "/states/NL/", "/legal-basis/", "/directory/",
            f"/directory/{Authority.objects.filter(state='NL').first().pk}/",
            "/directory/route/", "/library/", "/requests/", f"/requests/{draft.pk}/basis/",
            f"/requests/{draft.pk}/review/", "/cases/", f"/cases/{case.pk}/",
            "/cases/statistics/", "/assets/", "/assets/report/", "/assessment/",
            "/users/me/"]


@pytest.fixture
def demo_officer(page):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "officer.nl@example.org")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    return page


def use_language(page, language: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language,
                               "url": page.url}])


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_no_page_scrolls_sideways(demo_officer, language):
    page = demo_officer
    use_language(page, language)
    wide = {}
    for path in main_pages():
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 1366:
            wide[path] = width
    assert wide == {}


def test_arabic_content_stays_below_the_header(demo_officer):
    page = demo_officer
    use_language(page, "ar")
    page.goto(f"/requests/{RequestDraft.objects.order_by('pk').first().pk}/basis/")
    header = page.locator(".site-header").bounding_box()
    main = page.locator("main").bounding_box()
    assert main["y"] >= header["y"] + header["height"]
    assert main["x"] >= 0 and main["x"] + main["width"] <= 1366


def test_right_to_left_pages_isolate_mixed_direction_text(demo_officer):
    page = demo_officer
    use_language(page, "ar")
    case = Case.objects.filter(authority__state="NL").exclude(summary="").first()
    page.goto(f"/cases/{case.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The reference "MLI-2026-0011" and the title are isolated: they read whole, left to right.
    reference = page.locator("h1 bdi").first
    assert reference.inner_text() == case.reference
    assert reference.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
    # English text typed by a person takes its own direction inside the Arabic page.
    summary = page.locator("p[dir=auto]").first
    assert summary.evaluate("e => e.matches(':dir(ltr)')")
    # Dates are isolated too ("2026/11/22" is not reordered by the Arabic around it).
    assert page.locator("dd bdi").count() >= 1
