"""Upstream answers as the templates show them: products with the chosen variant's price and stock,
content's layout blocks with the products they name, and the brand as CSS variables.

Merging follows design §4: commerce's fields win for what commerce owns (price, stock, variants),
content's for the rest (the published description, images, SEO).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.html import strip_tags

from cityos.storefront import catalog, upstream
from cityos.storefront.shop import Shop

SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥", "cad": "CA$", "aud": "A$"}
COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\))$")
FONT = re.compile(r"^[\w\s,'\"-]{1,100}$")
THEME_VARIABLES = {"primary": "--brand", "accent": "--accent", "background": "--paper", "text": "--ink"}


def money(amount: Any, currency_code: str) -> str:
    """``12.5, "usd"`` → ``$12.50``; Medusa v2 amounts are in the currency's main unit."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return ""
    code = (currency_code or "").lower()
    digits = 0 if code == "jpy" else 2
    text = f"{value:,.{digits}f}"
    symbol = SYMBOLS.get(code)
    return f"{symbol}{text}" if symbol else f"{text} {code.upper()}"


def theme_style(theme: Mapping[str, Any]) -> str:
    """The brand's colours and font as CSS custom properties; only values that are plainly a colour
    or a font name pass, so an editor's theme cannot inject CSS."""
    rules = [
        f"{variable}: {theme[name]};"
        for name, variable in THEME_VARIABLES.items()
        if isinstance(theme.get(name), str) and COLOUR.match(theme[name].strip())
    ]
    font = theme.get("font")
    if isinstance(font, str) and FONT.match(font):
        rules.append(f"--font: {font};")
    return " ".join(rules)


def pick_variant(product: dict[str, Any], query: Mapping[str, str]) -> dict[str, Any] | None:
    """The variant a shopper chose: by ``?variant=``, by one value per option (``?opt_Size=M``), or
    the first one."""
    variants = product.get("variants") or []
    if not variants:
        return None
    wanted = query.get("variant")
    for variant in variants:
        if variant.get("id") == wanted:
            return dict(variant)
    chosen = {key[4:]: value for key, value in query.items() if key.startswith("opt_")}
    if chosen:
        for variant in variants:
            values = {
                o.get("option", {}).get("title") or o.get("option_id"): o.get("value")
                for o in variant.get("options") or []
            }
            if all(values.get(title) == value for title, value in chosen.items()):
                return dict(variant)
    return dict(variants[0])


