"""Money adds up: line parts are rounded to the minor unit and every total is an exact sum (hypothesis)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cityos.commerce.carts.totals import line_totals, totals_of
from cityos.commerce.money import allocate, exponent, round_money

CURRENCIES = st.sampled_from(["eur", "usd", "jpy", "kwd"])
AMOUNTS = st.decimals(min_value=0, max_value=100_000, places=6, allow_nan=False, allow_infinity=False)
RATES = st.sampled_from([Decimal(0), Decimal(7), Decimal("8.5"), Decimal(19), Decimal(20), Decimal("25.5")])


def in_minor_units(value: Decimal, currency: str) -> bool:
    return value == round_money(value, currency)


@given(total=AMOUNTS, weights=st.lists(AMOUNTS, min_size=1, max_size=12), currency=CURRENCIES)
def test_allocation_never_gains_or_loses_a_minor_unit(
    total: Decimal, weights: list[Decimal], currency: str
) -> None:
    total = round_money(total, currency)
    shares = allocate(total, weights, currency)
    if sum(weights) == 0:
        assert shares == [0] * len(weights)
        return
    unit = Decimal(1).scaleb(-exponent(currency))
    assert sum(shares) == total
    for share, weight in zip(shares, weights, strict=True):
        assert share >= 0
        assert in_minor_units(share, currency)
        assert abs(share - total * weight / sum(weights)) < unit


@given(gross=AMOUNTS, rate=RATES, discount=AMOUNTS, inclusive=st.booleans(), currency=CURRENCIES)
def test_a_lines_parts_add_up(
    gross: Decimal, rate: Decimal, discount: Decimal, inclusive: bool, currency: str
) -> None:
    t = line_totals(gross, rate=rate, discount=discount, tax_inclusive=inclusive, currency_code=currency)
    for value in vars(t).values():
        assert in_minor_units(value, currency)
        assert value >= 0
    assert t.total == t.subtotal - t.discount_subtotal + t.tax_total
    assert t.original_total == t.subtotal + t.original_tax_total
    assert t.discount_total == t.discount_subtotal + t.discount_tax_total
    paid = round_money(gross, currency) - min(round_money(discount, currency), round_money(gross, currency))
    if inclusive:
        assert t.total == paid  # the shelf price is what is paid
    else:
        assert t.total - t.tax_total == paid


@dataclass
class Row:
    unit_price: Decimal = Decimal(0)
    quantity: int = 1
    amount: Decimal = Decimal(0)
    is_tax_inclusive: bool = False
    tax_lines: list[dict[str, Any]] = field(default_factory=list)
    adjustments: list[dict[str, Any]] = field(default_factory=list)


ROWS = st.builds(
    Row,
    unit_price=AMOUNTS,
    quantity=st.integers(min_value=1, max_value=50),
    amount=AMOUNTS,
    is_tax_inclusive=st.booleans(),
    tax_lines=st.lists(RATES.map(lambda r: {"rate": str(r)}), max_size=2),
    adjustments=st.lists(AMOUNTS.map(lambda a: {"amount": str(a)}), max_size=2),
)


@given(items=st.lists(ROWS, max_size=6), methods=st.lists(ROWS, max_size=2), currency=CURRENCIES)
def test_cart_totals_are_exact_sums(items: list[Row], methods: list[Row], currency: str) -> None:
    totals = totals_of(items, methods, currency)
    assert totals["total"] == totals["item_total"] + totals["shipping_total"]
    assert totals["subtotal"] == totals["item_subtotal"] + totals["shipping_subtotal"]
    assert totals["tax_total"] == totals["item_tax_total"] + totals["shipping_tax_total"]
    assert totals["discount_total"] == totals["item_discount_total"] + totals["shipping_discount_total"]
    assert totals["total"] == totals["subtotal"] - totals["discount_subtotal"] + totals["tax_total"]
    assert all(in_minor_units(value, currency) for value in totals.values())
