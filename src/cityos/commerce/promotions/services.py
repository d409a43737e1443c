"""Every change to promotions and campaigns goes through here."""

from __future__ import annotations

from typing import Any

from cityos.commerce.errors import invalid
from cityos.commerce.promotions.models import Campaign, Promotion
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
