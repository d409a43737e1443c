"""Every change to stock locations, inventory items and their levels goes through here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from cityos.commerce.catalog.models import ProductVariant
from cityos.commerce.errors import ErrorType, MedusaError, insufficient_inventory
from cityos.commerce.inventory.models import (
    InventoryItem,
    InventoryLevel,
    ReservationItem,
    StockLocation,
    VariantInventoryItem,
)
from cityos.commerce.records import create_record, delete_record, in_tenant, unique_or_422, update_record
from cityos.commerce.tenants.models import SalesChannel, Tenant
from cityos.platform.events.outbox import emit, emit_many
from cityos.platform.prepared import PreparedModels, PreparedRead, insert_rows, update_columns

LOCATION = "Stock location"


@transaction.atomic
def create_stock_location(
    *, tenant: Tenant, name: str, sales_channels: Sequence[SalesChannel] = (), **values: Any
) -> StockLocation:
    location = create_record(
        StockLocation, "stock_location", {"tenant": tenant, "name": name, **values}, label=LOCATION
    )
    location.sales_channels.set(sales_channels)
    return location


def update_stock_location(location: StockLocation, values: dict[str, Any]) -> StockLocation:
    return update_record(location, "stock_location", values, label=LOCATION)


def delete_stock_location(location: StockLocation) -> None:
    delete_record(location, "stock_location")


@transaction.atomic
def link_sales_channels(
    location: StockLocation, *, add: Sequence[str], remove: Sequence[str]
) -> StockLocation:
    """Which channels sell from a location: Medusa's ``POST /admin/stock-locations/:id/sales-channels``."""
    location.sales_channels.add(*in_tenant(SalesChannel, location.tenant, add, "Sales channel"))
    location.sales_channels.remove(*in_tenant(SalesChannel, location.tenant, remove, "Sales channel"))
    emit("stock_location.updated", entity_id=location.id, tenant_id=location.tenant_id)
    return location


def create_inventory_item(*, tenant: Tenant, **values: Any) -> InventoryItem:
    return create_record(
        InventoryItem, "inventory_item", {"tenant": tenant, **values}, label="Inventory item"
    )


def update_inventory_item(item: InventoryItem, values: dict[str, Any]) -> InventoryItem:
    return update_record(item, "inventory_item", values, label="Inventory item")


def delete_inventory_item(item: InventoryItem) -> None:
    delete_record(item, "inventory_item")


@transaction.atomic
def create_items_for(variants: Sequence[ProductVariant]) -> None:
    """As Medusa on variant creation: each new managed variant gets its own inventory item."""
    items = [InventoryItem(tenant_id=v.tenant_id, sku=v.sku, title=v.title) for v in variants]
    InventoryItem.objects.bulk_create(items)
    VariantInventoryItem.objects.bulk_create(
        VariantInventoryItem(variant=variant, inventory_item=item)
        for variant, item in zip(variants, items, strict=True)
    )
    emit_many("inventory_item.created", [(item.id, item.tenant_id) for item in items])


@transaction.atomic
def ensure_inventory_item(variant: ProductVariant) -> InventoryItem:
    """As Medusa on variant creation: a managed variant gets its own inventory item, once."""
    link = VariantInventoryItem.objects.filter(variant=variant).select_related("inventory_item").first()
    if link is not None:
        return link.inventory_item
    item = create_inventory_item(tenant=variant.tenant, sku=variant.sku, title=variant.title)
    VariantInventoryItem.objects.create(variant=variant, inventory_item=item)
    return item


@transaction.atomic
def delete_inventory_items_of(variants: Sequence[ProductVariant]) -> None:
    """Items made for these variants alone go with them; items shared with other variants stay."""
    items = InventoryItem.objects.filter(variant_links__variant__in=variants).distinct()
    for item in items:
        if not item.variant_links.exclude(variant__in=variants).exists():
            delete_inventory_item(item)