def option_choices(product: dict[str, Any], variant: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each option with its values and the one the chosen variant has, for the picker."""
    selected = {
        o.get("option_id"): o.get("value")
        for o in (variant or {}).get("options") or []
        if isinstance(o, dict)
    }
    return [
        {
            "title": option.get("title"),
            "values": [v.get("value") for v in option.get("values") or []],
            "selected": selected.get(option.get("id")),
        }
        for option in product.get("options") or []
    ]


def price_tiers(variant: dict[str, Any] | None, currency_code: str) -> list[dict[str, str]]:
    """The variant's quantity prices in the shop's currency, smallest quantity first."""
    rows = [
        p
        for p in (variant or {}).get("prices") or []
        if (p.get("currency_code") or "").lower() == currency_code.lower() and not p.get("price_list_id")
    ]
    if len(rows) < 2:
        return []
    rows.sort(key=lambda p: int(p.get("min_quantity") or 1))
    return [
        {"from": str(p.get("min_quantity") or 1), "price": money(p.get("amount"), currency_code)}
        for p in rows
    ]


def product_view(product: dict[str, Any], variant: dict[str, Any] | None = None) -> dict[str, Any]:
    """A product card or page: content's published fields over commerce's, the price and stock of
    ``variant`` (or the cheapest variant for a card)."""
    cms = product.get("cms_product") or {}
    variants = product.get("variants") or []
    priced = [v for v in variants if v.get("calculated_price")]
    shown = variant or (
        min(priced, key=lambda v: Decimal(str(v["calculated_price"]["calculated_amount"])))
        if priced
        else None
    )
    price = (shown or {}).get("calculated_price") or {}
    currency = price.get("currency_code") or ""
    amount = price.get("calculated_amount")
    original = price.get("original_amount")
    stock = (shown or {}).get("inventory_quantity")
    images = [i for i in cms.get("images") or [] if isinstance(i, str)] or [
        i.get("url") for i in product.get("images") or [] if isinstance(i, dict) and i.get("url")
    ]
    image = cms.get("thumbnail") or product.get("thumbnail") or (images[0] if images else None)
    description = cms.get("description") or product.get("description") or ""
    seo = cms.get("seo") or {}
    return {
        "id": product.get("id"),
        "handle": product.get("handle"),
        "title": cms.get("title_override") or product.get("title") or "",
        "subtitle": product.get("subtitle") or "",
        "description_html": description if cms.get("description") else "",
        "plain_description": strip_tags(description).strip()[:300],
        "meta_title": seo.get("meta_title") or "",
        "meta_description": seo.get("meta_description") or strip_tags(description).strip()[:160],
        "image": image,
        "images": images,
        "currency_code": currency,
        "amount": amount,
        "price": money(amount, currency) if amount is not None else "",
        "was": money(original, currency) if original not in (None, amount) else "",
        "from_price": variant is None
        and len({str(v["calculated_price"]["calculated_amount"]) for v in priced}) > 1,
        "in_stock": stock is None or int(stock) > 0,
        "stock": stock,
    }


def content_product_view(document: dict[str, Any]) -> dict[str, Any]:
    """A product as content publishes it (no price, no stock): what a page shows while commerce is
    down. ``product.html`` reads the same keys as from ``product_view``."""
    seo = document.get("seo") or {}
    description = document.get("description") or ""
    thumbnail = document.get("thumbnail")
    image = thumbnail.get("url") if isinstance(thumbnail, dict) else None
    return {
        "id": document.get("medusa_id"),
        "handle": document.get("handle"),
        "title": document.get("title") or "",
        "subtitle": document.get("subtitle") or "",
        "description_html": description,
        "plain_description": strip_tags(description).strip()[:300],
        "meta_title": seo.get("meta_title") or "",
        "meta_description": seo.get("meta_description") or strip_tags(description).strip()[:160],
        "image": image,
        "images": [],
        "currency_code": "",
        "amount": None,
        "price": "",
        "was": "",
        "from_price": False,
        "in_stock": False,
        "stock": None,
    }


def srcset(media: Any) -> str:
    """``srcset`` from a Payload media document's sizes (``{name: {url, width, height}}``): the sizes
    of the original's shape only, so a narrow screen gets a smaller copy, not another crop."""
    if not isinstance(media, dict) or not media.get("width") or not media.get("height"):
        return ""
    shape = media["width"] / media["height"]
    entries = {int(media["width"]): media.get("url")}
    for size in (media.get("sizes") or {}).values():
        complete = isinstance(size, dict) and size.get("url") and size.get("width") and size.get("height")
        if complete and abs(size["width"] / size["height"] - shape) < 0.02 * shape:
            entries[int(size["width"])] = size["url"]
    return ", ".join(f"{url} {width}w" for width, url in sorted(entries.items()) if url)


async def layout_blocks(shop: Shop, layout: list[Any]) -> list[dict[str, Any]]:
    """Content's blocks in order; a product grid gets its products from commerce, all grids at once.
    A grid whose products cannot be read renders empty, the rest of the page still shows."""
    blocks = [dict(b) for b in layout if isinstance(b, dict) and b.get("blockType")]
    grids = [b for b in blocks if b["blockType"] == "product_grid"]

    async def fill(block: dict[str, Any]) -> None:
        limit = min(max(int(block.get("limit") or 8), 1), 48)
        handles = [h for h in block.get("handles") or [] if isinstance(h, str) and h]
        category_id = ""
        try:
            if not handles and block.get("category_handle"):
                found = await catalog.category(shop, str(block["category_handle"]))
                category_id = (found or {}).get("id", "")
            listing = await catalog.products(shop, per_page=limit, handles=handles, category_id=category_id)
        except (upstream.Unavailable, upstream.Refused):
            block["products"], block["unavailable"] = [], True
            return
        block["products"] = [product_view(p) for p in listing.products]

    await asyncio.gather(*(fill(grid) for grid in grids))
    for block in blocks:
        if isinstance(block.get("image"), dict):
            block["srcset"] = srcset(block["image"])
    return blocks
