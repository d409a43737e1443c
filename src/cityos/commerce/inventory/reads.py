"""What can be sold: available units per variant at the stock locations of some sales channels."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from cityos.commerce.inventory.models import InventoryLevel, StockLocation, VariantInventoryItem
from cityos.platform.prepared import PreparedRead

LINKS = PreparedRead(
    lambda variant_ids: VariantInventoryItem.objects.filter(variant_id__in=variant_ids),
    {
        "variant_id": "variant_id",
        "inventory_item_id": "inventory_item_id",
        "required_quantity": "required_quantity",
    },
)
# A subquery, not a join: a location linked to two of the channels must count once.
LEVELS = PreparedRead(
    lambda item_ids, channel_ids: InventoryLevel.objects.filter(
        inventory_item_id__in=item_ids,
        location_id__in=StockLocation.objects.filter(sales_channels__id__in=channel_ids).values("id"),
    ),
    {"item_id": "inventory_item_id", "stocked": "stocked_quantity", "reserved": "reserved_quantity"},
)


def available_by_variant(variant_ids: Sequence[str], sales_channel_ids: Sequence[str]) -> dict[str, int]:
    """Units sellable per variant: stocked - reserved at the channels' locations, over required quantity."""
    links = LINKS(variant_ids)
    item_ids = sorted({link.inventory_item_id for link in links})
    available: dict[str, int] = defaultdict(int)
    for level in LEVELS(item_ids, sales_channel_ids):
        available[level.item_id] += level.stocked - level.reserved
    per_variant: dict[str, int] = {}
    for link in links:
        units = available.get(link.inventory_item_id, 0) // link.required_quantity
        per_variant[link.variant_id] = min(per_variant.get(link.variant_id, units), units)
    return per_variant
