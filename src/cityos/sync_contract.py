"""The sync contract between commerce and content: one table per direction (design §4, §5).

Each crossing names an event the sender emits, the keys its payload carries (what the receiver reads),
where the sender builds that payload and which handler applies it on the other side. ``cityos run``
subscribes each receiver to exactly these names, and each service's suite holds its own side to this
table (``tests/*/test_sync_contract.py``): its handlers, its builders and what its writers emit.
No service imports this module; builders and handlers are named by dotted path, and only the tests
resolve them, each under its own service's settings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Crossing:
    event: str
    carries: tuple[str, ...]
    builder: str  # module:function of the sender that builds the payload
    handler: str  # module:function of the receiver that applies it


PRODUCT = ("id", "tenant", "handle", "title", "subtitle", "status", "categories", "options", "variants")
CATEGORY = ("id", "tenant", "handle", "name", "parent_id", "rank", "is_active", "is_internal")
STORE = ("id", "tenant", "name", "handle", "sales_channel_id", "publishable_keys", "region_ids",
         "default_region_id")  # fmt: skip
TENANT = ("id", "tenant", "slug", "name", "status", "default_currency_code")
GONE = ("id", "tenant")

# Commerce's records content mirrors: event prefix → what a created/updated event carries, and its builder.
MIRRORED = {
    "product": (PRODUCT, "cityos.commerce.catalog.snapshots:product_snapshot"),
    "product_category": (CATEGORY, "cityos.commerce.mirrors:category_snapshot"),
    "store": (STORE, "cityos.commerce.mirrors:store_snapshot"),
    "tenant": (TENANT, "cityos.commerce.mirrors:tenant_snapshot"),
}
APPLY_MIRROR = "cityos.content.sync:apply_mirror"
DELETION = "cityos.commerce.mirrors:deletion_of"
DELETED = ("product", "product_category", "store")  # a tenant is suspended, never deleted, in commerce
EDITORIAL = ("id", "medusa_id", "tenant", "editorial")
WITHDRAWN = ("id", "medusa_id", "tenant")
ANNOUNCE = "cityos.content.announcements:announce"
APPLY_EDITORIAL = "cityos.commerce.sync:apply_editorial"

COMMERCE_TO_CONTENT: tuple[Crossing, ...] = (
    *(
        Crossing(f"{entity}.{action}", carries, builder, APPLY_MIRROR)
        for entity, (carries, builder) in MIRRORED.items()
        for action in ("created", "updated")
    ),
    *(Crossing(f"{entity}.deleted", GONE, DELETION, APPLY_MIRROR) for entity in DELETED),
    Crossing("product.batch", ("tenant", "products"), "cityos.commerce.resync:resend_products",
             "cityos.content.sync:apply_product_batch"),
    Crossing("order_summary.daily", ("tenant", "date", "orders_count", "revenue", "currency_code"),
             "cityos.commerce.orders.summaries:send_day", "cityos.content.sync:apply_order_summary"),
    Crossing("sync.requested", ("tenant", "entity", "ids"), "cityos.commerce.resync:request_from_content",
             "cityos.content.sync:apply_sync_request"),
)  # fmt: skip

CONTENT_TO_COMMERCE: tuple[Crossing, ...] = (
    *(
        Crossing(f"{entity}.{action}", carries, ANNOUNCE, APPLY_EDITORIAL)
        for entity in ("product", "category")
        for action, carries in (("published", EDITORIAL), ("unpublished", WITHDRAWN))
    ),
    *(Crossing(f"{entity}.updated", EDITORIAL, ANNOUNCE, APPLY_EDITORIAL) for entity in ("tenant", "store")),
    Crossing("editorial.batch", ("tenant", "entries"), "cityos.content.sync:resend_editorial",
             "cityos.commerce.sync:apply_editorial_batch"),
)  # fmt: skip

SENT_BY = {"commerce": COMMERCE_TO_CONTENT, "content": CONTENT_TO_COMMERCE}


def subscriptions(sender: str) -> list[str]:
    """The events ``sender``'s peer subscribes to: exactly the contract's, never ``<entity>.synced``
    (an applied change from the peer), which must not echo back."""
    return [crossing.event for crossing in SENT_BY[sender]]
