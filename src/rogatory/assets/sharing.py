"""The arithmetic of disposal and sharing (UNTOC art. 14), as plain Python: no Django.

Order of precedence, which is law rather than taste:
1. returns to victims and legitimate owners (art. 14(2)) come first and are never reduced;
2. the deductible costs of the requested State come next, out of what is left (never more
   than what is left: the excess is borne by that State and reported);
3. what remains is the distributable amount, shared in percent between States (art.
   14(3)(b)), the UN fund or an intergovernmental body (art. 14(3)(a)).
Costs and returns are never shared. Every amount is a `decimal.Decimal` in the currency's
minor unit (Babel's `get_currency_precision`: 0 for JPY, 2 for EUR, 3 for KWD, 4 for CLF);
no float is ever used. The shares are allocated by the largest-remainder method, so they add
up exactly to the distributable amount: no minor unit is created or lost.

The calculation is returned step by step as data (codes and amounts); the caller translates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal, InvalidOperation

import pycountry
from babel.numbers import get_currency_precision

HUNDRED = Decimal(100)
# Percentages may carry up to four decimals (e.g. 33.3333).
PERCENT_QUANTUM = Decimal("0.0001")
# Not currencies one can be paid in: "no currency" and the testing code of ISO 4217.
NOT_PAYABLE = frozenset({"XXX", "XTS"})
# The ISO 4217 codes in use today: pycountry's copy of the ISO 4217 list, which drops
# withdrawn codes such as DDM (the East German mark) that CLDR keeps for old texts.
CURRENT_CURRENCIES = frozenset(currency.alpha_3 for currency in pycountry.currencies) - NOT_PAYABLE


class SharingError(ValueError):
    """The terms cannot be computed. `problems` holds (code, params) pairs, for translation."""

    def __init__(self, problems: Sequence[tuple[str, dict]]):
        self.problems = list(problems)
        super().__init__("; ".join(code for code, _params in self.problems))


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Step:
    """One line of the calculation: a code (what it is), a label (whom it concerns), the
    amount, and the running balance after it."""

    code: str
    label: str
    amount: Decimal
    balance: Decimal


@dataclass(frozen=True)
class Allocation:
    label: str
    percent: Decimal
    exact: Decimal          # the share before rounding to the minor unit
    amount: Decimal         # what the recipient receives
    adjusted: bool          # received one extra minor unit from the largest remainders


@dataclass
class Calculation:
    currency: str
    minor_units: int
    realised: Decimal
    returns: list[tuple[str, Decimal]]
    returns_total: Decimal
    costs_claimed: Decimal
    costs_deducted: Decimal
    costs_not_covered: Decimal
    distributable: Decimal
    shares: list[Allocation]
    undivided: Decimal      # distributable but not shared (no share agreed yet)
    steps: list[Step] = field(default_factory=list)

    @property
    def shared_total(self) -> Decimal:
        return sum((a.amount for a in self.shares), Decimal(0))


def is_currency(code: str) -> bool:
    return code in CURRENT_CURRENCIES


def minor_units(currency: str) -> int:
    return get_currency_precision(currency)


def quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def places_of(amount: Decimal) -> int:
    exponent = amount.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _check_amount(problems: list, what: str, label: str, money: Money, currency: str,
                  places: int) -> None:
    params = {"what": what, "label": label}
    if not isinstance(money.amount, Decimal) or not money.amount.is_finite():
        problems.append(("not_a_number", params))
        return
    if money.currency != currency:
        problems.append(("currency_mismatch", {**params, "currency": money.currency,
                                               "expected": currency}))
    if money.amount < 0:
        problems.append(("negative", params))
    if places_of(money.amount) > places:
        problems.append(("too_precise", {**params, "places": places, "currency": currency}))


def validate(realised: Money, returns: Sequence[tuple[str, Money]],
             costs: Sequence[tuple[str, Money]],
             shares: Sequence[tuple[str, Decimal]]) -> list[tuple[str, dict]]:
    """Every reason the terms cannot be computed (empty when they can)."""
    if not is_currency(realised.currency):
        return [("unknown_currency", {"currency": realised.currency})]
    currency, places = realised.currency, minor_units(realised.currency)
    problems: list[tuple[str, dict]] = []
    _check_amount(problems, "realised", "", realised, currency, places)
    for label, money in returns:
        _check_amount(problems, "return", label, money, currency, places)
    for label, money in costs:
        _check_amount(problems, "cost", label, money, currency, places)
    if problems:
        return problems
    returned = sum((m.amount for _l, m in returns), Decimal(0))
    if returned > realised.amount:
        problems.append(("returns_exceed", {"returns": returned, "realised": realised.amount}))
    problems.extend(_share_problems(shares))
    return problems


def _share_problems(shares: Sequence[tuple[str, Decimal]]) -> list[tuple[str, dict]]:
    problems: list[tuple[str, dict]] = []
    labels = [label for label, _p in shares]
    for label in sorted({x for x in labels if labels.count(x) > 1}):
        problems.append(("duplicate_recipient", {"label": label}))
    for label, percent in shares:
        try:
            ok = percent.is_finite() and percent > 0 and percent <= HUNDRED
            precise = ok and percent == percent.quantize(PERCENT_QUANTUM)
        except (AttributeError, InvalidOperation):
            ok = precise = False
        if not ok:
            problems.append(("bad_percent", {"label": label}))
        elif not precise:
            problems.append(("percent_too_precise", {"label": label}))
    if shares and not problems:
        total = sum((p for _l, p in shares), Decimal(0))
        if total != HUNDRED:
            problems.append(("percent_total", {"total": total}))
    return problems


def largest_remainder(total_units: int, weights: Sequence[Decimal]) -> list[tuple[int, bool]]:
    """Split a whole number of minor units in proportion to `weights`: each part is the
    floor of its exact share, and the units left over go one each to the largest remainders
    (ties to the earlier recipient). Returns (units, got an extra unit) per weight."""
    weight_sum = sum(weights, Decimal(0))
    floors, remainders = [], []
    for index, weight in enumerate(weights):
        exact = Decimal(total_units) * weight / weight_sum
        whole = int(exact.to_integral_value(rounding=ROUND_FLOOR))
        floors.append(whole)
        remainders.append((exact - whole, -index))
    left = total_units - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: remainders[i], reverse=True)
    extra = set(order[:left])
    return [(floors[i] + (1 if i in extra else 0), i in extra) for i in range(len(weights))]


def compute(realised: Money, returns: Sequence[tuple[str, Money]] = (),
            costs: Sequence[tuple[str, Money]] = (),
            shares: Sequence[tuple[str, Decimal]] = ()) -> Calculation:
    """The disposal of a realised amount, step by step. Raises SharingError when invalid."""
    problems = validate(realised, returns, costs, shares)
    if problems:
        raise SharingError(problems)
    currency, places = realised.currency, minor_units(realised.currency)
    unit = quantum(places)
    # Every amount is written to the minor unit (validation refused anything finer).
    realised = Money(realised.amount.quantize(unit), currency)
    returns = [(label, Money(m.amount.quantize(unit), currency)) for label, m in returns]
    costs = [(label, Money(m.amount.quantize(unit), currency)) for label, m in costs]
    steps = [Step("realised", "", realised.amount, realised.amount)]
    balance = realised.amount
    for label, money in returns:
        balance -= money.amount
        steps.append(Step("return", label, money.amount, balance))
    returns_total = realised.amount - balance
    claimed = sum((m.amount for _l, m in costs), Decimal(0)).quantize(unit)
    for label, money in costs:
        # Only what is left after the returns can be deducted; the rest is not covered.
        part = min(money.amount, balance)
        balance -= part
        steps.append(Step("cost", label, part, balance))
    deducted = realised.amount - returns_total - balance
    if claimed > deducted:
        steps.append(Step("costs_not_covered", "", claimed - deducted, balance))
    steps.append(Step("distributable", "", balance, balance))
    allocations = _allocate(balance, shares, places)
    running = balance
    for allocation in allocations:
        running -= allocation.amount
        steps.append(Step("share", allocation.label, allocation.amount, running))
    shared = sum((a.amount for a in allocations), Decimal(0))
    return Calculation(
        currency=currency, minor_units=places, realised=realised.amount,
        returns=[(label, m.amount) for label, m in returns], returns_total=returns_total,
        costs_claimed=claimed, costs_deducted=deducted, costs_not_covered=claimed - deducted,
        distributable=balance, shares=allocations,
        undivided=(balance - shared).quantize(unit), steps=steps)


def _allocate(distributable: Decimal, shares: Sequence[tuple[str, Decimal]],
              places: int) -> list[Allocation]:
    if not shares:
        return []
    unit = quantum(places)
    units = int(distributable.scaleb(places).to_integral_value())
    parts = largest_remainder(units, [percent for _l, percent in shares])
    return [Allocation(label=label, percent=percent,
                       exact=distributable * percent / HUNDRED,
                       amount=Decimal(n).scaleb(-places).quantize(unit), adjusted=extra)
            for (label, percent), (n, extra) in zip(shares, parts, strict=True)]
