"""What the shop's pages read: products from commerce's Store API, documents from content's REST API.

Each function is one upstream call, named for what the page needs; a page gathers several at once.
Prices come with the shop's region, so every amount is the one checkout will charge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.utils.dateparse import parse_datetime

from cityos.storefront import upstream
from cityos.storefront.shop import Shop

PER_PAGE = 12
LIST_FIELDS = "*variants.calculated_price,+variants.inventory_quantity"
PRODUCT_FIELDS = f"{LIST_FIELDS},*variants.prices,*cms_product"
SORTS = {  # the storefront's sort names, as Medusa's ``order``
    "newest": "-created_at",
    "oldest": "created_at",
    "name": "title",
    "name-desc": "-title",
}


@dataclass(frozen=True)
class Listing:
    products: list[dict[str, Any]]
    count: int
    page: int
    pages: int


async def products(
    shop: Shop,
    *,
    page: int = 1,
    sort: str = "newest",
    q: str = "",
    category_id: str = "",
    handles: list[str] | None = None,
    per_page: int = PER_PAGE,
) -> Listing:
    params: dict[str, Any] = {
        "limit": per_page,
        "offset": (page - 1) * per_page,
        "region_id": shop.region_id,
        "fields": LIST_FIELDS,
        "order": SORTS.get(sort, SORTS["newest"]),
    }
    if q:
        params["q"] = q
    if category_id:
        params["category_id"] = category_id
    if handles:
        params["handle"] = ",".join(handles)
    body = await upstream.read("commerce", "/store/products", params, headers=shop.commerce_headers)
    body = body or {}
    count = int(body.get("count") or 0)
    return Listing(body.get("products") or [], count, page, max(math.ceil(count / per_page), 1))


async def product(shop: Shop, handle: str) -> dict[str, Any] | None:
    """One product by handle with its prices, stock and content's published fields (``*cms_product``):
    commerce holds content's fields too, so the page needs this one call."""
    params = {"handle": handle, "region_id": shop.region_id, "fields": PRODUCT_FIELDS, "limit": 1}
    body = await upstream.read("commerce", "/store/products", params, headers=shop.commerce_headers)
    found = (body or {}).get("products") or []
    return found[0] if found else None


async def category(shop: Shop, handle: str) -> dict[str, Any] | None:
    params = {"handle": handle, "limit": 1}
    body = await upstream.read("commerce", "/store/product-categories", params, headers=shop.commerce_headers)
    found = (body or {}).get("product_categories") or []
    return found[0] if found else None


async def categories(shop: Shop) -> list[dict[str, Any]]:
    params = {"parent_category_id": "null", "limit": 50, "fields": "id,name,handle"}
    body = await upstream.read("commerce", "/store/product-categories", params, headers=shop.commerce_headers)
    return list((body or {}).get("product_categories") or [])


async def region(shop: Shop) -> dict[str, Any] | None:
    body = await upstream.read("commerce", f"/store/regions/{shop.region_id}", headers=shop.commerce_headers)
    return (body or {}).get("region")


async def documents(shop: Shop, collection: str, **filters: Any) -> list[dict[str, Any]]:
    """Published documents of one of the shop's content collections (``slug=…``, ``limit=…``)."""
    params = {"tenant": shop.tenant_id, "depth": 1, "limit": 10, **filters}
    body = await upstream.read("content", f"/api/{collection}", params)
    return [with_media_urls(doc) for doc in (body or {}).get("docs") or []]


MEDIA_URL_KEYS = frozenset({"url", "thumbnailURL"})


def with_media_urls(node: Any) -> Any:
    """Content answers media URLs from its own root (``/media/…``): the shop's pages need them whole."""
    if isinstance(node, list):
        return [with_media_urls(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: (
            upstream.base_url("content") + value
            if key in MEDIA_URL_KEYS and isinstance(value, str) and value.startswith("/")
            else with_media_urls(value)
        )
        for key, value in node.items()
    }


async def document(shop: Shop, collection: str, slug: str) -> dict[str, Any] | None:
    found = await documents(shop, collection, slug=slug, limit=1)
    return found[0] if found else None


def current(announcements: list[dict[str, Any]], now: datetime | None = None) -> list[dict[str, Any]]:
    """Announcements inside their time window (an open end is no limit)."""
    now = now or datetime.now(UTC)

    def moment(raw: Any) -> datetime | None:
        return parse_datetime(raw) if isinstance(raw, str) and raw else None

    shown = []
    for item in announcements:
        starts, ends = moment(item.get("startsAt")), moment(item.get("endsAt"))
        if (starts is None or starts <= now) and (ends is None or now < ends):
            shown.append(item)
    return shown
