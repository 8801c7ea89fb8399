"""The sharing arithmetic (pure Python): exact, in minor units, returns first, nothing lost."""

import itertools
from decimal import Decimal

import pytest
from babel.numbers import get_currency_precision
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rogatory.assets.sharing import (
    Money,
    SharingError,
    compute,
    is_currency,
    largest_remainder,
    quantum,
)

# One currency per precision that ISO 4217 uses: 0 (JPY), 2 (EUR), 3 (KWD), 4 (CLF).
CURRENCIES = ["JPY", "EUR", "KWD", "CLF"]


def amounts(currency: str, max_units: int = 10**12):
    places = get_currency_precision(currency)
    return st.integers(min_value=0, max_value=max_units).map(
        lambda units: Decimal(units).scaleb(-places).quantize(quantum(places)))


@st.composite
def percents(draw, n: int | None = None) -> list[Decimal]:
    """n positive percentages with four decimals that add up to exactly 100."""
    n = n or draw(st.integers(min_value=1, max_value=8))
    total = 1_000_000  # 100 percent in units of 0.0001
    cuts = sorted(draw(st.lists(st.integers(min_value=1, max_value=total - 1), min_size=n - 1,
                                max_size=n - 1, unique=True)))
    bounds = [0, *cuts, total]
    return [Decimal(b - a).scaleb(-4) for a, b in itertools.pairwise(bounds)]


@st.composite
def scenarios(draw):
    currency = draw(st.sampled_from(CURRENCIES))
    realised = draw(amounts(currency))
    returns = [(f"claim:{i}", Money(a, currency)) for i, a in enumerate(
        draw(st.lists(amounts(currency, 10**9), max_size=3)))]
    assume(sum((m.amount for _l, m in returns), Decimal(0)) <= realised)
    costs = [(f"cost:{i}", Money(a, currency)) for i, a in enumerate(
        draw(st.lists(amounts(currency, 10**11), max_size=3)))]
    shares = [(f"state:{i}", p) for i, p in enumerate(draw(percents()))]
    return Money(realised, currency), returns, costs, shares


@settings(max_examples=300)
@given(scenarios())
def test_shares_sum_exactly_to_the_distributable_amount(scenario):
    calc = compute(*scenario)
    assert calc.shared_total == calc.distributable
    assert calc.undivided == 0


@settings(max_examples=300)
@given(scenarios())
def test_nothing_is_created_or_lost(scenario):
    """Returns + costs deducted + shares = realised, to the minor unit, for any precision."""
    realised = scenario[0]
    calc = compute(*scenario)
    assert calc.returns_total + calc.costs_deducted + calc.shared_total == realised.amount
    unit = quantum(get_currency_precision(realised.currency))
    for allocation in calc.shares:
        assert allocation.amount == allocation.amount.quantize(unit)
        # Each share is within one minor unit of its exact value, never negative.
        assert abs(allocation.amount - allocation.exact) < unit
        assert allocation.amount >= 0


@settings(max_examples=200)
@given(scenarios(), percents())
def test_returns_to_victims_are_never_reduced_by_sharing(scenario, other_split):
    realised, returns, costs, shares = scenario
    first = compute(realised, returns, costs, shares)
    second = compute(realised, returns, costs,
                     [(f"other:{i}", p) for i, p in enumerate(other_split)])
    assert first.returns == second.returns == [(label, m.amount) for label, m in returns]
    assert first.returns_total == sum((m.amount for _l, m in returns), Decimal(0))


@settings(max_examples=200)
@given(scenarios())
def test_costs_and_returns_are_never_shared(scenario):
    """The distributable amount is what is left after the returns and the costs; costs
    never eat into the returns."""
    realised, returns, costs, shares = scenario
    calc = compute(realised, returns, costs, shares)
    claimed = sum((m.amount for _l, m in costs), Decimal(0))
    available = realised.amount - calc.returns_total
    assert calc.costs_deducted == min(claimed, available)
    assert calc.distributable == available - calc.costs_deducted
    assert calc.costs_not_covered == claimed - calc.costs_deducted


@given(st.integers(min_value=0, max_value=10**15),
       st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=10))
def test_largest_remainder_hands_out_every_unit(total, weights):
    parts = largest_remainder(total, [Decimal(w) for w in weights])
    assert sum(n for n, _extra in parts) == total
    # At most one extra unit each, and fewer extras than recipients.
    assert sum(1 for _n, extra in parts if extra) < len(weights)
    for (n, _extra), w in zip(parts, weights, strict=True):
        exact = Decimal(total) * w / sum(weights)
        assert abs(Decimal(n) - exact) < 1


