"""Admin API for regions: Medusa's ``/admin/regions`` routes."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from cityos.commerce.admin_routes import CurrencyCode, Omittable, Resource, Strict, admin_router, crud
from cityos.commerce.regions import services
from cityos.commerce.regions.models import Region
from cityos.commerce.regions.store import REGION

router = admin_router("Admin regions")


class RegionCreate(Strict):
    name: str = Field(min_length=1)
    currency_code: CurrencyCode
    countries: list[str] = []
    automatic_taxes: bool = True
    is_tax_inclusive: bool = False
    metadata: dict[str, Any] | None = None


class RegionUpdate(Strict):
    name: Omittable[str] = Field(None, min_length=1)
    currency_code: Omittable[CurrencyCode] = None
    countries: Omittable[list[str]] = None
    automatic_taxes: Omittable[bool] = None
    is_tax_inclusive: Omittable[bool] = None
    metadata: dict[str, Any] | None = None


crud(
    router,
    Resource(
        path="/regions", singular="region", plural="regions", label="Region", shape=REGION,
        scope=lambda tenant: Region.objects.filter(tenant=tenant).prefetch_related("countries"),
        create_schema=RegionCreate, update_schema=RegionUpdate,
        create=lambda tenant, values: services.create_region(tenant=tenant, **values),
        update=services.update_region, delete=services.delete_region,
        defaults=("*", "*countries"), filters={"id": "id__in", "currency_code": "currency_code__in"},
        search=("name",), orderable=frozenset({"id", "name", "created_at", "updated_at"}),
    ),
)  # fmt: skip
