import datetime
from decimal import Decimal

import pytest

from rogatory.assets import services
from rogatory.cases import services as case_services
from rogatory.states.models import State
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, page  # noqa: F401


@pytest.fixture
def case_a(actors):
    """An outgoing confiscation request of authority A (NL) to Switzerland."""
    return case_services.register_case(
        authority=actors.authority_a, created_by=actors.officer_a, direction="outgoing",
        kind="confiscation", counterpart_state="CH", title="Confiscation request",
        status="sent", sent_at=datetime.date(2025, 1, 10))


@pytest.fixture
def frozen_asset(actors, case_a):
    """A bank account of authority A's case, frozen in Switzerland."""
    asset = services.create_asset(
        actors.officer_a, [case_a], description="Account at a fictional bank",
        type="bank_account", location_state=State.objects.get(pk="CH"), holder="Fictional Bank",
        estimated_value=Decimal("1000000.00"), estimate_currency="CHF",
        identified_on=datetime.date(2025, 1, 15))
    return services.transition(asset, actors.officer_a, services.StageChange(
        "frozen", datetime.date(2025, 2, 1), reference="Freezing order 1", case=case_a))


def realise(asset, user, amount: str = "1000000.00", currency: str = "CHF"):
    for change in (services.StageChange("confiscation_ordered", datetime.date(2025, 3, 1),
                                        reference="Judgment 7", ordered_by="requesting"),
                   services.StageChange("order_executed", datetime.date(2025, 4, 1),
                                        reference="Exequatur 3"),
                   services.StageChange("realised", datetime.date(2025, 5, 1),
                                        amount=Decimal(amount), currency=currency)):
        asset = services.transition(asset, user, change)
    return asset


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for test_browser.py (`page` comes from tests/browser). Scoped to
    this module, so it is closed before tests/browser starts its own session-wide one: two
    Playwright instances cannot run at once in one thread."""
    import os

    if not CHROMIUM:
        pytest.skip("no Chromium on this machine: `apt-get install chromium` to run browser tests")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
