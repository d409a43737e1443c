from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from cityos.commerce.pricing.calculator import PricingContext, calculate
from cityos.commerce.pricing.models import Price, PriceList

NOW = datetime(2026, 11, 22, tzinfo=UTC)


def price(amount: str, **kwargs) -> Price:
    p = Price(
        id=f"price_{amount}",
        currency_code=kwargs.pop("currency_code", "eur"),
        amount=Decimal(amount),
        **kwargs,
    )
    p.rules_count = int(bool(p.region_id)) + int(bool(p.customer_group_id))
    return p


def price_list(type: str, **kwargs) -> PriceList:
    return PriceList(id=f"plist_{type}", type=type, status=kwargs.pop("status", "active"), **kwargs)


def amounts(prices, **context) -> tuple[Decimal, Decimal] | None:
    result = calculate("pset_1", prices, PricingContext(**{"currency_code": "eur", **context}), NOW)
    return (result.calculated.amount, result.original.amount) if result else None


def test_currency_must_match():
    assert amounts([price("10", currency_code="usd")]) is None


def test_quantity_tier_is_honoured():
    prices = [price("10"), price("8", min_quantity=10, max_quantity=49), price("6", min_quantity=50)]
    assert amounts(prices, quantity=1) == (Decimal("10"), Decimal("10"))
    assert amounts(prices, quantity=10) == (Decimal("8"), Decimal("8"))
    assert amounts(prices, quantity=50) == (Decimal("6"), Decimal("6"))


def test_region_rule_wins_in_its_region_only():
    prices = [price("10"), price("9", region_id="reg_1")]
    assert amounts(prices, region_id="reg_1") == (Decimal("9"), Decimal("9"))
    assert amounts(prices, region_id="reg_2") == (Decimal("10"), Decimal("10"))


def test_sale_list_lowers_calculated_but_keeps_original():
    prices = [price("10"), price("7", price_list=price_list("sale"))]
    assert amounts(prices) == (Decimal("7"), Decimal("10"))


def test_override_list_replaces_original():
    prices = [price("10"), price("12", price_list=price_list("override"))]
    assert amounts(prices) == (Decimal("12"), Decimal("12"))


@pytest.mark.parametrize(
    "kwargs",
    [{"status": "draft"}, {"starts_at": NOW + timedelta(days=1)}, {"ends_at": NOW - timedelta(days=1)}],
)
def test_inactive_or_out_of_date_lists_are_ignored(kwargs):
    prices = [price("10"), price("5", price_list=price_list("sale", **kwargs))]
    assert amounts(prices) == (Decimal("10"), Decimal("10"))


def test_customer_group_list_needs_the_group():
    prices = [price("10"), price("5", price_list=price_list("sale", customer_group_ids=["cusgroup_vip"]))]
    assert amounts(prices) == (Decimal("10"), Decimal("10"))
    assert amounts(prices, customer_group_ids=("cusgroup_vip",)) == (Decimal("5"), Decimal("10"))
