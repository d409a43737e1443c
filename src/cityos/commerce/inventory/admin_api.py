"""Admin API for stock: stock locations, inventory items and their levels per location."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from pydantic import Field

from cityos.commerce.admin_routes import (
    Omittable,
    Resource,
    Strict,
    acting,
    admin_router,
    changes,
    crud,
    deleted,
)
from cityos.commerce.errors import ErrorType, MedusaError
from cityos.commerce.inventory import services
from cityos.commerce.inventory.models import InventoryItem, InventoryLevel, StockLocation
from cityos.commerce.params import refuse_unknown
from cityos.commerce.selection import Selection
from cityos.commerce.shapes import TIMES, Many, Shape, render
from cityos.commerce.tenants.shapes import SALES_CHANNEL
from cityos.platform.wire_schema import INTEGER

router = admin_router("Admin inventory")
Metadata = dict[str, Any] | None

STOCK_LOCATION = Shape(
    ("id", "name", "address", "metadata", *TIMES),
    {"sales_channels": (Many("sales_channels"), SALES_CHANNEL)},
    model=StockLocation,
)
LEVEL = Shape(
    ("id", "inventory_item_id", "location_id", "stocked_quantity", "reserved_quantity", "incoming_quantity",
     *TIMES),
    derived={"available_quantity": lambda level: level.available_quantity},
    model=InventoryLevel,
    types={"available_quantity": INTEGER},
)  # fmt: skip
INVENTORY_ITEM = Shape(
    ("id", "sku", "title", "requires_shipping", "metadata", *TIMES),
    {"location_levels": (Many("levels"), LEVEL)},
    derived={
        "stocked_quantity": lambda item: sum(level.stocked_quantity for level in item.levels.all()),
        "reserved_quantity": lambda item: sum(level.reserved_quantity for level in item.levels.all()),
    },
    model=InventoryItem,
    types=dict.fromkeys(("stocked_quantity", "reserved_quantity"), INTEGER),
)


class StockLocationCreate(Strict):
    name: str = Field(min_length=1)
    address: dict[str, Any] | None = None
    metadata: Metadata = None


class StockLocationUpdate(Strict):
    name: Omittable[str] = Field(None, min_length=1)
    address: dict[str, Any] | None = None
    metadata: Metadata = None


class InventoryItemCreate(Strict):
    sku: str | None = None
    title: str = ""
    requires_shipping: bool = True
    metadata: Metadata = None


class InventoryItemUpdate(Strict):
    sku: str | None = None
    title: str | None = None
    requires_shipping: Omittable[bool] = None
    metadata: Metadata = None


class LevelCreate(Strict):
    location_id: str
    stocked_quantity: int = Field(0, ge=0)
    incoming_quantity: int = Field(0, ge=0)


class LevelUpdate(Strict):
    stocked_quantity: int | None = Field(None, ge=0)
    incoming_quantity: int | None = Field(None, ge=0)


class LevelRow(Strict):
    inventory_item_id: str
    location_id: str
    stocked_quantity: int | None = Field(None, ge=0)
    incoming_quantity: int | None = Field(None, ge=0)


class LevelBatch(Strict):
    create: list[LevelRow] = []
    update: list[LevelRow] = []
    delete: list[str] = []


class LinkChannels(Strict):
    add: list[str] = []
    remove: list[str] = []


LOCATIONS = Resource(
    path="/stock-locations", singular="stock_location", plural="stock_locations", label="Stock location",
    shape=STOCK_LOCATION,
    scope=lambda tenant: StockLocation.objects.filter(tenant=tenant).prefetch_related("sales_channels"),
    create_schema=StockLocationCreate, update_schema=StockLocationUpdate,
    create=lambda tenant, values: services.create_stock_location(tenant=tenant, **values),
    update=services.update_stock_location, delete=services.delete_stock_location,
    filters={"id": "id__in", "name": "name__in"}, search=("name",),
)  # fmt: skip
ITEMS = Resource(
    path="/inventory-items", singular="inventory_item", plural="inventory_items", label="Inventory item",
    shape=INVENTORY_ITEM,
    scope=lambda tenant: InventoryItem.objects.filter(tenant=tenant).prefetch_related("levels"),
    create_schema=InventoryItemCreate, update_schema=InventoryItemUpdate,
    create=lambda tenant, values: services.create_inventory_item(tenant=tenant, **values),
    update=services.update_inventory_item, delete=services.delete_inventory_item,
    filters={"id": "id__in", "sku": "sku__in"}, search=("sku", "title"),
)  # fmt: skip


@router.post(
    "/inventory-items/location-levels/batch",
    summary="Create, update and delete levels at once",
    response=dict,
)
def batch_levels(request: HttpRequest, body: LevelBatch) -> dict[str, Any]:
    created, updated, removed = services.batch_levels(
        tenant=acting(request).tenant,
        create=[changes(row) for row in body.create],
        update=[changes(row) for row in body.update],
        delete=body.delete,
    )
    every = Selection(star=True)
    return {
        "created": [render(level, every, LEVEL) for level in created],
        "updated": [render(level, every, LEVEL) for level in updated],
        "deleted": removed,
    }


crud(router, LOCATIONS)
crud(router, ITEMS)


@router.post(
    "/stock-locations/{id}/sales-channels", summary="Link sales channels to a location", response=dict
)
def link_location_channels(request: HttpRequest, id: str, body: LinkChannels) -> dict[str, Any]:
    location = services.link_sales_channels(LOCATIONS.get(request, id), add=body.add, remove=body.remove)
    return LOCATIONS.one(request, location)


@router.get("/inventory-items/{id}/location-levels", summary="List an item's levels", response=dict)
def list_levels(request: HttpRequest, id: str) -> dict[str, Any]:
    refuse_unknown(request, paged=False)
    levels = list(ITEMS.get(request, id).levels.order_by("created_at", "id"))
    every = Selection(star=True)
    totals = {"count": len(levels), "offset": 0, "limit": len(levels)}
    return {"inventory_levels": [render(level, every, LEVEL) for level in levels], **totals}


def level_at(item: InventoryItem, location_id: str) -> InventoryLevel:
    level = item.levels.filter(location_id=location_id).first()
    if level is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Item {item.id} is not stocked at location {location_id}")
    return level


@router.post("/inventory-items/{id}/location-levels", summary="Stock an item at a location", response=dict)
def create_level(request: HttpRequest, id: str, body: LevelCreate) -> dict[str, Any]:
    item = ITEMS.get(request, id)
    location = LOCATIONS.get(request, body.location_id)
    if item.levels.filter(location=location).exists():
        raise MedusaError(
            ErrorType.DUPLICATE_ERROR, f"Item {item.id} is already stocked at location {location.id}"
        )
    services.set_level(
        item, location, stocked_quantity=body.stocked_quantity, incoming_quantity=body.incoming_quantity
    )
    return ITEMS.one(request, item)


@router.post(
    "/inventory-items/{id}/location-levels/{location_id}", summary="Change an item's level", response=dict
)
def update_level(request: HttpRequest, id: str, location_id: str, body: LevelUpdate) -> dict[str, Any]:
    item = ITEMS.get(request, id)
    level = level_at(item, location_id)
    services.set_level(
        item, level.location, stocked_quantity=body.stocked_quantity, incoming_quantity=body.incoming_quantity
    )
    return ITEMS.one(request, item)


@router.delete(
    "/inventory-items/{id}/location-levels/{location_id}", summary="Stop stocking an item at a location",
    response=dict,
)  # fmt: skip
def delete_level(request: HttpRequest, id: str, location_id: str) -> dict[str, Any]:
    item = ITEMS.get(request, id)
    level = level_at(item, location_id)
    services.delete_level(level)
    return deleted(level.id, "inventory-level", parent=ITEMS.one(request, item)["inventory_item"])
