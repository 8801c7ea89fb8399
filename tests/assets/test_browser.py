"""An officer takes an asset from frozen to shared, in a real browser, without JavaScript
being needed by any form."""

import pytest

from rogatory.assets.models import Asset
from tests.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def move(page, stage: str, **fields) -> None:
    page.select_option("#id_to", stage)
    for name, value in fields.items():
        if name in ("ordered_by", "currency"):
            page.select_option(f"#id_{name}", value)
        else:
            page.fill(f"#id_{name}", value)
    page.locator("#transition-form button[type=submit]").click()
    page.wait_for_load_state()


def test_officer_takes_an_asset_from_frozen_to_shared(page, actors, frozen_asset):
    sign_in(page, "officer@a.test", PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/assets/{frozen_asset.pk}/")
    assert page.locator("#asset-stage").inner_text() == "frozen or seized"

    move(page, "confiscation_ordered", reference="Judgment 2025/7", ordered_by="requesting")
    move(page, "order_executed", reference="Exequatur 3")
    move(page, "realised", amount="1000000.01", currency="CHF")
    assert page.locator("#asset-stage").inner_text() == "realised"
    assert "1\u202f000\u202f000.01 CHF" in page.locator("#realised").inner_text()

    page.click("#edit-arrangement")
    page.fill("#id_costs-0-description", "Court costs")
    page.fill("#id_costs-0-amount", "10000")
    page.select_option("#id_shares-0-recipient", "state")
    page.select_option("#id_shares-0-state", "CH")
    page.fill("#id_shares-0-percent", "50")
    page.select_option("#id_shares-1-recipient", "state")
    page.select_option("#id_shares-1-state", "NL")
    page.fill("#id_shares-1-percent", "50")
    page.get_by_role("button", name="Save the terms").click()
    page.wait_for_url(f"**/assets/{frozen_asset.pk}/")

    calculation = page.locator("#calculation").inner_text()
    assert "Distributable amount" in calculation and "990\u202f000.01 CHF" in calculation
    # The odd cent goes to the first share (largest remainder, ties to the first).
    assert "495\u202f000.01 CHF" in calculation and "495\u202f000.00 CHF" in calculation

    page.click("#agree")
    page.wait_for_load_state()
    assert page.locator("#arrangement-status").inner_text().startswith("agreed")
    page.locator("summary", has_text="Record a transfer").click()
    page.select_option("#transfer_recipient", "state:NL")
    page.fill("#transfer_amount", "495000.00")
    page.locator("#transfer-form button[type=submit]").click()
    page.wait_for_load_state()
    balances = page.locator("#balances").inner_text()
    assert "495\u202f000.00 CHF\t495\u202f000.00 CHF\t0.00 CHF" in balances.replace(
        "\u00a0", " ")
    assert Asset.objects.get(pk=frozen_asset.pk).transfers.count() == 1
