import datetime
from decimal import Decimal

import pytest

from rogatory.assets import services
from rogatory.cases import services as case_services
from rogatory.states.models import State


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