@transaction.atomic
def set_level(
    item: InventoryItem, location: StockLocation, *, stocked_quantity: int | None = None,
    incoming_quantity: int | None = None,
) -> InventoryLevel:  # fmt: skip
    """Create or change an item's level at a location; stock may not drop below what is reserved."""
    if location.tenant_id != item.tenant_id:
        raise MedusaError(ErrorType.NOT_FOUND, f"{LOCATION} with id: {location.id} was not found")
    level, created = InventoryLevel.objects.select_for_update().get_or_create(
        inventory_item=item, location=location
    )
    if stocked_quantity is not None:
        if stocked_quantity < level.reserved_quantity:
            raise MedusaError(
                ErrorType.NOT_ALLOWED,
                f"Cannot set stocked quantity below the reserved quantity ({level.reserved_quantity})",
            )
        level.stocked_quantity = stocked_quantity
    if incoming_quantity is not None:
        level.incoming_quantity = incoming_quantity
    level.save()
    emit(
        "inventory_level.created" if created else "inventory_level.updated",
        entity_id=level.id,
        tenant_id=item.tenant_id,
    )
    return level


@transaction.atomic
def batch_levels(
    *,
    tenant: Tenant,
    create: Sequence[dict[str, Any]],
    update: Sequence[dict[str, Any]],
    delete: Sequence[str],
) -> tuple[list[InventoryLevel], list[InventoryLevel], list[str]]:
    """Medusa's ``POST /admin/inventory-items/location-levels/batch``: new levels go in one insert."""
    rows = [*create, *update]
    items = {
        i.id: i
        for i in in_tenant(InventoryItem, tenant, [r["inventory_item_id"] for r in rows], "Inventory item")
    }
    locations = {
        loc.id: loc for loc in in_tenant(StockLocation, tenant, [r["location_id"] for r in rows], LOCATION)
    }
    new = [
        InventoryLevel(
            inventory_item=items[row["inventory_item_id"]], location=locations[row["location_id"]],
            stocked_quantity=row.get("stocked_quantity") or 0,
            incoming_quantity=row.get("incoming_quantity") or 0,
        )
        for row in create
    ]  # fmt: skip
    with unique_or_422("Inventory level for this item and location"):
        InventoryLevel.objects.bulk_create(new)
    emit_many("inventory_level.created", [(level.id, tenant.id) for level in new])
    changed = [
        set_level(
            items[row["inventory_item_id"]], locations[row["location_id"]],
            stocked_quantity=row.get("stocked_quantity"), incoming_quantity=row.get("incoming_quantity"),
        )
        for row in update
    ]  # fmt: skip
    for level in InventoryLevel.objects.filter(inventory_item__tenant=tenant, id__in=delete):
        delete_level(level)
    return new, changed, list(delete)


@transaction.atomic
def delete_level(level: InventoryLevel) -> None:
    if level.reserved_quantity:
        raise MedusaError(ErrorType.NOT_ALLOWED, f"Cannot remove level {level.id} with reserved quantity")
    tenant_id = level.inventory_item.tenant_id
    entity_id = level.id
    level.delete()
    emit("inventory_level.deleted", entity_id=entity_id, tenant_id=tenant_id)


@transaction.atomic
def stock_variant(*, variant: ProductVariant, location: StockLocation, quantity: int) -> InventoryLevel:
    """Stock a variant's own inventory item at a location (the demo's and tests' shortcut)."""
    return set_level(ensure_inventory_item(variant), location, stocked_quantity=quantity)


def _variant_needs(lines: Sequence[tuple[str, str, int]]) -> dict[str, list[tuple[str, str, int]]]:
    """Per inventory item, the (line id, variant id, units) that need it; unmanaged and backorder skip."""
    variant_ids = sorted({variant_id for _line, variant_id, _qty in lines})
    by_variant: dict[str, list[tuple[str, int]]] = {}
    for link in NEEDED_ITEMS(variant_ids):
        by_variant.setdefault(link.variant_id, []).append((link.item_id, link.required))
    needs: dict[str, list[tuple[str, str, int]]] = {}
    for line_id, variant_id, quantity in lines:
        for item_id, required in by_variant.get(variant_id, ()):
            needs.setdefault(item_id, []).append((line_id, variant_id, quantity * required))
    return needs


LOCKED_LEVELS = PreparedModels(
    lambda item_ids, channel_ids: (
        InventoryLevel.objects.select_for_update(of=("self",))
        .filter(
            inventory_item_id__in=item_ids,
            location_id__in=StockLocation.objects.filter(sales_channels__id__in=channel_ids).values("id"),
        )
        .order_by("pk")
    )
)
NEEDED_ITEMS = PreparedRead(
    lambda variant_ids: VariantInventoryItem.objects.filter(
        variant_id__in=variant_ids, variant__manage_inventory=True, variant__allow_backorder=False
    ),
    {"variant_id": "variant_id", "item_id": "inventory_item_id", "required": "required_quantity"},
)


