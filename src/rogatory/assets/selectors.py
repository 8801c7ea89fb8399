"""Reads of asset recovery: what a user may see (through the case register), the disposal
of an asset (calculation, transfers, outstanding balances) and aggregated statistics."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from rogatory.accounts.models import Role, User
from rogatory.assets import sharing, workflow
from rogatory.assets.models import Asset, Claim, SharingArrangement, StageEvent, Transfer
from rogatory.cases import selectors as cases_selectors
from rogatory.cases.models import Case

ZERO = Decimal(0)


def today() -> datetime.date:
    return timezone.localdate()


def _linked_to(cases: QuerySet[Case]) -> QuerySet[Asset]:
    # A subquery, not a join: an asset linked to two visible cases is listed once.
    links = Asset.cases.through.objects.filter(case__in=cases).values("asset_id")
    return Asset.objects.filter(pk__in=links)


def visible_assets(user: User) -> QuerySet[Asset]:
    """Assets linked to a case the user may see in the register; nothing else."""
    return _linked_to(cases_selectors.visible_cases(user))


def linkable_cases(user: User) -> QuerySet[Case]:
    """Cases an officer may link an asset to: those of the officer's own authority."""
    if not (user.is_authenticated and user.role == Role.OFFICER and user.authority_id):
        return Case.objects.none()
    return cases_selectors.visible_cases(user).filter(authority_id=user.authority_id)


def filter_assets(assets: QuerySet[Asset], stage: str = "", type: str = "",
                  q: str = "") -> QuerySet[Asset]:
    if stage:
        assets = assets.filter(stage=stage)
    if type:
        assets = assets.filter(type=type)
    if q:
        assets = assets.filter(description__icontains=q)
    return assets.select_related("location_state").order_by("-updated_at", "-id")


# --- disposal ----------------------------------------------------------------------------

@dataclass
class Line:
    """One recipient of the disposal: what it is due, what was transferred, what remains."""

    key: str
    kind: str                # "return", "share", "cost" or "undivided"
    label: str
    allocated: Decimal
    transferred: Decimal = ZERO
    retained: bool = False   # stays with the State holding the proceeds: nothing to transfer
    claim: Claim | None = None
    share: object | None = None

    @property
    def outstanding(self) -> Decimal:
        return ZERO if self.retained else self.allocated - self.transferred


