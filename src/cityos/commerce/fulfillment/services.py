"""Every change to shipping profiles, fulfillment sets, service zones and options goes through here."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from cityos.commerce.errors import invalid
from cityos.commerce.fulfillment.models import (
    FulfillmentSet,
    ServiceZone,
    ShippingOption,
    ShippingOptionPrice,
    ShippingProfile,
)
from cityos.commerce.inventory.models import StockLocation
from cityos.commerce.records import create_record, delete_record, update_record
from cityos.commerce.tenants.models import Tenant
from cityos.platform.events.outbox import emit


def default_profile(tenant: Tenant) -> ShippingProfile:
    """Every tenant ships with a default profile, created on first use (as Medusa's seed makes one)."""
    profile = ShippingProfile.objects.filter(tenant=tenant, type="default").first()
    return profile or create_profile(tenant, {"name": "Default", "type": "default"})


@transaction.atomic
def create_service_zone(
    *, location: StockLocation, name: str, countries: Sequence[str], set_name: str = "Shipping"
) -> ServiceZone:
    """A zone of countries served from a location, inside the location's shipping fulfillment set."""
    fulfillment_set = FulfillmentSet.objects.filter(location=location, type="shipping").first()
    if fulfillment_set is None:
        fulfillment_set = FulfillmentSet.objects.create(
            tenant=location.tenant, name=set_name, location=location
        )
    zone = ServiceZone.objects.create(
        fulfillment_set=fulfillment_set, name=name, countries=[c.lower() for c in countries]
    )
    emit("fulfillment_set.updated", entity_id=fulfillment_set.id, tenant_id=location.tenant_id)
    return zone


def _set_prices(option: ShippingOption, prices: Sequence[dict[str, Any]]) -> None:
    option.prices.all().delete()
    rows = []
    for price in prices:
        amount = Decimal(str(price["amount"]))
        if amount < 0:
            raise invalid("Invalid request: a shipping price cannot be negative")
        rows.append(
            ShippingOptionPrice(
                shipping_option=option,
                currency_code=price["currency_code"].lower(),
                amount=amount,
                region_id=price.get("region_id"),
                min_item_total=price.get("min_item_total"),
                max_item_total=price.get("max_item_total"),
            )
        )
    ShippingOptionPrice.objects.bulk_create(rows)


@transaction.atomic
def create_shipping_option(
    *, tenant: Tenant, service_zone: ServiceZone, name: str, prices: Sequence[dict[str, Any]], **values: Any
) -> ShippingOption:
    values.setdefault("shipping_profile", default_profile(tenant))
    if any(p.get("min_item_total") is not None or p.get("max_item_total") is not None for p in prices):
        values.setdefault("price_type", ShippingOption.PriceType.TIERED)
    option = create_record(
        ShippingOption, "shipping_option",
        {"tenant": tenant, "service_zone": service_zone, "name": name, **values}, label="Shipping option",
    )  # fmt: skip
    _set_prices(option, prices)
    return option


@transaction.atomic
def update_shipping_option(option: ShippingOption, values: dict[str, Any]) -> ShippingOption:
    values = dict(values)
    if "prices" in values:
        _set_prices(option, values.pop("prices") or [])
    return update_record(option, "shipping_option", values, label="Shipping option")


def delete_shipping_option(option: ShippingOption) -> None:
    delete_record(option, "shipping_option")


def create_profile(tenant: Tenant, values: dict[str, Any]) -> ShippingProfile:
    return create_record(
        ShippingProfile, "shipping_profile", {"tenant": tenant, **values}, label="Shipping profile"
    )


def update_profile(profile: ShippingProfile, values: dict[str, Any]) -> ShippingProfile:
    return update_record(profile, "shipping_profile", values, label="Shipping profile")


def delete_profile(profile: ShippingProfile) -> None:
    delete_record(profile, "shipping_profile")
