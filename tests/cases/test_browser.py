"""In a real browser: an officer registers an incoming request, moves it to executed and
sees the statistics change (charts render under the site's strict CSP)."""

import pytest

from tests.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _headline(browser_page, label: str) -> str:
    box = browser_page.locator("#headline div", has_text=label).first
    return box.locator(".value").inner_text()


def test_officer_registers_executes_and_sees_statistics(page, actors):
    _register_execute_and_count(page)


def _register_execute_and_count(page) -> None:
    sign_in(page, "officer@a.test", PASSWORD)
    page.wait_for_url("**/")
    page.goto("/cases/statistics/")
    assert _headline(page, "Requests") == "0"

    page.goto("/cases/")
    page.get_by_role("link", name="Register an incoming request").click()
    page.select_option("#id_kind", "mla")
    page.fill("#id_title", "Bank records of a shell company")
    page.select_option("#id_counterpart_state", "MX")
    page.select_option("#id_legal_basis", "UNTOC")
    page.check("input[name=offences][value=money_laundering]")
    page.fill("#id_sent_at", "2026-01-05")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/cases/*/")
    assert page.locator("h1").inner_text().startswith("MLI-")
    assert page.locator("#case-status").inner_text() == "received"

    for target, label in [("checked", "checked"), ("assigned", "assigned"),
                          ("under_execution", "under execution"), ("executed", "executed")]:
        page.select_option("#id_target", target)
        if target == "executed":
            page.fill("#id_on", "2026-03-06")
        page.get_by_role("button", name="Change status").click()
        page.wait_for_load_state()
        assert page.locator("#case-status").inner_text() == label

    page.goto("/cases/statistics/")
    assert _headline(page, "Requests") == "1"
    assert _headline(page, "Median days") == "60"
    assert page.locator("#table-outcome tr", has_text="executed").first.locator(
        "td").inner_text() == "1"
    chart = page.locator("img.chart").first
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")


def test_grounds_of_refusal_show_only_for_a_refusal(page, actors):
    from tests.cases.conftest import make_case

    case = make_case(actors, title="Refusal grounds on the page")
    sign_in(page, "officer@a.test", PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/cases/{case.pk}/")
    grounds = page.locator("fieldset.refusal-grounds")
    assert page.locator("#id_target").input_value() == ""  # nothing preselected
    assert not grounds.is_visible()
    page.select_option("#id_target", "checked")
    assert not grounds.is_visible()
    page.select_option("#id_target", "refused")
    assert grounds.is_visible()
    page.check("input[name=grounds][value=dual_criminality]")
    page.select_option("#id_target", "checked")  # changed one's mind, ticked box hidden
    assert not grounds.is_visible()
    page.get_by_role("button", name="Change status").click()
    page.wait_for_load_state()
    assert page.locator("#case-status").inner_text() == "received"
    assert "only when the request is refused" in page.content()