def test_worked_example_with_rounding():
    calc = compute(Money(Decimal("100.00"), "EUR"), [], [],
                   [("a", Decimal("33.3333")), ("b", Decimal("33.3333")),
                    ("c", Decimal("33.3334"))])
    assert [a.amount for a in calc.shares] == [Decimal("33.33"), Decimal("33.33"),
                                               Decimal("33.34")]
    assert [s.code for s in calc.steps] == ["realised", "distributable", "share", "share",
                                            "share"]
    assert calc.steps[-1].balance == 0


def test_one_cent_goes_to_the_largest_remainder_ties_to_the_first():
    calc = compute(Money(Decimal("0.01"), "EUR"), [], [], [("a", Decimal(50)),
                                                         ("b", Decimal(50))])
    assert [(a.amount, a.adjusted) for a in calc.shares] == [(Decimal("0.01"), True),
                                                            (Decimal("0.00"), False)]


def test_costs_beyond_what_is_left_are_not_deducted_and_returns_stay_whole():
    calc = compute(Money(Decimal("1000"), "JPY"), [("v", Money(Decimal("900"), "JPY"))],
                   [("c", Money(Decimal("500"), "JPY"))], [("a", Decimal(100))])
    assert calc.returns_total == 900
    assert calc.costs_deducted == 100 and calc.costs_not_covered == 400
    assert calc.distributable == 0 and calc.shares[0].amount == 0
    assert "costs_not_covered" in [s.code for s in calc.steps]


@pytest.mark.parametrize(("args", "code"), [
    ((Money(Decimal("10"), "ZZZ"), [], [], []), "unknown_currency"),
    ((Money(Decimal("10"), "XXX"), [], [], []), "unknown_currency"),
    ((Money(Decimal("-1"), "EUR"), [], [], []), "negative"),
    ((Money(Decimal("1.001"), "EUR"), [], [], []), "too_precise"),
    ((Money(Decimal("1.5"), "JPY"), [], [], []), "too_precise"),
    ((Money(Decimal("10"), "EUR"), [("v", Money(Decimal("1"), "USD"))], [], []),
     "currency_mismatch"),
    ((Money(Decimal("10"), "EUR"), [], [("c", Money(Decimal("-1"), "EUR"))], []), "negative"),
    ((Money(Decimal("10"), "EUR"), [("v", Money(Decimal("11"), "EUR"))], [], []),
     "returns_exceed"),
    ((Money(Decimal("10"), "EUR"), [], [], [("a", Decimal(60)), ("b", Decimal(30))]),
     "percent_total"),
    ((Money(Decimal("10"), "EUR"), [], [], [("a", Decimal(60)), ("b", Decimal(60))]),
     "percent_total"),
    ((Money(Decimal("10"), "EUR"), [], [], [("a", Decimal(0)), ("b", Decimal(100))]),
     "bad_percent"),
    ((Money(Decimal("10"), "EUR"), [], [], [("a", Decimal("99.99999")),
                                            ("b", Decimal("0.00001"))]),
     "percent_too_precise"),
    ((Money(Decimal("10"), "EUR"), [], [], [("a", Decimal(50)), ("a", Decimal(50))]),
     "duplicate_recipient"),
    ((Money(Decimal("NaN"), "EUR"), [], [], []), "not_a_number"),
])
def test_invalid_terms_are_refused_with_a_reason(args, code):
    with pytest.raises(SharingError) as raised:
        compute(*args)
    assert code in [c for c, _params in raised.value.problems]


def test_currencies_come_from_babel():
    assert is_currency("EUR") and is_currency("KWD")
    assert not is_currency("EURO") and not is_currency("") and not is_currency("XTS")


@pytest.mark.parametrize("withdrawn", ["DDM", "FRF", "HRK", "SLL", "ZWL", "CUC", "VEF"])
def test_withdrawn_currencies_are_not_currencies(withdrawn):
    assert not is_currency(withdrawn)


def test_the_currency_picker_lists_current_iso_4217_currencies_only(settings):
    from django.utils import translation

    from rogatory.assets.forms import currency_choices

    with translation.override("fr"):
        choices = dict(currency_choices())
    assert {"EUR", "USD", "XOF", "JPY", "KWD", "CLF", "SLE", "VES"} <= set(choices)
    assert not {"DDM", "FRF", "HRK", "SLL", "XXX", "XTS"} & set(choices)
    assert choices["EUR"] == "EUR — euro"


def test_module_has_no_django_import():
    import rogatory.assets.sharing as module
    import rogatory.assets.workflow as workflow_module

    for source in (module.__file__, workflow_module.__file__):
        with open(source, encoding="utf-8") as handle:
            assert "django" not in handle.read()
