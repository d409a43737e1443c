"""Medusa's cart and order totals, computed from lines the same way for both.

Per line (an item or a shipping method): ``subtotal`` is before discounts and tax, discounts are
split into their untaxed part and the tax they remove, ``tax_total`` is after discounts and
``total = subtotal - discount_subtotal + tax_total``. Every part is rounded to the currency's minor
unit at the line (see ``cityos.commerce.money``), and a cart's totals are sums of line parts, so
``total == item_total + shipping_total`` exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from cityos.commerce.money import ZERO, round_money
from cityos.platform.wire_schema import JSON, NUMBER, array


@dataclass(frozen=True)
class LineTotals:
    subtotal: Decimal
    discount_subtotal: Decimal
    discount_tax_total: Decimal
    discount_total: Decimal
    tax_total: Decimal
    original_tax_total: Decimal
    total: Decimal
    original_total: Decimal

    def __add__(self, other: LineTotals) -> LineTotals:
        return LineTotals(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


LINE_TOTAL_NAMES = (
    "subtotal", "total", "original_total", "discount_subtotal", "discount_tax_total", "discount_total",
    "tax_total", "original_tax_total",
)  # fmt: skip
NO_TOTALS = LineTotals(*(ZERO for _ in fields(LineTotals)))


def line_totals(
    gross: Decimal, *, rate: Decimal, discount: Decimal, tax_inclusive: bool, currency_code: str
) -> LineTotals:
    """One line: ``gross`` is what its price says (with tax if ``tax_inclusive``), ``rate`` in percent."""
    gross = round_money(gross, currency_code)
    discount = min(round_money(discount, currency_code), gross)
    fraction = rate / 100
    if tax_inclusive:
        original_tax = round_money(gross * fraction / (1 + fraction), currency_code)
        tax = round_money((gross - discount) * fraction / (1 + fraction), currency_code)
        subtotal = gross - original_tax
        discount_tax = original_tax - tax
        discount_subtotal = discount - discount_tax
    else:
        original_tax = round_money(gross * fraction, currency_code)
        tax = round_money((gross - discount) * fraction, currency_code)
        subtotal = gross
        discount_tax = original_tax - tax
        discount_subtotal = discount
    return LineTotals(
        subtotal=subtotal,
        discount_subtotal=discount_subtotal,
        discount_tax_total=discount_tax,
        discount_total=discount_subtotal + discount_tax,
        tax_total=tax,
        original_tax_total=original_tax,
        total=subtotal - discount_subtotal + tax,
        original_total=subtotal + original_tax,
    )


def _rate(tax_lines: Iterable[Mapping[str, Any]]) -> Decimal:
    return sum((Decimal(str(line["rate"])) for line in tax_lines), ZERO)


def _discount(adjustments: Iterable[Mapping[str, Any]]) -> Decimal:
    return sum((Decimal(str(adjustment["amount"])) for adjustment in adjustments), ZERO)


def priced_entries(entries: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Tax lines or adjustments as answered: their ``rate``/``amount`` (kept as exact strings) as numbers."""
    return [
        {k: Decimal(str(v)) if k in ("rate", "amount") else v for k, v in entry.items()} for entry in entries
    ]


# Tax lines and adjustments are stored as the services write them; their amounts answer as numbers.
ENTRIES = array({"type": "object", "properties": {"rate": NUMBER, "amount": NUMBER}})


def item_totals(item: Any, currency_code: str) -> LineTotals:
    """An item row of a cart or order (``unit_price``, ``quantity``, ``tax_lines``, ``adjustments``)."""
    return line_totals(
        item.unit_price * item.quantity,
        rate=_rate(item.tax_lines),
        discount=_discount(item.adjustments),
        tax_inclusive=item.is_tax_inclusive,
        currency_code=currency_code,
    )


def shipping_totals(method: Any, currency_code: str) -> LineTotals:
    return line_totals(
        method.amount,
        rate=_rate(method.tax_lines),
        discount=_discount(method.adjustments),
        tax_inclusive=method.is_tax_inclusive,
        currency_code=currency_code,
    )


def document_totals(items: LineTotals, shipping: LineTotals) -> dict[str, Decimal]:
    """The totals Medusa puts on a cart or order, from the sums of its item and shipping lines."""
    both = items + shipping
    return {
        "total": both.total,
        "subtotal": both.subtotal,
        "tax_total": both.tax_total,
        "discount_total": both.discount_total,
        "discount_subtotal": both.discount_subtotal,
        "discount_tax_total": both.discount_tax_total,
        "original_total": both.original_total,
        "original_subtotal": both.subtotal,
        "original_tax_total": both.original_tax_total,
        "item_total": items.total,
        "item_subtotal": items.subtotal,
        "item_tax_total": items.tax_total,
        "item_discount_total": items.discount_total,
        "original_item_total": items.original_total,
        "original_item_subtotal": items.subtotal,
        "original_item_tax_total": items.original_tax_total,
        "shipping_total": shipping.total,
        "shipping_subtotal": shipping.subtotal,
        "shipping_tax_total": shipping.tax_total,
        "shipping_discount_total": shipping.discount_total,
        "original_shipping_tax_total": shipping.original_tax_total,
        "original_shipping_subtotal": shipping.subtotal,
        "original_shipping_total": shipping.original_total,
        "credit_line_subtotal": ZERO,
        "credit_line_tax_total": ZERO,
        "credit_line_total": ZERO,
    }


def totals_of(items: Iterable[Any], methods: Iterable[Any], currency_code: str) -> dict[str, Decimal]:
    item_sum = sum((item_totals(item, currency_code) for item in items), NO_TOTALS)
    shipping_sum = sum((shipping_totals(method, currency_code) for method in methods), NO_TOTALS)
    return document_totals(item_sum, shipping_sum)


def document_totals_schema(*, leave_out: tuple[str, ...] = ()) -> dict[str, JSON]:
    """The totals ``totals_of`` puts on a cart or an order, read from its own keys."""
    return {name: NUMBER for name in totals_of([], [], "usd") if name not in leave_out}
