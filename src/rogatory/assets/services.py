"""Writes of asset recovery, each in one transaction, with the permission checks that depend
on the asset, so that pages, the API and the demo get the same answers."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rogatory.accounts.models import User
from rogatory.assets import selectors, sharing, texts, workflow
from rogatory.assets.models import (
    Asset,
    Claim,
    DeductibleCost,
    Share,
    SharingArrangement,
    StageEvent,
    Transfer,
    check_precision,
)
from rogatory.cases.models import Case
from rogatory.core.concurrency import ConflictError, save_if_current
from rogatory.states.models import State

ASSET_FIELDS = ("description", "type", "location_state", "holder", "identifiers",
                "estimated_value", "estimate_currency", "estimated_on")


def _today() -> datetime.date:
    return timezone.localdate()


def _require(user: User, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _check_cases(user: User, cases: Sequence[Case]) -> None:
    if not cases:
        raise ValidationError({"cases": _("Link the asset to at least one case.")})
    for case in cases:
        if not user.has_perm("cases.change_case", case):
            raise ValidationError({"cases": _("You may link an asset only to a case of your "
                                              "own authority.")})


def create_asset(user: User, cases: Sequence[Case], identified_on: datetime.date | None = None,
                 **fields) -> Asset:
    _require(user, "assets.create_asset")
    _check_cases(user, cases)
    identified_on = identified_on or _today()
    asset = Asset(created_by=user, stage=workflow.INITIAL, stage_on=identified_on,
                  **{k: v for k, v in fields.items() if k in ASSET_FIELDS})
    asset.full_clean()
    with transaction.atomic():
        asset.save()
        asset.cases.set(cases)
        StageEvent.objects.create(asset=asset, source="", target=asset.stage, on=identified_on,
                                  user=user, note=_("Registered."))
    return asset


def update_asset(asset: Asset, user: User, expected_version: int, changes: dict) -> Asset:
    _require(user, "assets.change_asset", asset)
    unknown = set(changes) - set(ASSET_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.")
                               for field in unknown})
    return save_if_current(asset, expected_version, changes)


def link_case(asset: Asset, user: User, case: Case) -> None:
    _require(user, "assets.change_asset", asset)
    _check_cases(user, [case])
    asset.cases.add(case)


# --- workflow ----------------------------------------------------------------------------

@dataclass
class StageChange:
    target: str
    on: datetime.date | None = None
    reference: str = ""
    case: Case | None = None
    ordered_by: str = ""
    amount: Decimal | None = None
    currency: str = ""
    note: str = ""


def _transition_errors(asset: Asset, change: StageChange, user: User) -> dict:
    settled = (change.target == workflow.DISPOSED
               and selectors.disposal(asset).settled)
    errors: dict = {}
    for code in workflow.problems(asset.stage, change.target, reference=change.reference,
                                  ordered_by=change.ordered_by,
                                  amount_given=change.amount is not None
                                  and bool(change.currency), settled=settled,
                                  note=change.note):
        field, text = texts.workflow_problem(code)
        errors.setdefault(field, []).append(text)
    if change.case is not None and not asset.cases.filter(pk=change.case.pk).exists():
        errors.setdefault("case", []).append(_("Choose one of the cases the asset is linked "
                                               "to."))
    if change.target == workflow.REALISED and change.amount is not None:
        if not sharing.is_currency(change.currency):
            errors.setdefault("currency", []).append(_("Give an ISO 4217 currency code."))
        elif change.amount < 0:
            errors.setdefault("amount", []).append(_("The amount may not be negative."))
        else:
            found: dict = {}
            check_precision(found, "amount", change.amount, change.currency)
            if found:
                errors.setdefault("amount", []).append(found["amount"])
    return errors


def transition(asset: Asset, user: User, change: StageChange,
               expected_version: int | None = None) -> Asset:
    """Move an asset to its next stage, if the table allows it and the user may."""
    _require(user, "assets.change_asset", asset)
    on = change.on or _today()
    with transaction.atomic():
        current = Asset.objects.select_for_update().get(pk=asset.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError(current.version)
        errors = _transition_errors(current, change, user)
        if errors:
            raise ValidationError(errors)
        updates: dict = {"stage": change.target, "stage_on": on}
        if change.target == workflow.CONFISCATION_ORDERED:
            updates["ordered_by"] = change.ordered_by
        if change.target == workflow.REALISED:
            updates.update(realised_amount=change.amount, realised_currency=change.currency,
                           realised_on=on)
        source = current.stage
        updated = save_if_current(current, current.version, updates)
        StageEvent.objects.create(asset=updated, source=source, target=change.target, on=on,
                                  reference=change.reference.strip(), case=change.case,
                                  ordered_by=updates.get("ordered_by", ""),
                                  note=change.note, user=user)
    return updated


# --- claims --------------------------------------------------------------------------------

def add_claim(asset: Asset, user: User, **fields) -> Claim:
    _require(user, "assets.change_asset", asset)
    claim = Claim(asset=asset, **fields)
    if claim.status != Claim.Status.PENDING and claim.decided_on is None:
        claim.decided_on = _today()
    claim.full_clean()
    with transaction.atomic():
        claim.save()
        _check_disposal(asset)
    return claim


def decide_claim(claim: Claim, user: User, expected_version: int, status: str,
                 amount_awarded: Decimal | None, decided_on: datetime.date | None) -> Claim:
    _require(user, "assets.change_asset", claim.asset)
    if claim.transfers.exists():
        raise ValidationError(_("Money was already returned on this claim; it cannot be "
                                "decided again."))
    with transaction.atomic():
        claim = save_if_current(claim, expected_version, {
            "status": status, "amount_awarded": amount_awarded,
            "decided_on": decided_on or _today()})
        _check_disposal(claim.asset)
    return claim


def _check_disposal(asset: Asset) -> None:
    """Refuse (by rolling back) terms that make the disposal impossible to compute."""
    result = selectors.disposal(asset)
    if result.problems:
        raise ValidationError([texts.sharing_problem(code, params, result.labels)
                               for code, params in result.problems])


# --- sharing arrangement -------------------------------------------------------------------

@dataclass
class CostTerm:
    description: str
    amount: Decimal
    currency: str


@dataclass
class ShareTerm:
    recipient: str
    percent: Decimal
    state: State | None = None
    body: str = ""
    contribution: str = ""


def save_arrangement(asset: Asset, user: User, *, legal_basis: str, holding_state: State,
                     basis_reference: str = "", notes: str = "",
                     costs: Sequence[CostTerm] = (), shares: Sequence[ShareTerm] = (),
                     expected_version: int | None = None) -> SharingArrangement:
    """Create or replace the arrangement and all its terms at once; the whole is checked by
    the arithmetic and rejected whole if anything is wrong. Agreed terms are final."""
    _require(user, "assets.change_asset", asset)
    base, _estimate = selectors.base_amount(asset)
    if base is None:
        raise ValidationError(_("Record the estimated value or the amount realised first: "
                                "the shares are computed from it."))
    fields = {"legal_basis": legal_basis, "basis_reference": basis_reference,
              "holding_state": holding_state, "notes": notes}
    with transaction.atomic():
        current = SharingArrangement.objects.select_for_update().filter(asset=asset).first()
        if current is None:
            arrangement = SharingArrangement(asset=asset, created_by=user, **fields)
            arrangement.full_clean(exclude=["asset"])
            arrangement.save()
        else:
            if current.status == SharingArrangement.Status.AGREED:
                raise ValidationError(_("The arrangement was agreed; its terms can no longer "
                                        "be changed."))
            if expected_version is None:
                expected_version = current.version
            arrangement = save_if_current(current, expected_version, fields)
            arrangement.costs.all().delete()
            arrangement.shares.all().delete()
        _save_terms(arrangement, costs, shares)
        _check_disposal(asset)
    return arrangement


def _save_terms(arrangement: SharingArrangement, costs: Sequence[CostTerm],
                shares: Sequence[ShareTerm]) -> None:
    errors = []
    for term in costs:
        cost = DeductibleCost(arrangement=arrangement, description=term.description,
                              amount=term.amount, currency=term.currency)
        try:
            cost.full_clean(exclude=["arrangement"])
        except ValidationError as error:
            errors.extend(f"{term.description}: {m}" for m in error.messages)
        else:
            cost.save()
    for term in shares:
        errors.extend(_share_errors(term))
        if not errors:
            Share.objects.create(arrangement=arrangement, recipient=term.recipient,
                                 state=term.state if term.recipient == Share.Recipient.STATE
                                 else None, body=term.body.strip(), percent=term.percent,
                                 contribution=term.contribution)
    if errors:
        raise ValidationError(errors)


def _share_errors(term: ShareTerm) -> list[str]:
    if term.recipient not in Share.Recipient.values:
        return [_("Unknown recipient of a share.")]
    if term.recipient == Share.Recipient.STATE and term.state is None:
        return [_("Choose the State that receives the share.")]
    if term.recipient == Share.Recipient.BODY and not term.body.strip():
        return [_("Name the intergovernmental body that receives the share.")]
    return []


def agree_arrangement(arrangement: SharingArrangement, user: User, expected_version: int,
                      on: datetime.date | None = None) -> SharingArrangement:
    _require(user, "assets.change_asset", arrangement.asset)
    result = selectors.disposal(arrangement.asset)
    if result.calculation is None or not arrangement.shares.exists():
        raise ValidationError(_("Agree on shares that add up to 100 percent first."))
    return save_if_current(arrangement, expected_version,
                           {"status": SharingArrangement.Status.AGREED,
                            "agreed_on": on or _today()})


# --- transfers -----------------------------------------------------------------------------

def record_transfer(asset: Asset, user: User, recipient_key: str, amount: Decimal,
                    made_on: datetime.date | None = None, reference: str = "") -> Transfer:
    """Record money paid to a claimant or a share's recipient, never more than is due."""
    _require(user, "assets.change_asset", asset)
    with transaction.atomic():
        asset = Asset.objects.select_for_update().get(pk=asset.pk)
        result = selectors.disposal(asset)
        if result.calculation is None or result.estimate:
            raise ValidationError(_("Transfers are recorded once the amount is realised."))
        line = next((line for line in result.lines if line.key == recipient_key), None)
        if line is None or line.retained:
            raise ValidationError({"recipient": _("Choose a recipient that is due money.")})
        if line.kind == "share" and (result.arrangement.status
                                     != SharingArrangement.Status.AGREED):
            raise ValidationError(_("Shares are transferred once the arrangement is agreed."))
        if amount <= 0 or amount > line.outstanding:
            raise ValidationError({"amount": _(
                "The amount must be more than zero and at most the outstanding balance "
                "(%(balance)s).") % {"balance": texts.money(line.outstanding,
                                                            asset.realised_currency)}})
        transfer = Transfer(asset=asset, claim=line.claim, share=line.share, amount=amount,
                            currency=asset.realised_currency, made_on=made_on or _today(),
                            reference=reference, created_by=user)
        transfer.full_clean(exclude=["asset", "claim", "share"])
        errors: dict = {}
        check_precision(errors, "amount", amount, asset.realised_currency)
        if errors:
            raise ValidationError(errors)
        transfer.save()
    return transfer
