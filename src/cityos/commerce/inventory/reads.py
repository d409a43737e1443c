"""What can be sold: available units per variant at the stock locations of some sales channels."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from cityos.commerce.inventory.models import InventoryLevel, StockLocation, VariantInventoryItem
from cityos.platform.prepared import PreparedRead


def _available(variant_ids: Sequence[str], channel_ids: Sequence[str]) -> QuerySet[VariantInventoryItem]:
    """Each of the variants' inventory links with the item's stocked minus reserved units at the
    channels' locations; a location linked to two of the channels counts once (a subquery, not a join)."""
    levels = (
        InventoryLevel.objects.filter(
            inventory_item_id=OuterRef("inventory_item_id"),
            location_id__in=StockLocation.objects.filter(sales_channels__id__in=channel_ids).values("id"),
        )
        .values("inventory_item_id")
        .annotate(units=Sum(F("stocked_quantity") - F("reserved_quantity")))
        .values("units")
    )
    return VariantInventoryItem.objects.filter(variant_id__in=variant_ids).annotate(
        available=Coalesce(Subquery(levels), 0)
    )


AVAILABLE = PreparedRead(
    _available,
    {"variant_id": "variant_id", "required_quantity": "required_quantity", "available": "available"},
)


def available_by_variant(variant_ids: Sequence[str], sales_channel_ids: Sequence[str]) -> dict[str, int]:
    """Units sellable per variant: stocked - reserved at the channels' locations, over required quantity."""
    per_variant: dict[str, int] = {}
    for link in AVAILABLE(variant_ids, sales_channel_ids):
        units = link.available // link.required_quantity
        per_variant[link.variant_id] = min(per_variant.get(link.variant_id, units), units)
    return per_variant
