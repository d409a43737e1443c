"""Storefront pages: thin async views over ``catalog`` (reads) and ``basket`` (the cart and checkout).

Every page is served through ``shop_page``: the host picks the shop (an unknown host is a plain
404), the page's upstream calls run concurrently, and an upstream that is down turns into a page
that says so (503), never an error page. Every form posts and redirects, so each flow works
without JavaScript.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import rotate_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape

from cityos.storefront import account, basket, catalog, upstream
from cityos.storefront.presenting import (
    content_product_view,
    layout_blocks,
    option_choices,
    pick_variant,
    price_tiers,
    product_view,
    theme_style,
)
from cityos.storefront.shop import Shop, shop_for

logger = logging.getLogger(__name__)
View = Callable[..., Awaitable[HttpResponse]]
MAX_QUANTITY = 999


def shop_page(view: View) -> View:
    """Resolve the shop, count upstream waits, and answer an outage with a page that says so."""

    @wraps(view)
    async def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        waits = upstream.start_page()
        try:
            shop = await shop_for(request.get_host())
        except upstream.Unavailable:
            return render(request, "storefront/unavailable.html", {"service": "content"}, status=503)
        if shop is None:
            return render(request, "storefront/unknown_host.html", {"host": request.get_host()}, status=404)
        start_frame(request, shop)
        try:
            response = await view(request, shop, *args, **kwargs)
        except upstream.Unavailable as outage:
            context = await frame(request, shop, service=outage.service)
            response = render(request, "storefront/unavailable.html", context, status=503)
        except upstream.Refused as refused:  # a read the upstream refused: nothing to show here
            logger.warning("%s refused a read for %s: %s", shop.slug, request.path, refused.message)
            response = await not_found(request, shop)
        finally:
            stop_frame(request)
        timing = [f"{service};dur={seconds * 1000:.1f}" for service, seconds in waits.seconds.items()]
        if timing:
            response["Server-Timing"] = ", ".join(timing)
        return response

    return serve


async def optional(awaitable: Awaitable[Any], default: Any) -> Any:
    """A part of a page that may be missing (content's sections, commerce's categories) while its
    service is down: the page renders without it and says what is missing."""
    try:
        return await awaitable
    except (upstream.Unavailable, upstream.Refused):
        return default


FRAME = "cityos_frame"


def start_frame(request: HttpRequest, shop: Shop) -> None:
    """Begin reading what surrounds a page while the view reads its own content (GET pages only)."""
    if request.method == "GET":
        request.__dict__[FRAME] = asyncio.ensure_future(_frame_parts(request, shop))


def stop_frame(request: HttpRequest) -> None:
    task = request.__dict__.pop(FRAME, None)
    if task is not None and not task.done():
        task.cancel()


async def _frame_parts(request: HttpRequest, shop: Shop) -> tuple[Any, ...]:
    return tuple(
        await asyncio.gather(
            optional(catalog.documents(shop, "announcements", depth=0), []),
            optional(catalog.categories(shop), []),
            optional(basket.load(shop, basket.cart_id(request, shop), customer_token(request, shop)), None),
        )
    )


async def frame(request: HttpRequest, shop: Shop, **context: Any) -> dict[str, Any]:
    """What every page shows around its own content: brand, menu, announcements, the cart."""
    task = request.__dict__.pop(FRAME, None)
    announcements, categories, cart = await (task or _frame_parts(request, shop))
    return {
        "shop": shop,
        "theme_style": theme_style(shop.theme),
        "announcements": catalog.current(announcements),
        "categories": categories,
        "cart": cart,
        "cart_count": sum(int(item.get("quantity") or 0) for item in (cart or {}).get("items") or []),
        "stale": sorted(upstream.stale_services()),
        **context,
    }


SIGNED_IN = "cityos_customer"


def customer_token(request: HttpRequest, shop: Shop) -> str | None:
    """The signed-in customer's token for this shop, kept in the HttpOnly session cookie (never in a
    script, never sent to another shop)."""
    held = request.session.get(SIGNED_IN) or {}
    return held.get("token") if held.get("shop") == shop.slug else None


@shop_page
async def home(request: HttpRequest, shop: Shop) -> HttpResponse:
    page, heroes, newest = await asyncio.gather(
        optional(catalog.document(shop, "pages", "home"), None),
        optional(catalog.documents(shop, "hero-sections", sort="sort_order", limit=3), []),
        optional(catalog.products(shop, per_page=8), None),
    )
    blocks = await layout_blocks(shop, (page or {}).get("layout") or [])
    context = await frame(
        request,
        shop,
        page=page,
        heroes=heroes,
        blocks=blocks,
        newest=[product_view(p) for p in newest.products] if newest else [],
        prices_unavailable=newest is None,
        content_missing=page is None and not heroes,
    )
    return render(request, "storefront/home.html", context)


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return min(max(int(raw), 1), 10_000) if raw.isascii() and raw.isdigit() and len(raw) < 6 else 1


async def _listing(
    request: HttpRequest, shop: Shop, *, title: str, category: dict[str, Any] | None = None
) -> HttpResponse:
    sort = request.GET.get("sort", "newest")
    sort = sort if sort in catalog.SORTS else "newest"
    q = request.GET.get("q", "").strip()[:200]
    listing = await catalog.products(
        shop, page=page_number(request), sort=sort, q=q, category_id=(category or {}).get("id", "")
    )
    context = await frame(
        request,
        shop,
        title=title,
        category=category,
        q=q,
        sort=sort,
        sorts=[(key, key.replace("-", " ").capitalize()) for key in catalog.SORTS],
        products=[product_view(p) for p in listing.products],
        listing=listing,
        pages=range(1, listing.pages + 1),
    )
    return render(request, "storefront/products.html", context)


@shop_page
async def products(request: HttpRequest, shop: Shop) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    return await _listing(request, shop, title=f"Search: {q}" if q else "All products")


@shop_page
async def category(request: HttpRequest, shop: Shop, handle: str) -> HttpResponse:
    found = await catalog.category(shop, handle)
    if found is None:
        return await not_found(request, shop)
    return await _listing(request, shop, title=found["name"], category=found)


@shop_page
async def product(request: HttpRequest, shop: Shop, handle: str) -> HttpResponse:
    try:
        found = await catalog.product(shop, handle)
    except upstream.Unavailable:
        return await product_without_prices(request, shop, handle)
    if found is None:
        return await not_found(request, shop)
    variant = pick_variant(found, request.GET)
    view = product_view(found, variant)
    canonical = request.build_absolute_uri(reverse("product", args=[handle]))
    context = await frame(
        request,
        shop,
        product=view,
        variant=variant,
        choices=option_choices(found, variant),
        tiers=price_tiers(variant, view["currency_code"]),
        canonical=canonical,
        json_ld=json_ld(view, variant, canonical),
    )
    return render(request, "storefront/product.html", context)


async def product_without_prices(request: HttpRequest, shop: Shop, handle: str) -> HttpResponse:
    """Commerce is down and this page was not kept: content's published product still shows, and the
    page says prices (and buying) are unavailable for now."""
    document = await catalog.document(shop, "products", handle)
    if document is None:
        raise upstream.Unavailable("commerce")
    context = await frame(request, shop, product=content_product_view(document), prices_unavailable=True)
    return render(request, "storefront/product.html", context, status=200)


def json_ld(view: dict[str, Any], variant: dict[str, Any] | None, url: str) -> str:
    """schema.org ``Product`` data, escaped for a ``<script>`` element."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": view["title"],
        "description": view["plain_description"],
        "url": url,
    }
    if view["image"]:
        data["image"] = view["image"]
    if variant and variant.get("sku"):
        data["sku"] = variant["sku"]
    if view["amount"] is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": str(view["amount"]),
            "priceCurrency": view["currency_code"].upper(),
            "availability": "https://schema.org/" + ("InStock" if view["in_stock"] else "OutOfStock"),
        }
    return json.dumps(data).replace("<", "\\u003c")


