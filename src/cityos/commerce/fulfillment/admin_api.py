"""Admin API for shipping: profiles, service zones of a location, and shipping options with prices."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from pydantic import Field

from cityos.commerce.admin_routes import (
    Amount,
    Omittable,
    Resource,
    Strict,
    acting,
    admin_router,
    crud,
    fetch,
)
from cityos.commerce.fulfillment import services
from cityos.commerce.fulfillment.models import (
    ServiceZone,
    ShippingOption,
    ShippingOptionPrice,
    ShippingProfile,
)
from cityos.commerce.inventory.models import StockLocation
from cityos.commerce.shapes import TIMES, Many, Shape

router = admin_router("Admin shipping")


class PriceIn(Strict):
    currency_code: str = Field(min_length=3, max_length=3)
    amount: Amount
    region_id: str | None = None
    min_item_total: Amount | None = None
    max_item_total: Amount | None = None


class OptionUpdate(Strict):
    name: Omittable[str] = Field(None, min_length=1)
    price_type: Literal["flat", "tiered"] | None = None
    provider_id: str | None = None
    type_label: str | None = None
    type_code: str | None = None
    type_description: str | None = None
    enabled_in_store: Omittable[bool] = None
    prices: Omittable[list[PriceIn]] = None
    data: dict[str, Any] | None = None
    metadata: dict[str, Any] | None = None


class OptionCreate(OptionUpdate):
    name: str = Field(min_length=1)
    service_zone_id: str
    shipping_profile_id: str | None = None
    prices: list[PriceIn] = Field(min_length=1)


class ZoneIn(Strict):
    name: str = Field(min_length=1)
    countries: list[str] = Field(min_length=1)


class ProfileIn(Strict):
    name: str = Field(min_length=1)
    type: str = "default"
    metadata: dict[str, Any] | None = None


PRICE = Shape(
    ("id", "currency_code", "amount", "region_id", "min_item_total", "max_item_total"),
    model=ShippingOptionPrice,
)
OPTION = Shape(
    (
        "id", "name", "price_type", "service_zone_id", "shipping_profile_id", "provider_id", "type_label",
        "type_code", "type_description", "enabled_in_store", "is_return", "data", "metadata", *TIMES,
    ),
    {"prices": (Many("prices"), PRICE)},
    model=ShippingOption,
)  # fmt: skip
PROFILE = Shape(("id", "name", "type", "metadata", *TIMES), model=ShippingProfile)


def _create_option(tenant: Any, values: dict[str, Any]) -> ShippingOption:
    zone = fetch(
        ServiceZone.objects.filter(fulfillment_set__tenant=tenant),
        values.pop("service_zone_id"),
        "Service zone",
    )
    if profile_id := values.pop("shipping_profile_id", None):
        values["shipping_profile"] = fetch(
            ShippingProfile.objects.filter(tenant=tenant), profile_id, "Shipping profile"
        )
    return services.create_shipping_option(
        tenant=tenant, service_zone=zone, name=values.pop("name"), prices=values.pop("prices"), **values
    )


crud(
    router,
    Resource(
        path="/shipping-options", singular="shipping_option", plural="shipping_options",
        label="Shipping option", shape=OPTION,
        scope=lambda tenant: ShippingOption.objects.filter(tenant=tenant).prefetch_related("prices"),
        create_schema=OptionCreate, update_schema=OptionUpdate, create=_create_option,
        update=services.update_shipping_option, delete=services.delete_shipping_option,
        defaults=("*", "*prices"), filters={"id": "id__in", "service_zone_id": "service_zone_id__in"},
        search=("name",),
    ),
)  # fmt: skip
crud(
    router,
    Resource(
        path="/shipping-profiles", singular="shipping_profile", plural="shipping_profiles",
        label="Shipping profile", shape=PROFILE,
        scope=lambda tenant: ShippingProfile.objects.filter(tenant=tenant),
        create_schema=ProfileIn, update_schema=ProfileIn,
        create=services.create_profile, update=services.update_profile, delete=services.delete_profile,
    ),
)  # fmt: skip


@router.post("/stock-locations/{id}/service-zones", summary="Add a service zone to a location", response=dict)
def add_service_zone(request: HttpRequest, id: str, body: ZoneIn) -> dict[str, Any]:
    location = fetch(StockLocation.objects.filter(tenant=acting(request).tenant), id, "Stock location")
    zone = services.create_service_zone(location=location, name=body.name, countries=body.countries)
    return {
        "service_zone": {
            "id": zone.id,
            "name": zone.name,
            "fulfillment_set_id": zone.fulfillment_set_id,
            "geo_zones": [{"type": "country", "country_code": code} for code in zone.countries],
        }
    }
