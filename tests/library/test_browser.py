"""In a real browser: the library says what else it searched, in the reader's language,
and the reader can turn it off (with htmx, as the form refreshes the results)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "also", "off"), [
    ("en", "Also searched:", "Do not search them"),
    ("ar", "جرى البحث أيضا عن:", "عدم البحث عنها")])
def test_the_reader_sees_the_terms_also_searched_and_can_turn_them_off(
        browser, live_server, library, tmp_path, language, also, off):
    context = browser.new_context(base_url=live_server.url, locale=language,
                                  viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/library/?q=money+laundering")
    notice = page.locator(".also-searched")
    assert notice.inner_text().startswith(also)
    assert notice.locator('span[lang="es"]').first.inner_text() == "blanqueo de dinero"
    assert page.get_by_text("Loi relative à la lutte contre le blanchiment").first.is_visible()
    page.screenshot(path=tmp_path / f"library-{language}.png", full_page=True)
    page.select_option("#id_expand", label=off)
    page.wait_for_selector(".also-searched", state="detached")
    assert page.get_by_text("Loi relative à la lutte contre le blanchiment").count() == 0
    assert "expand=0" in page.url
    context.close()
