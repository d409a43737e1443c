"""Which promotions a cart qualifies for and the adjustments they make, as pure functions.

Promotions apply in order (codes in the order they were added, then automatic ones); each one
discounts what earlier ones left, so stacked discounts never exceed a line's amount. Fixed amounts
``across`` lines are split with ``allocate`` so that their shares add up to the promotion's value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from cityos.commerce.money import ZERO, allocate, round_money
from cityos.commerce.promotions.models import Campaign, Promotion


@dataclass(frozen=True)
class Line:
    """An item or shipping method as promotions see it; ``gross`` is before any discount."""

    id: str
    gross: Decimal
    quantity: int = 1
    unit_price: Decimal = ZERO
    discountable: bool = True
    attributes: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class CartFacts:
    currency_code: str
    region_id: str
    customer_id: str | None
    customer_group_ids: frozenset[str]
    items: Sequence[Line]
    shipping: Sequence[Line]

    def attribute(self, name: str) -> list[str]:
        """Values of a rule attribute, with Medusa's names (``customer.groups.id``, ``items.product.id``…)."""
        if name == "currency_code":
            return [self.currency_code]
        if name == "region_id":
            return [self.region_id]
        if name in ("customer.groups.id", "customer_group_id"):
            return sorted(self.customer_group_ids)
        if name in ("subtotal", "item_total"):
            return [str(sum((line.gross for line in self.items), ZERO))]
        if name.startswith("items."):
            key = name.removeprefix("items.")
            return sorted({value for line in self.items for value in line.attributes.get(key, ())})
        return []


class Refusal(StrEnum):
    """Why a promotion does not apply; the code is part of the Admin/Store error message."""

    INACTIVE = "inactive"
    NOT_STARTED = "not_started"
    ENDED = "ended"
    USAGE_LIMIT = "usage_limit"
    CUSTOMER_LIMIT = "customer_limit"
    BUDGET = "budget"
    CURRENCY = "currency"
    RULES = "rules"


def _number(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError):
        return None


def rule_holds(rule: dict[str, Any], values: Iterable[str]) -> bool:
    """``eq``/``in`` need a common value, ``ne``/``nin`` none; ``gt``… compare the first value as a number."""
    have = [str(v) for v in values]
    wanted = [str(v) for v in rule.get("values", [])]
    operator = rule.get("operator", "in")
    if operator in ("eq", "in"):
        return bool(set(have) & set(wanted))
    if operator in ("ne", "nin"):
        return not set(have) & set(wanted)
    left = _number(have[0]) if have else None
    right = _number(wanted[0]) if wanted else None
    if left is None or right is None:
        return False
    return {"gt": left > right, "gte": left >= right, "lt": left < right, "lte": left <= right}.get(
        operator, False
    )


def refusal(promotion: Promotion, facts: CartFacts, now: datetime, customer_uses: int = 0) -> Refusal | None:
    """None if the promotion applies to this cart now, else the first reason it does not."""
    campaign: Campaign | None = promotion.campaign
    starts = [d for d in (promotion.starts_at, campaign.starts_at if campaign else None) if d]
    ends = [d for d in (promotion.ends_at, campaign.ends_at if campaign else None) if d]
    checks = (
        (promotion.status != Promotion.Status.ACTIVE, Refusal.INACTIVE),
        (any(now < start for start in starts), Refusal.NOT_STARTED),
        (any(now >= end for end in ends), Refusal.ENDED),
        (
            promotion.usage_limit is not None and promotion.usage_count >= promotion.usage_limit,
            Refusal.USAGE_LIMIT,
        ),
        (
            promotion.per_customer_limit is not None and customer_uses >= promotion.per_customer_limit,
            Refusal.CUSTOMER_LIMIT,
        ),
        (campaign is not None and budget_left(campaign) <= 0, Refusal.BUDGET),
        (
            promotion.method_type == Promotion.MethodType.FIXED
            and (promotion.currency_code or facts.currency_code) != facts.currency_code,
            Refusal.CURRENCY,
        ),
        (not all(rule_holds(r, facts.attribute(r["attribute"])) for r in promotion.rules), Refusal.RULES),
    )
    return next((reason for failed, reason in checks if failed), None)


def budget_left(campaign: Campaign) -> Decimal:
    """What the campaign may still give: money for ``spend``, uses for ``usage``, unbounded without."""
    if campaign.budget_type is None or campaign.budget_limit is None:
        return Decimal("Infinity")
    return campaign.budget_limit - campaign.budget_used


def _targets(promotion: Promotion, facts: CartFacts) -> Sequence[Line]:
    if promotion.target_type == Promotion.TargetType.SHIPPING_METHODS:
        return facts.shipping
    lines = [line for line in facts.items if line.discountable]
    if promotion.target_type == Promotion.TargetType.ITEMS:
        lines = [
            line
            for line in lines
            if all(
                rule_holds(rule, line.attributes.get(rule["attribute"].removeprefix("items."), ()))
                for rule in promotion.target_rules
            )
        ]
    return lines


def _amounts(
    promotion: Promotion, lines: Sequence[Line], left: dict[str, Decimal], currency: str
) -> list[Decimal]:
    value = promotion.value
    if promotion.method_type == Promotion.MethodType.PERCENTAGE:
        bases = []
        for line in lines:
            units = min(line.quantity, promotion.max_quantity or line.quantity)
            base = line.unit_price * units if units < line.quantity else left[line.id]
            bases.append(min(base, left[line.id]))
        return [round_money(base * value / 100, currency) for base in bases]
    if (
        promotion.allocation == Promotion.Allocation.EACH
        and promotion.target_type != Promotion.TargetType.ORDER
    ):
        return [
            min(value * min(line.quantity, promotion.max_quantity or line.quantity), left[line.id])
            for line in lines
        ]
    available = [left[line.id] for line in lines]
    return allocate(min(value, sum(available, ZERO)), available, currency)


def adjustments(promotions: Sequence[Promotion], facts: CartFacts) -> dict[str, list[dict[str, Any]]]:
    """Per line id, the adjustments ``{code, amount, promotion_id}`` of promotions already vetted."""
    left = {line.id: line.gross for line in (*facts.items, *facts.shipping)}
    made: dict[str, list[dict[str, Any]]] = {}
    for promotion in promotions:
        lines = [line for line in _targets(promotion, facts) if left[line.id] > 0]
        amounts = _amounts(promotion, lines, left, facts.currency_code)
        campaign = promotion.campaign
        if campaign is not None and campaign.budget_type == Campaign.BudgetType.SPEND:
            cap = budget_left(campaign)
            if sum(amounts, ZERO) > cap:
                amounts = allocate(max(cap, ZERO), amounts, facts.currency_code)
        for line, amount in zip(lines, amounts, strict=True):
            if amount <= 0:
                continue
            left[line.id] -= amount
            made.setdefault(line.id, []).append(
                {"code": promotion.code, "amount": amount, "promotion_id": promotion.id}
            )
    return made