@dataclass
class Disposal:
    base: sharing.Money | None
    estimate: bool                     # computed on the estimated value, not yet realised
    arrangement: SharingArrangement | None
    calculation: sharing.Calculation | None = None
    problems: list[tuple[str, dict]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def outstanding(self) -> Decimal:
        return sum((line.outstanding for line in self.lines), ZERO)

    @property
    def settled(self) -> bool:
        """Everything due has been transferred under agreed terms (or nothing is due)."""
        agreed = (self.arrangement is None
                  or self.arrangement.status == SharingArrangement.Status.AGREED)
        return (self.calculation is not None and not self.estimate and agreed
                and self.outstanding == ZERO)


def base_amount(asset: Asset) -> tuple[sharing.Money | None, bool]:
    """The realised amount, or failing it the estimated value (marked as an estimate)."""
    if asset.realised_amount is not None:
        return asset.realised, False
    if asset.estimated_value is not None and asset.estimate_currency:
        return sharing.Money(asset.estimated_value, asset.estimate_currency), True
    return None, False


def terms(asset: Asset, arrangement: SharingArrangement | None):
    """The arithmetic's inputs from the records: returns, costs and shares, keyed."""
    claims = list(asset.claims.filter(status=Claim.Status.ACCEPTED,
                                      amount_awarded__isnull=False))
    returns = [(c.key, sharing.Money(c.amount_awarded, c.currency)) for c in claims]
    costs, shares = [], []
    if arrangement is not None:
        costs = [(f"cost:{c.pk}", sharing.Money(c.amount, c.currency))
                 for c in arrangement.costs.all()]
        shares = [(s.key, s.percent) for s in arrangement.shares.select_related("state")]
    return claims, returns, costs, shares


def arrangement_of(asset: Asset) -> SharingArrangement | None:
    return SharingArrangement.objects.filter(asset=asset).select_related("holding_state").first()


def disposal(asset: Asset, language: str | None = None) -> Disposal:
    arrangement = arrangement_of(asset)
    base, estimate = base_amount(asset)
    result = Disposal(base=base, estimate=estimate, arrangement=arrangement)
    claims, returns, costs, shares = terms(asset, arrangement)
    share_objects = list(arrangement.shares.select_related("state")) if arrangement else []
    result.labels = {c.key: c.claimant for c in claims}
    result.labels.update({s.key: s.display(language) for s in share_objects})
    if arrangement:
        result.labels.update({f"cost:{c.pk}": c.description for c in arrangement.costs.all()})
    if base is None:
        return result
    try:
        result.calculation = sharing.compute(base, returns, costs, shares)
    except sharing.SharingError as error:
        result.problems = error.problems
        return result
    result.lines = _lines(asset, result.calculation, claims, share_objects, arrangement,
                          result.labels, language)
    return result


def _transferred(asset: Asset) -> dict[str, Decimal]:
    done: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for claim_id, share_id, total in (Transfer.objects.filter(asset=asset)
                                      .values_list("claim_id", "share_id")
                                      .annotate(total=Sum("amount")).order_by()):
        done[f"claim:{claim_id}" if claim_id else f"share:{share_id}"] += total
    return done


def _lines(asset: Asset, calc: sharing.Calculation, claims: list[Claim], shares: list,
           arrangement: SharingArrangement | None, labels: dict[str, str],
           language: str | None) -> list[Line]:
    done = _transferred(asset)
    holder = arrangement.holding_state if arrangement else asset.location_state
    lines = [Line(c.key, "return", c.claimant, amount, done[f"claim:{c.pk}"], claim=c)
             for c, (_key, amount) in zip(claims, calc.returns, strict=True)]
    if calc.costs_deducted:
        lines.append(Line("costs", "cost", _("Deductible costs: %(state)s") % {
            "state": holder.name(language)}, calc.costs_deducted, retained=True))
    by_key = {s.key: s for s in shares}
    for allocation in calc.shares:
        share = by_key[allocation.label]
        lines.append(Line(share.key, "share", labels[share.key], allocation.amount,
                          done[f"share:{share.pk}"],
                          retained=share.state_id == holder.pk, share=share))
    if calc.undivided:
        lines.append(Line("undivided", "undivided", _("Not shared: %(state)s") % {
            "state": holder.name(language)}, calc.undivided, retained=True))
    return lines


# --- statistics --------------------------------------------------------------------------

MEASURES = (workflow.FROZEN, workflow.CONFISCATION_ORDERED, workflow.ORDER_EXECUTED,
            workflow.REALISED, workflow.DISPOSED, workflow.RELEASED)


def statistics_scope(user: User, state: str = ""):
    """The case register's statistics scope (authority, State or all), or None."""
    return cases_selectors.statistics_scope(user, state)


def _in_period(queryset: QuerySet, field_name: str, date_from, date_to) -> QuerySet:
    if date_from:
        queryset = queryset.filter(**{f"{field_name}__gte": date_from})
    if date_to:
        queryset = queryset.filter(**{f"{field_name}__lte": date_to})
    return queryset


def _by_currency(rows) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for currency, amount in rows:
        if currency and amount is not None:
            totals[currency] += amount
    return dict(totals)


def asset_statistics(cases: QuerySet[Case], date_from: datetime.date | None = None,
                     date_to: datetime.date | None = None) -> dict:
    """Aggregates of the assets linked to `cases`: how many reached each stage in the period
    (by the date the stage was reached), and the amounts per currency frozen (estimated),
    realised, returned to victims and owners, and transferred as shares. Amounts of
    different currencies are never added together."""
    assets = _linked_to(cases)
    events = _in_period(StageEvent.objects.filter(asset__in=assets), "on", date_from, date_to)
    # Each asset counts once per stage, even if the stage was recorded twice.
    counts = {stage: 0 for stage in MEASURES}
    for target, n in (events.filter(target__in=MEASURES).values_list("target")
                      .annotate(n=Count("asset_id", distinct=True)).order_by()):
        counts[target] = n
    frozen_ids = events.filter(target=workflow.FROZEN).values("asset_id")
    realised_ids = events.filter(target=workflow.REALISED).values("asset_id")
    transfers = _in_period(Transfer.objects.filter(asset__in=assets), "made_on", date_from,
                           date_to)
    amounts = {
        "frozen_estimated": _by_currency(Asset.objects.filter(pk__in=frozen_ids)
                                         .values_list("estimate_currency", "estimated_value")),
        "realised": _by_currency(Asset.objects.filter(pk__in=realised_ids)
                                 .values_list("realised_currency", "realised_amount")),
        "returned": _by_currency(transfers.filter(claim__isnull=False)
                                 .values_list("currency", "amount")),
        "shared": _by_currency(transfers.filter(share__isnull=False)
                               .values_list("currency", "amount")),
        "to_un_fund": _by_currency(transfers.filter(share__recipient="un_fund")
                                   .values_list("currency", "amount")),
    }
    currencies = sorted({code for totals in amounts.values() for code in totals})
    return {
        "date_from": date_from, "date_to": date_to, "assets": assets.count(),
        "counts": counts,
        "by_type": dict(assets.values_list("type").annotate(n=Count("id")).order_by()),
        "amounts": [{"currency": code, **{key: totals.get(code, ZERO)
                                          for key, totals in amounts.items()}}
                    for code in currencies],
    }
