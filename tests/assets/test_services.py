"""The services: the workflow with its data, the disposal end to end, rejection whole."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rogatory.assets import selectors, services
from rogatory.assets.models import Asset, Claim, Share, SharingArrangement, StageEvent
from rogatory.core.concurrency import ConflictError
from rogatory.states.models import State
from tests.assets.conftest import realise

pytestmark = pytest.mark.django_db


def nl_fr_terms() -> list[services.ShareTerm]:
    return [services.ShareTerm(Share.Recipient.STATE, Decimal("60"), State.objects.get(pk="CH")),
            services.ShareTerm(Share.Recipient.STATE, Decimal("35"), State.objects.get(pk="NL")),
            services.ShareTerm(Share.Recipient.UN_FUND, Decimal("5"))]


def arrange(asset, user, shares=None, costs=None):
    return services.save_arrangement(
        asset, user, legal_basis="treaty_provision", basis_reference="UNTOC art. 14(3)(b)",
        holding_state=State.objects.get(pk="CH"),
        costs=costs if costs is not None else [
            services.CostTerm("Court costs", Decimal("10000.00"), "CHF")],
        shares=shares if shares is not None else nl_fr_terms())


def test_each_stage_is_dated_with_the_order_that_produced_it(actors, frozen_asset):
    asset = realise(frozen_asset, actors.officer_a)
    events = list(asset.events.values_list("target", "on", "reference"))
    assert events[0][0] == "identified"
    assert events[1:] == [
        ("frozen", datetime.date(2025, 2, 1), "Freezing order 1"),
        ("confiscation_ordered", datetime.date(2025, 3, 1), "Judgment 7"),
        ("order_executed", datetime.date(2025, 4, 1), "Exequatur 3"),
        ("realised", datetime.date(2025, 5, 1), "")]
    assert asset.ordered_by == "requesting" and asset.realised_amount == Decimal("1000000")
    assert asset.history.count() >= 5  # every change recorded


@pytest.mark.parametrize(("change", "field"), [
    (services.StageChange("realised", amount=Decimal(1), currency="CHF"), "to"),
    (services.StageChange("confiscation_ordered", ordered_by="requested"), "reference"),
    (services.StageChange("confiscation_ordered", reference="J"), "ordered_by"),
    (services.StageChange("released"), "note"),
])
def test_forbidden_or_incomplete_transitions_change_nothing(actors, frozen_asset, change,
                                                            field):
    with pytest.raises(ValidationError) as raised:
        services.transition(frozen_asset, actors.officer_a, change)
    assert field in raised.value.message_dict
    assert Asset.objects.get(pk=frozen_asset.pk).stage == "frozen"
    assert StageEvent.objects.filter(asset=frozen_asset).count() == 2


@pytest.mark.parametrize(("amount", "currency"), [("10.001", "CHF"), ("1.5", "JPY"),
                                                  ("10", "ZZZ"), ("-1", "CHF")])
def test_realised_amount_must_fit_its_currency(actors, frozen_asset, amount, currency):
    asset = frozen_asset
    for change in (services.StageChange("confiscation_ordered", reference="J",
                                        ordered_by="requested"),
                   services.StageChange("order_executed", reference="E")):
        asset = services.transition(asset, actors.officer_a, change)
    with pytest.raises(ValidationError):
        services.transition(asset, actors.officer_a, services.StageChange(
            "realised", amount=Decimal(amount), currency=currency))
    assert Asset.objects.get(pk=asset.pk).realised_amount is None


def test_stale_version_is_a_conflict(actors, frozen_asset):
    with pytest.raises(ConflictError):
        services.transition(frozen_asset, actors.officer_a, services.StageChange(
            "released", note="Lifted"), expected_version=frozen_asset.version - 1)


def test_only_an_officer_of_a_party_authority_changes_an_asset(actors, frozen_asset):
    for user in (actors.officer_b, actors.practitioner, actors.secretariat, actors.focal_a):
        with pytest.raises(PermissionDenied):
            services.transition(frozen_asset, user, services.StageChange("released",
                                                                         note="x"))


def test_asset_needs_a_case_of_ones_own_authority(actors, case_a):
    with pytest.raises(ValidationError):
        services.create_asset(actors.officer_a, [], description="x", type="other",
                              location_state=State.objects.get(pk="NL"))
    with pytest.raises(ValidationError):
        services.create_asset(actors.officer_b, [case_a], description="x", type="other",
                              location_state=State.objects.get(pk="NL"))
    with pytest.raises(PermissionDenied):
        services.create_asset(actors.secretariat, [case_a], description="x", type="other",
                              location_state=State.objects.get(pk="NL"))
    assert not Asset.objects.exists()


def test_from_frozen_to_disposed_with_returns_first(actors, frozen_asset):
    officer = actors.officer_a
    asset = realise(frozen_asset, officer, "1000000.00")
    claim = services.add_claim(asset, officer, claimant="Victim Ltd", kind="victim",
                               currency="CHF", status=Claim.Status.ACCEPTED,
                               amount_awarded=Decimal("100000.00"))
    arrangement = arrange(asset, officer)
    result = selectors.disposal(asset)
    calc = result.calculation
    assert calc.returns_total == Decimal("100000.00")
    assert calc.distributable == Decimal("890000.00")
    assert [a.amount for a in calc.shares] == [Decimal("534000.00"), Decimal("311500.00"),
                                               Decimal("44500.00")]
    # The Swiss share and the costs stay with Switzerland: nothing to transfer.
    due = {line.key: line.outstanding for line in result.lines}
    assert due == {claim.key: Decimal("100000.00"), "costs": 0, "state:CH": 0,
                   "state:NL": Decimal("311500.00"), "un_fund": Decimal("44500.00")}
    # Shares wait for the agreement; disposal waits for every transfer.
    with pytest.raises(ValidationError):
        services.record_transfer(asset, officer, "state:NL", Decimal("1.00"))
    services.agree_arrangement(arrangement, officer, arrangement.version)
    with pytest.raises(ValidationError):
        services.record_transfer(asset, officer, "state:NL", Decimal("311500.01"))
    services.record_transfer(asset, officer, claim.key, Decimal("100000.00"))
    services.record_transfer(asset, officer, "state:NL", Decimal("300000.00"))
    with pytest.raises(ValidationError) as raised:
        services.transition(asset, officer, services.StageChange("disposed"))
    assert "to" in raised.value.message_dict
    services.record_transfer(asset, officer, "state:NL", Decimal("11500.00"))
    services.record_transfer(asset, officer, "un_fund", Decimal("44500.00"))
    assert selectors.disposal(asset).settled
    asset = services.transition(asset, officer, services.StageChange("disposed"))
    assert asset.stage == "disposed"


def test_terms_are_rejected_whole(actors, frozen_asset):
    asset = realise(frozen_asset, actors.officer_a)
    bad = [services.ShareTerm(Share.Recipient.STATE, Decimal("60"), State.objects.get(pk="CH")),
           services.ShareTerm(Share.Recipient.STATE, Decimal("30"), State.objects.get(pk="NL"))]
    with pytest.raises(ValidationError) as raised:
        arrange(asset, actors.officer_a, shares=bad)
    assert "100" in " ".join(raised.value.messages)
    assert not SharingArrangement.objects.exists()
    with pytest.raises(ValidationError):
        arrange(asset, actors.officer_a,
                costs=[services.CostTerm("Costs in euros", Decimal("10.00"), "EUR")])
    assert not SharingArrangement.objects.exists()


def test_agreed_terms_are_final(actors, frozen_asset):
    asset = realise(frozen_asset, actors.officer_a)
    arrangement = arrange(asset, actors.officer_a)
    services.agree_arrangement(arrangement, actors.officer_a, arrangement.version)
    with pytest.raises(ValidationError):
        arrange(asset, actors.officer_a)


def test_returns_may_not_exceed_what_was_realised(actors, frozen_asset):
    asset = realise(frozen_asset, actors.officer_a, "1000.00")
    with pytest.raises(ValidationError):
        services.add_claim(asset, actors.officer_a, claimant="V", kind="victim",
                           currency="CHF", status="accepted", amount_awarded=Decimal("1000.01"))
    assert not Claim.objects.exists()


def test_before_realisation_the_estimate_is_used_and_nothing_is_transferred(actors,
                                                                           frozen_asset):
    arrange(frozen_asset, actors.officer_a)
    result = selectors.disposal(frozen_asset)
    assert result.estimate and result.calculation.distributable == Decimal("990000.00")
    assert not result.settled
    with pytest.raises(ValidationError):
        services.record_transfer(frozen_asset, actors.officer_a, "state:NL", Decimal("1"))