@shop_page
async def content_page(request: HttpRequest, shop: Shop, slug: str) -> HttpResponse:
    page = await catalog.document(shop, "pages", slug)
    if page is None:
        return await not_found(request, shop)
    blocks = await layout_blocks(shop, page.get("layout") or [])
    return render(request, "storefront/page.html", await frame(request, shop, page=page, blocks=blocks))


@shop_page
async def journal(request: HttpRequest, shop: Shop) -> HttpResponse:
    posts = await catalog.documents(shop, "posts", sort="-publishedAt", limit=20)
    return render(request, "storefront/journal.html", await frame(request, shop, posts=posts))


@shop_page
async def post(request: HttpRequest, shop: Shop, slug: str) -> HttpResponse:
    found = await catalog.document(shop, "posts", slug)
    if found is None:
        return await not_found(request, shop)
    return render(request, "storefront/post.html", await frame(request, shop, post=found))


async def not_found(request: HttpRequest, shop: Shop) -> HttpResponse:
    return render(request, "storefront/not_found.html", await frame(request, shop), status=404)


# The cart and checkout: every form posts here and is redirected back (post/redirect/get).


def quantity_of(raw: str | None) -> int | None:
    if raw is None or not raw.strip().isascii() or not raw.strip().isdigit() or len(raw.strip()) > 4:
        return None
    value = int(raw)
    return value if 0 <= value <= MAX_QUANTITY else None


