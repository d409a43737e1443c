"""Admin API for price lists: Medusa's ``/admin/price-lists`` routes and their price batch."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from pydantic import Field

from cityos.commerce.admin_routes import (
    Amount,
    CurrencyCode,
    Omittable,
    Resource,
    Strict,
    admin_router,
    changes,
    crud,
)
from cityos.commerce.catalog.shapes import PRICE
from cityos.commerce.pricing import services
from cityos.commerce.pricing.models import Price, PriceList
from cityos.commerce.selection import Selection
from cityos.commerce.shapes import TIMES, Many, Shape, render
from cityos.platform.wire_schema import STRING, array, record

router = admin_router("Admin price lists")

LIST_PRICE = Shape(
    PRICE.scalars,
    derived={**PRICE.derived, "variant_id": lambda price: price.price_set.variant_id},
    model=Price,
    types={**PRICE.types, "variant_id": STRING},
)
PRICE_LIST = Shape(
    ("id", "title", "description", "type", "status", "starts_at", "ends_at", *TIMES),
    {"prices": (Many("prices"), LIST_PRICE)},
    derived={"rules": lambda price_list: {"customer_group_id": price_list.customer_group_ids}},
    model=PriceList,
    types={"rules": record(customer_group_id=array(STRING))},
)


class ListPriceIn(Strict):
    variant_id: str
    currency_code: CurrencyCode
    amount: Amount
    min_quantity: int | None = Field(None, ge=0)
    max_quantity: int | None = Field(None, ge=0)
    rules: Omittable[dict[str, str]] = None


class ListPriceUpdate(ListPriceIn):
    id: str


class ListRules(Strict):
    customer_group_id: list[str] = []


class PriceListCreate(Strict):
    title: str = Field(min_length=1)
    description: str = ""
    type: Literal["sale", "override"] = "sale"
    status: Literal["draft", "active"] = "draft"
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    rules: ListRules | None = None
    prices: list[ListPriceIn] = []


class PriceListUpdate(Strict):
    title: Omittable[str] = Field(None, min_length=1)
    description: str | None = None
    type: Literal["sale", "override"] | None = None
    status: Literal["draft", "active"] | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    rules: ListRules | None = None


class PriceBatch(Strict):
    create: list[ListPriceIn] = []
    update: list[ListPriceUpdate] = []
    delete: list[str] = []


PRICE_LISTS = Resource(
    path="/price-lists", singular="price_list", plural="price_lists", label="Price list", shape=PRICE_LIST,
    scope=lambda tenant: PriceList.objects.filter(tenant=tenant).prefetch_related("prices__price_set"),
    create_schema=PriceListCreate, update_schema=PriceListUpdate,
    create=lambda tenant, values: services.create_price_list(tenant=tenant, **values),
    update=services.update_price_list, delete=services.delete_price_list,
    defaults=("*", "*prices"), filters={"id": "id__in", "status": "status__in", "type": "type__in"},
    search=("title", "description"), orderable=frozenset({"id", "title", "created_at", "updated_at"}),
)  # fmt: skip
crud(router, PRICE_LISTS)


@router.post(
    "/price-lists/{id}/prices/batch", summary="Create, update and delete a list's prices", response=dict
)
def batch_prices(request: HttpRequest, id: str, body: PriceBatch) -> dict[str, Any]:
    created, updated, removed = services.batch_list_prices(
        PRICE_LISTS.get(request, id),
        create=[changes(item) for item in body.create],
        update=[changes(item) for item in body.update],
        delete=body.delete,
    )
    every = Selection(star=True)
    return {
        "created": [render(price, every, LIST_PRICE) for price in created],
        "updated": [render(price, every, LIST_PRICE) for price in updated],
        "deleted": {"ids": removed, "object": "price", "deleted": True},
    }
