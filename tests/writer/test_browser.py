"""A practitioner drafts an MLA request with e-evidence preservation from start to PDF, and is
stopped once by a missing essential (the time zone of the data)."""

import pytest

from tests.conftest import PASSWORD, sign_in
from tests.writer.conftest import example

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SPEC = example("mla-e-evidence")


def fill(page, values: dict, prefix: str = "") -> None:
    for name, value in values.items():
        selector = f"[name='{prefix}{name}']"
        if page.locator(f"select{selector}").count():
            page.select_option(selector, str(value).lower() if isinstance(value, bool)
                               else str(value))
        else:
            page.fill(selector, str(value))


def save_and_continue(page) -> None:
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def test_practitioner_drafts_e_evidence_preservation_to_pdf(page, actors):
    draft_to_pdf(page)


def draft_to_pdf(page) -> None:
    sign_in(page, "practitioner@a.test", PASSWORD)
    page.wait_for_url("**/")
    page.get_by_role("link", name="Request writer").first.click()
    page.fill("[name=title]", "Heron e-evidence")
    page.select_option("[name=kind]", "mla")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/requesting/")

    fill(page, SPEC["requesting"])
    save_and_continue(page)
    page.wait_for_url("**/state/")
    page.select_option("[name=requested_state]", "FR")
    page.select_option("#id_language", "en")  # not the header's language switcher
    page.select_option("[name=channel]", "central_authority")
    save_and_continue(page)
    page.wait_for_url("**/basis/")
    # Preservation rests on the Budapest Convention (art. 29), not UNTOC; the finder proposes
    # another basis and cannot assess this one: the drafter says why.
    page.select_option("[name=code]", "BUDAPEST")
    page.select_option("[name=offence_category]", "money_laundering")
    page.fill("[name=override_reason]", "Both States are parties to the Budapest Convention, "
              "whose art. 29 provides for the preservation of stored computer data.")
    save_and_continue(page)
    page.wait_for_url("**/case/")
    fill(page, SPEC["case"])
    save_and_continue(page)
    page.wait_for_url("**/offences/")
    fill(page, SPEC["offences"][0], "offences-0-")
    save_and_continue(page)
    page.wait_for_url("**/persons/")
    fill(page, {k: v for k, v in SPEC["persons"][0].items()}, "persons-0-")
    save_and_continue(page)
    page.wait_for_url("**/assistance/")

    page.select_option("[name=type]", "preservation")
    page.get_by_role("button", name="Add this assistance").click()
    page.wait_for_url("**/assistance/0/")
    item = {k: v for k, v in SPEC["assistance"][0].items() if k not in ("type", "time_zone")}
    fill(page, item)
    save_and_continue(page)
    # Stopped: the time zone of the data is an essential.
    assert page.url.endswith("/assistance/0/")
    page.get_by_text("an essential is missing").wait_for()
    assert page.locator(".issue.error", has_text="Time zone of the time range").count() == 1
    page.fill("[name=time_zone]", "UTC+01:00")
    save_and_continue(page)
    page.wait_for_url("**/assistance/")
    page.get_by_role("link", name="Continue to the next step").click()

    for slug, values, prefix in (
            ("procedures", SPEC["procedures"], ""),
            ("confidentiality", SPEC["confidentiality"], ""),
            ("urgency", {"urgent": False}, ""), ("use", SPEC["use"], ""),
            ("contacts", SPEC["contacts"][0], "contacts-0-"),
            ("annexes", SPEC["annexes"][0], "annexes-0-")):
        page.wait_for_url(f"**/{slug}/")
        fill(page, values, prefix)
        save_and_continue(page)

    page.wait_for_url("**/review/")
    assert page.get_by_text("No essential is missing").is_visible()
    page.select_option("[name=format]", "pdf")
    page.select_option("#id_language", "fr")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Produce the document").click()
    download = download_info.value
    assert download.suggested_filename == "NL-EX-2026-001-fr.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