def reserve(lines: Sequence[tuple[str, str, int]], sales_channel_id: str) -> list[ReservationItem]:
    """Hold stock for order lines ``(line id, variant id, quantity)`` at the channel's locations.

    The levels are locked in primary-key order, so concurrent checkouts queue instead of deadlocking
    and none can sell a unit another already holds; a shortfall raises before anything is written.
    """
    needs = _variant_needs(lines)
    if not needs:
        return []
    # Only the level rows are locked (OF self): a join would also lock the shared location rows, in
    # an order PostgreSQL does not promise, and concurrent checkouts could deadlock on them.
    levels = LOCKED_LEVELS(sorted(needs), [sales_channel_id])
    by_item: dict[str, list[InventoryLevel]] = {}
    for level in levels:
        by_item.setdefault(level.inventory_item_id, []).append(level)
    short: set[str] = set()
    reservations: list[ReservationItem] = []
    for item_id, wants in needs.items():
        item_levels = sorted(by_item.get(item_id, []), key=lambda lv: -lv.available_quantity)
        if sum(lv.available_quantity for lv in item_levels) < sum(units for *_rest, units in wants):
            short.update(variant_id for _line, variant_id, _units in wants)
            continue
        for line_id, _variant_id, units in wants:
            for level in item_levels:
                take = min(units, level.available_quantity)
                if take <= 0:
                    continue
                level.reserved_quantity += take
                units -= take
                reservations.append(
                    ReservationItem(
                        inventory_item_id=item_id,
                        location_id=level.location_id,
                        quantity=take,
                        line_item_id=line_id,
                    )
                )
                if units == 0:
                    break
    if short:
        raise insufficient_inventory(sorted(short))
    update_columns(levels, ["reserved_quantity"])
    insert_rows(reservations)
    return reservations


def _locked_levels(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], InventoryLevel]:
    item_ids = sorted({item for item, _location in pairs})
    levels = InventoryLevel.objects.select_for_update().filter(inventory_item_id__in=item_ids).order_by("pk")
    return {(lv.inventory_item_id, lv.location_id): lv for lv in levels}


def release(line_ids: Sequence[str]) -> None:
    """Give back what reservations of these lines hold (an order canceled before it shipped)."""
    held = list(ReservationItem.objects.filter(line_item_id__in=line_ids))
    levels = _locked_levels({(r.inventory_item_id, r.location_id) for r in held})
    for reservation in held:
        levels[
            (reservation.inventory_item_id, reservation.location_id)
        ].reserved_quantity -= reservation.quantity
    InventoryLevel.objects.bulk_update(levels.values(), ["reserved_quantity"])
    ReservationItem.objects.filter(id__in=[r.id for r in held]).delete()


def consume(line_quantities: dict[str, int]) -> str | None:
    """Fulfilled units leave the shelf: stock and reservation both drop. Returns the location used."""
    held = list(ReservationItem.objects.filter(line_item_id__in=line_quantities).order_by("pk"))
    levels = _locked_levels({(r.inventory_item_id, r.location_id) for r in held})
    left = dict(line_quantities)
    location = None
    for reservation in held:
        take = min(reservation.quantity, left.get(reservation.line_item_id or "", 0))
        if take <= 0:
            continue
        level = levels[(reservation.inventory_item_id, reservation.location_id)]
        level.reserved_quantity -= take
        level.stocked_quantity -= take
        reservation.quantity -= take
        left[reservation.line_item_id or ""] -= take
        location = reservation.location_id
    InventoryLevel.objects.bulk_update(levels.values(), ["reserved_quantity", "stocked_quantity"])
    for reservation in held:
        if reservation.quantity == 0:
            reservation.delete()
        else:
            reservation.save(update_fields=["quantity"])
    return location


def restock(variant_quantities: dict[str, int], location: StockLocation) -> None:
    """Returned units go back on the shelf of ``location``."""
    needs = _variant_needs([(variant_id, variant_id, qty) for variant_id, qty in variant_quantities.items()])
    for item_id, wants in needs.items():
        level, _ = InventoryLevel.objects.select_for_update().get_or_create(
            inventory_item_id=item_id, location=location
        )
        level.stocked_quantity += sum(units for *_rest, units in wants)
        level.save(update_fields=["stocked_quantity", "updated_at"])
