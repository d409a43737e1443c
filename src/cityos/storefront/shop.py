"""Which shop a request is for: its host names a tenant through content's tenant domains (seed 000,
example 3), and the tenant's store gives the publishable key and region for commerce's Store API."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from cityos.storefront import upstream


@dataclass(frozen=True)
class Shop:
    """One tenant's storefront as a page needs it: names, brand, and the keys to its catalog."""

    host: str
    tenant_id: int  # content's id: ``?tenant=`` on content's collections
    slug: str
    name: str
    publishable_key: str
    region_id: str
    theme: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    navigation: tuple[dict[str, str], ...] = ()

    @property
    def commerce_headers(self) -> dict[str, str]:
        return {"x-publishable-api-key": self.publishable_key}

    @property
    def site_name(self) -> str:
        return str(self.settings.get("site_name") or self.name)


def host_name(host: str) -> str:
    """``acme.localhost:9002`` → ``acme.localhost``: domains are stored without ports, lower-cased."""
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.strip().lower().rstrip(".")


async def shop_for(host: str) -> Shop | None:
    """The shop answering on ``host``, or None (an unknown host gets a plain 404). Content's answers
    are cached like any other read, so a shop still opens from its last copy while content is down."""
    name = host_name(host)
    tenants = await upstream.read("content", "/api/tenants", {"domain": name, "depth": 0})
    docs = (tenants or {}).get("docs") or []
    if not docs:
        return None
    tenant = docs[0]
    scoped = {"tenant": tenant["id"], "depth": 0}
    stores, settings, navigation = await asyncio.gather(
        upstream.read("content", "/api/stores", {**scoped, "limit": 1}),
        upstream.read("content", "/api/site-settings", {**scoped, "limit": 1}),
        upstream.read("content", "/api/navigations", {**scoped, "handle": "main", "limit": 1}),
    )
    store = next(iter((stores or {}).get("docs") or []), None)
    if store is None or not store.get("publishable_keys"):
        return None  # a tenant whose store commerce has not announced yet has no shop to show
    regions = store.get("region_ids") or []
    region = store.get("default_region_id") or (regions[0] if regions else "")
    if not region:  # a store without a region yet: the tenant's first, as Medusa's starter picks one
        region = await first_region(store["publishable_keys"][0])
    brand = {**(tenant.get("theme") or {}), **(store.get("branding") or {})}
    menu = next(iter((navigation or {}).get("docs") or []), {})
    return Shop(
        host=name,
        tenant_id=tenant["id"],
        slug=tenant["slug"],
        name=tenant["name"],
        publishable_key=store["publishable_keys"][0],
        region_id=region,
        theme=brand,
        settings=next(iter((settings or {}).get("docs") or []), {}),
        navigation=tuple(item for item in menu.get("items") or [] if isinstance(item, dict)),
    )


async def first_region(publishable_key: str) -> str:
    try:
        body = await upstream.read(
            "commerce", "/store/regions", {"limit": 1, "fields": "id"},
            headers={"x-publishable-api-key": publishable_key},
        )  # fmt: skip
    except (upstream.Unavailable, upstream.Refused):
        return ""
    found = (body or {}).get("regions") or []
    return str(found[0]["id"]) if found else ""
