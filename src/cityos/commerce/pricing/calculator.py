"""Medusa's price selection: which of a variant's prices apply to a context, and the resulting shape.

A price applies when its currency matches, each of its rules (region, customer group) equals the
context, and the quantity falls in its tier. Among base prices the one with the most rules wins, then
the narrowest tier. An active ``override`` price list replaces the original price; ``sale`` lists
compete with it and the lowest amount is the calculated price.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from cityos.commerce.pricing.models import Price, PriceList
from cityos.platform.wire_schema import BOOLEAN, INTEGER, NUMBER, STRING, nullable, record

RAW_AMOUNT = record(value=STRING, precision=INTEGER)


def raw_amount(amount: Decimal) -> dict[str, Any]:
    """Medusa's exact form of an amount (``raw_*``): a decimal string with its precision."""
    return {"value": format(amount.normalize(), "f"), "precision": 20}


@dataclass(frozen=True)
class PricingContext:
    currency_code: str
    region_id: str | None = None
    customer_group_ids: tuple[str, ...] = ()
    quantity: int = 1
    tax_inclusive: bool = False


def _applies(price: Price, context: PricingContext, now: datetime) -> bool:
    if price.currency_code != context.currency_code:
        return False
    if price.region_id and price.region_id != context.region_id:
        return False
    if price.customer_group_id and price.customer_group_id not in context.customer_group_ids:
        return False
    if price.min_quantity is not None and context.quantity < price.min_quantity:
        return False
    if price.max_quantity is not None and context.quantity > price.max_quantity:
        return False
    price_list = price.price_list
    if price_list is None:
        return True
    return (
        price_list.status == PriceList.Status.ACTIVE
        and (price_list.starts_at is None or price_list.starts_at <= now)
        and (price_list.ends_at is None or price_list.ends_at > now)
        and (
            not price_list.customer_group_ids
            or bool(set(price_list.customer_group_ids) & set(context.customer_group_ids))
        )
    )


def _specificity(price: Price) -> tuple[int, int, Decimal]:
    """Most rules first, then the tier with the highest floor, then the lowest amount."""
    return (-price.rules_count, -(price.min_quantity or 0), price.amount)


@dataclass(frozen=True)
class Calculated:
    price_set_id: str
    calculated: Price
    original: Price
    context: PricingContext

    def as_medusa(self) -> dict[str, Any]:
        """The variant's ``calculated_price``, as ``CALCULATED_PRICE`` declares it."""
        raw = raw_amount

        def brief(price: Price) -> dict[str, Any]:
            price_list = price.price_list
            return {
                "id": price.id,
                "price_list_id": price_list.id if price_list else None,
                "price_list_type": price_list.type if price_list else None,
                "min_quantity": price.min_quantity,
                "max_quantity": price.max_quantity,
            }

        return {
            "id": self.price_set_id,
            "is_calculated_price_price_list": self.calculated.price_list_id is not None,
            "is_calculated_price_tax_inclusive": self.context.tax_inclusive,
            "calculated_amount": self.calculated.amount,
            "raw_calculated_amount": raw(self.calculated.amount),
            "is_original_price_price_list": self.original.price_list_id is not None,
            "is_original_price_tax_inclusive": self.context.tax_inclusive,
            "original_amount": self.original.amount,
            "raw_original_amount": raw(self.original.amount),
            "currency_code": self.context.currency_code,
            "calculated_price": brief(self.calculated),
            "original_price": brief(self.original),
        }


def _calculated_price_schema() -> dict[str, Any]:
    brief = record(
        id=STRING, price_list_id=nullable(STRING), price_list_type=nullable(STRING),
        min_quantity=nullable(INTEGER), max_quantity=nullable(INTEGER),
    )  # fmt: skip
    return record(
        id=STRING, is_calculated_price_price_list=BOOLEAN, is_calculated_price_tax_inclusive=BOOLEAN,
        calculated_amount=NUMBER, raw_calculated_amount=RAW_AMOUNT, is_original_price_price_list=BOOLEAN,
        is_original_price_tax_inclusive=BOOLEAN, original_amount=NUMBER, raw_original_amount=RAW_AMOUNT,
        currency_code=STRING, calculated_price=brief, original_price=brief,
    )  # fmt: skip


CALCULATED_PRICE = _calculated_price_schema()


def calculate(
    price_set_id: str, prices: Iterable[Price], context: PricingContext, now: datetime
) -> Calculated | None:
    applicable = [p for p in prices if _applies(p, context, now)]
    base = sorted((p for p in applicable if p.price_list_id is None), key=_specificity)
    overrides = sorted(
        (p for p in applicable if p.price_list and p.price_list.type == PriceList.Type.OVERRIDE),
        key=_specificity,
    )
    sales = [p for p in applicable if p.price_list and p.price_list.type == PriceList.Type.SALE]
    original = overrides[0] if overrides else (base[0] if base else None)
    candidates = [p for p in (original, *sales) if p is not None]
    if not candidates:
        return None
    calculated = min(candidates, key=lambda p: (p.amount, p.price_list_id is None))
    return Calculated(price_set_id, calculated, original or calculated, context)