def back(to: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(to)


@shop_page
async def cart(request: HttpRequest, shop: Shop) -> HttpResponse:
    if request.method == "POST":
        return await change_cart(request, shop)
    context = await frame(request, shop)
    if context["cart"] is None and (kept := basket.cart_id(request, shop)):
        # The frame reads the cart leniently; the cart page says so when commerce cannot answer.
        context["cart"] = await basket.load(shop, kept, customer_token(request, shop))
    return render(request, "storefront/cart.html", context)


async def change_cart(request: HttpRequest, shop: Shop) -> HttpResponse:
    """One change per post: add a variant, set a line's quantity, apply or remove a code."""
    token, current = customer_token(request, shop), basket.cart_id(request, shop)
    action = request.POST.get("action", "")
    redirect = back(reverse("cart"))
    try:
        if action == "add":
            quantity = quantity_of(request.POST.get("quantity", "1"))
            variant = request.POST.get("variant_id", "")
            if not variant or not quantity:
                messages.error(request, "Choose an option and a quantity of at least one.")
                return back(request.POST.get("next") or reverse("cart"))
            existing = await basket.load(shop, current, token)
            cart_id = existing["id"] if existing else (await basket.create(shop, token))["id"]
            await basket.add(shop, cart_id, variant, quantity, token)
            basket.remember(redirect, shop, cart_id)
            messages.success(request, "Added to your cart.")
        elif current and action == "quantity":
            quantity = quantity_of(request.POST.get("quantity"))
            if quantity is None:
                messages.error(request, f"A quantity is a whole number from 0 to {MAX_QUANTITY}.")
            else:
                await basket.set_quantity(shop, current, request.POST.get("line_id", ""), quantity, token)
        elif current and action == "promo":
            code = request.POST.get("code", "").strip()[:100]
            if code:
                applied = await basket.apply_code(shop, current, code, token)
                codes = {p.get("code") for p in applied.get("promotions") or []}
                if code.upper() in {str(c).upper() for c in codes}:
                    messages.success(request, f"Code {code} applied.")
                else:
                    messages.error(request, f"The code {code} is not valid for this cart.")
        elif current and action == "remove-promo":
            await basket.remove_code(shop, current, request.POST.get("code", ""), token)
    except upstream.Refused as refused:
        messages.error(request, refused.message)
    return redirect


ADDRESS_FIELDS = ("first_name", "last_name", "address_1", "city", "postal_code", "country_code", "phone")
REQUIRED_ADDRESS = ("first_name", "last_name", "address_1", "city", "postal_code", "country_code")


@shop_page
async def checkout(request: HttpRequest, shop: Shop) -> HttpResponse:
    token = customer_token(request, shop)
    current = await basket.load(shop, basket.cart_id(request, shop), token)
    if current is None or not current.get("items"):
        return back(reverse("cart"))
    if request.method == "POST":
        return await place_order(request, shop, current, token)
    options, context = await asyncio.gather(
        basket.shipping_options(shop, current["id"], token), frame(request, shop, cart=current)
    )
    address = current.get("shipping_address") or {}
    email = current.get("email") or ""
    if token and (not address or not email) and (customer := await account.me(shop, token)):
        address = address or next(iter(customer.get("addresses") or []), {})  # their first address
        email = email or customer.get("email") or ""
    countries = (current.get("region") or {}).get("countries") or []
    context.update(
        options=options,
        countries=countries,
        values={"email": email, **{f: address.get(f) or "" for f in ADDRESS_FIELDS}},
        chosen=next(iter(m["shipping_option_id"] for m in current.get("shipping_methods") or []), ""),
    )
    return render(request, "storefront/checkout.html", context)


async def place_order(
    request: HttpRequest, shop: Shop, current: dict[str, Any], token: str | None
) -> HttpResponse:
    """Email and address, the shipping method, then payment and completion, each as commerce takes
    them; a refusal at any step comes back to the form with commerce's reason."""
    values = {name: request.POST.get(name, "").strip()[:200] for name in ("email", *ADDRESS_FIELDS)}
    option = request.POST.get("shipping_option_id", "")
    missing = [name for name in ("email", *REQUIRED_ADDRESS) if not values[name]]
    if missing or not option:
        messages.error(
            request,
            "Fill in " + ", ".join(n.replace("_", " ") for n in missing or ["a shipping option"]) + ".",
        )
        return back(reverse("checkout"))
    address = {name: values[name] for name in ADDRESS_FIELDS if values[name]}
    address["country_code"] = address["country_code"].lower()
    try:
        await basket.update(
            shop,
            current["id"],
            {"email": values["email"], "shipping_address": address, "billing_address": address},
            token,
        )
        await basket.choose_shipping(shop, current["id"], option, token)
        order = await basket.pay_and_complete(shop, current["id"], token)
    except upstream.Refused as refused:
        messages.error(request, refused.message)
        return back(reverse("checkout"))
    response = back(reverse("order_confirmed", args=[order["id"]]))
    basket.remember(response, shop, None)
    placed = [*request.session.get("placed_orders", [])][-9:]
    request.session["placed_orders"] = [*placed, order["id"]]
    return response


@shop_page
async def order_confirmed(request: HttpRequest, shop: Shop, order_id: str) -> HttpResponse:
    """Only the browser that placed the order (or its signed-in customer) sees its confirmation."""
    token = customer_token(request, shop)
    found = await basket.order(shop, order_id, token)
    placed_here = order_id in request.session.get("placed_orders", [])
    mine = False
    if token and found and found.get("customer_id"):
        customer = await account.me(shop, token)
        mine = customer is not None and customer.get("id") == found["customer_id"]
    if found is None or not (placed_here or mine):
        return await not_found(request, shop)
    return render(request, "storefront/order.html", await frame(request, shop, order=found))


@shop_page
async def sitemap(request: HttpRequest, shop: Shop) -> HttpResponse:
    listing, pages = await asyncio.gather(
        catalog.products(shop, per_page=1000),
        optional(catalog.documents(shop, "pages", depth=0, limit=200), []),
    )
    base = f"{request.scheme}://{request.get_host()}"
    paths = [reverse("home"), reverse("products")]
    paths += [reverse("product", args=[p["handle"]]) for p in listing.products if p.get("handle")]
    paths += [
        reverse("content_page", args=[p["slug"]]) for p in pages if p.get("slug") and p["slug"] != "home"
    ]
    urls = "".join(f"<url><loc>{escape(base + path)}</loc></url>" for path in paths)
    body = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    return HttpResponse(body, content_type="application/xml")


@shop_page
async def robots(request: HttpRequest, shop: Shop) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /cart", "Disallow: /checkout", "Disallow: /orders/"]
    lines.append(f"Sitemap: {request.scheme}://{request.get_host()}{reverse('sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# Customer accounts (``account.py``): sign-up, sign-in and sign-out post here and redirect.


@shop_page
async def account_page(request: HttpRequest, shop: Shop) -> HttpResponse:
    token = customer_token(request, shop)
    if request.method == "POST":
        return await change_account(request, shop)
    customer = await account.me(shop, token) if token else None
    orders, region = (
        await asyncio.gather(account.orders(shop, token), optional(catalog.region(shop), None))
        if token and customer
        else ([], None)
    )
    context = await frame(
        request, shop, customer=customer, orders=orders, countries=(region or {}).get("countries") or []
    )
    return render(request, "storefront/account.html", context)


async def change_addresses(request: HttpRequest, shop: Shop, token: str, action: str) -> None:
    """Add an address to the signed-in customer's book, or delete one of theirs."""
    if action == "delete-address":
        await account.delete_address(shop, token, request.POST.get("address_id", ""))
        messages.success(request, "Address deleted.")
        return
    values = {name: request.POST.get(name, "").strip()[:200] for name in ADDRESS_FIELDS}
    if missing := [name.replace("_", " ") for name in REQUIRED_ADDRESS if not values[name]]:
        messages.error(request, "Fill in " + ", ".join(missing) + ".")
        return
    values["country_code"] = values["country_code"].lower()
    await account.add_address(shop, token, {name: value for name, value in values.items() if value})
    messages.success(request, "Address saved.")


async def change_account(request: HttpRequest, shop: Shop) -> HttpResponse:
    action = request.POST.get("action", "")
    if action in ("add-address", "delete-address") and (token := customer_token(request, shop)):
        try:
            await change_addresses(request, shop, token, action)
        except upstream.Refused as refused:
            messages.error(request, refused.message)
        return back(reverse("account"))
    email = request.POST.get("email", "").strip()[:200]
    password = request.POST.get("password", "")[:200]
    redirect = back(reverse("account"))
    if action == "sign-out":
        request.session.flush()
        return redirect
    if not email or not password:
        messages.error(request, "Enter your email and password.")
        return redirect
    try:
        if action == "sign-up":
            names = {n: request.POST.get(n, "").strip()[:100] for n in ("first_name", "last_name")}
            token = await account.sign_up(shop, email=email, password=password, **names)
        else:
            token = await account.sign_in(shop, email=email, password=password)
    except upstream.Refused as refused:
        messages.error(request, refused.message if action == "sign-up" else "Wrong email or password.")
        return redirect
    await signed_in(request, shop, token, redirect)
    return redirect


async def signed_in(request: HttpRequest, shop: Shop, token: str, response: HttpResponse) -> None:
    """A new session for the customer, with the guest cart they had, now theirs."""
    kept_cart = basket.cart_id(request, shop)
    request.session.cycle_key()
    rotate_token(request)
    request.session[SIGNED_IN] = {"shop": shop.slug, "token": token}
    if kept_cart:
        try:
            await account.claim_cart(shop, kept_cart, token)
        except upstream.Refused:
            basket.remember(response, shop, None)  # a completed or foreign cart: start afresh
