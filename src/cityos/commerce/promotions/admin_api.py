"""Admin API for promotions and campaigns: Medusa's ``/admin/promotions`` and ``/admin/campaigns``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from cityos.commerce.admin_routes import (
    Amount,
    CurrencyCode,
    Omittable,
    Resource,
    Strict,
    admin_router,
    crud,
    fetch,
)
from cityos.commerce.promotions import services
from cityos.commerce.promotions.models import Campaign, Promotion
from cityos.commerce.shapes import TIMES, Shape

router = admin_router("Admin promotions")


class Rule(Strict):
    attribute: str = Field(min_length=1)
    operator: Literal["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte"]
    values: list[str]


class PromotionUpdate(Strict):
    code: str | None = Field(None, min_length=1, max_length=100)
    is_automatic: Omittable[bool] = None
    status: Literal["draft", "active", "inactive"] | None = None
    campaign_id: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    method_type: Literal["percentage", "fixed"] | None = None
    target_type: Literal["items", "order", "shipping_methods"] | None = None
    allocation: Literal["each", "across"] | None = None
    value: Amount | None = None
    currency_code: CurrencyCode | None = None
    max_quantity: int | None = Field(None, gt=0)
    rules: Omittable[list[Rule]] = None
    target_rules: Omittable[list[Rule]] = None
    usage_limit: int | None = Field(None, ge=0)
    per_customer_limit: int | None = Field(None, ge=0)
    metadata: dict[str, Any] | None = None


class PromotionCreate(PromotionUpdate):
    code: str = Field(min_length=1, max_length=100)
    method_type: Literal["percentage", "fixed"]
    value: Amount


class CampaignUpdate(Strict):
    name: Omittable[str] = Field(None, min_length=1)
    campaign_identifier: Omittable[str] = Field(None, min_length=1)
    description: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    budget_type: Literal["spend", "usage"] | None = None
    budget_limit: Amount | None = None
    budget_currency_code: str | None = None


class CampaignCreate(CampaignUpdate):
    name: str = Field(min_length=1)
    campaign_identifier: str = Field(min_length=1)


PROMOTION = Shape(
    (
        "id", "code", "is_automatic", "type", "status", "campaign_id", "starts_at", "ends_at", "method_type",
        "target_type", "allocation", "value", "currency_code", "max_quantity", "rules", "target_rules",
        "usage_limit", "usage_count", "per_customer_limit", "metadata", *TIMES,
    ),
    model=Promotion,
)  # fmt: skip
CAMPAIGN = Shape(
    (
        "id", "name", "campaign_identifier", "description", "starts_at", "ends_at", "budget_type",
        "budget_limit", "budget_used", "budget_currency_code", *TIMES,
    ),
    model=Campaign,
)  # fmt: skip


def _promotion_values(tenant: Any, values: dict[str, Any]) -> dict[str, Any]:
    """A campaign named by id must be the tenant's; rules travel as plain dicts."""
    if "campaign_id" in values:
        campaign_id = values.pop("campaign_id")
        values["campaign"] = (
            fetch(Campaign.objects.filter(tenant=tenant), campaign_id, "Campaign") if campaign_id else None
        )
    return values


crud(
    router,
    Resource(
        path="/promotions", singular="promotion", plural="promotions", label="Promotion", shape=PROMOTION,
        scope=lambda tenant: Promotion.objects.filter(tenant=tenant),
        create_schema=PromotionCreate, update_schema=PromotionUpdate,
        create=lambda tenant, values: services.create_promotion(tenant, _promotion_values(tenant, values)),
        update=lambda promotion, values: services.update_promotion(
            promotion, _promotion_values(promotion.tenant, values)
        ),
        delete=services.delete_promotion,
        filters={"id": "id__in", "code": "code__in", "status": "status__in"},
        search=("code",), orderable=frozenset({"id", "code", "created_at", "updated_at"}),
    ),
)  # fmt: skip
crud(
    router,
    Resource(
        path="/campaigns", singular="campaign", plural="campaigns", label="Campaign", shape=CAMPAIGN,
        scope=lambda tenant: Campaign.objects.filter(tenant=tenant),
        create_schema=CampaignCreate, update_schema=CampaignUpdate,
        create=services.create_campaign, update=services.update_campaign, delete=services.delete_campaign,
        filters={"id": "id__in"}, search=("name", "campaign_identifier"),
    ),
)  # fmt: skip
