"""Every change to promotions, campaigns and their usage goes through here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F

from cityos.commerce.errors import ErrorType, MedusaError, invalid
from cityos.commerce.money import ZERO
from cityos.commerce.promotions import engine
from cityos.commerce.promotions.models import Campaign, Promotion, PromotionUsage
from cityos.commerce.records import create_record, delete_record, update_record
from cityos.commerce.tenants.models import Tenant

RULE_OPERATORS = {"eq", "ne", "in", "nin", "gt", "gte", "lt", "lte"}


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    """Refuse what cannot be applied: a percentage over 100, a negative value, a malformed rule."""
    value = values.get("value")
    if value is not None and value < 0:
        raise invalid("Invalid request: value must be greater than or equal to 0")
    if values.get("method_type") == Promotion.MethodType.PERCENTAGE and value is not None and value > 100:
        raise invalid("Invalid request: a percentage promotion cannot exceed 100")
    for rule in [*values.get("rules", []), *values.get("target_rules", [])]:
        if rule.get("operator") not in RULE_OPERATORS or not rule.get("attribute"):
            raise invalid(
                f"Invalid request: rule {rule} needs an attribute and one of {sorted(RULE_OPERATORS)}"
            )
    return values


def create_promotion(tenant: Tenant, values: dict[str, Any]) -> Promotion:
    return create_record(Promotion, "promotion", {"tenant": tenant, **_checked(values)}, label="Promotion")


def update_promotion(promotion: Promotion, values: dict[str, Any]) -> Promotion:
    return update_record(promotion, "promotion", _checked(values), label="Promotion")


def delete_promotion(promotion: Promotion) -> None:
    delete_record(promotion, "promotion")


def create_campaign(tenant: Tenant, values: dict[str, Any]) -> Campaign:
    return create_record(Campaign, "campaign", {"tenant": tenant, **values}, label="Campaign")


def update_campaign(campaign: Campaign, values: dict[str, Any]) -> Campaign:
    return update_record(campaign, "campaign", values, label="Campaign")


def delete_campaign(campaign: Campaign) -> None:
    delete_record(campaign, "campaign")


# --- usage at checkout: taken under row locks, given back when a later checkout step fails ---------


@dataclass(frozen=True)
class Usage:
    """What one checkout took: a use of each promotion (and of the customer's allowance), and the
    campaign budget each spent; ``give_back_usage`` returns exactly this."""

    promotion_ids: tuple[str, ...]
    customer_id: str | None
    budgets: tuple[tuple[str, Decimal], ...]  # (campaign id, amount or one use)
    codes: tuple[str, ...]


def spent_by_promotion(adjustments: Iterable[Mapping[str, Any]]) -> dict[str, Decimal]:
    """The discount each promotion made on a cart's lines, from their adjustments."""
    spent: dict[str, Decimal] = {}
    for adjustment in adjustments:
        promotion_id = adjustment["promotion_id"]
        spent[promotion_id] = spent.get(promotion_id, ZERO) + Decimal(str(adjustment["amount"]))
    return spent


def register_usage(spent: Mapping[str, Decimal], customer_id: str | None) -> Usage:
    """Take one use of each applied promotion and spend its campaign's budget, under the rows' locks
    (promotions, then campaigns, each in primary-key order). A limit or budget that ran out since the
    cart was priced refuses the checkout with Medusa's ``not_allowed``, before anything is written."""
    if not spent:
        return Usage((), customer_id, (), ())
    promotions = list(Promotion.objects.select_for_update().filter(id__in=list(spent)).order_by("pk"))
    ids = [p.id for p in promotions]
    uses = _customer_uses(ids, customer_id) if customer_id is not None else {}
    campaigns = {
        c.pk: c
        for c in Campaign.objects.select_for_update()
        .filter(id__in=[p.campaign_id for p in promotions if p.campaign_id])
        .order_by("pk")
    }
    budgets: list[tuple[str, Decimal]] = []
    for promotion in promotions:
        if promotion.usage_limit is not None and promotion.usage_count >= promotion.usage_limit:
            raise MedusaError(
                ErrorType.NOT_ALLOWED, f"Promotion {promotion.code} has reached its usage limit"
            )
        limit = promotion.per_customer_limit
        if customer_id is not None and limit is not None and uses.get(promotion.id, 0) >= limit:
            raise MedusaError(ErrorType.NOT_ALLOWED, f"Promotion {promotion.code} has been used too often")
        if (campaign := campaigns.get(promotion.campaign_id or "")) is not None:
            amount = Decimal(1) if campaign.budget_type == Campaign.BudgetType.USAGE else spent[promotion.id]
            if amount > engine.budget_left(campaign):
                raise MedusaError(
                    ErrorType.NOT_ALLOWED, f"Promotion {promotion.code}'s campaign budget is spent"
                )
            campaign.budget_used += amount  # a second promotion of the campaign sees what this one took
            budgets.append((campaign.pk, amount))
    Promotion.objects.filter(id__in=ids).update(usage_count=F("usage_count") + 1)
    if customer_id is not None:
        _count_customer_uses(ids, customer_id, 1)
    _spend(budgets, 1)
    return Usage(tuple(ids), customer_id, tuple(budgets), tuple(p.code for p in promotions))


def give_back_usage(usage: Usage) -> None:
    """Compensation: the uses and budget a checkout took, returned when it did not place an order."""
    if not usage.promotion_ids:
        return
    Promotion.objects.filter(id__in=usage.promotion_ids).update(usage_count=F("usage_count") - 1)
    if usage.customer_id is not None:
        _count_customer_uses(list(usage.promotion_ids), usage.customer_id, -1)
    _spend(usage.budgets, -1)


def _customer_uses(promotion_ids: list[str], customer_id: str) -> dict[str, int]:
    rows = PromotionUsage.objects.filter(promotion_id__in=promotion_ids, customer_id=customer_id)
    return dict(rows.values_list("promotion_id", "count"))


def _count_customer_uses(promotion_ids: list[str], customer_id: str, change: int) -> None:
    """The promotions' rows are locked by the caller, so no other checkout counts these uses meanwhile.
    A first use makes the customer's row; giving one back finds it there."""
    if change > 0:
        PromotionUsage.objects.bulk_create(
            [PromotionUsage(promotion_id=id, customer_id=customer_id) for id in promotion_ids],
            ignore_conflicts=True,
        )
    PromotionUsage.objects.filter(promotion_id__in=promotion_ids, customer_id=customer_id).update(
        count=F("count") + change
    )


def _spend(budgets: Iterable[tuple[str, Decimal]], sign: int) -> None:
    for campaign_id, amount in budgets:
        Campaign.objects.filter(pk=campaign_id).update(budget_used=F("budget_used") + sign * amount)
