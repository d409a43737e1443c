"""The shopper's cart: its id in a signed, HttpOnly cookie bound to the shop, and the Store API calls
that change it. Checkout is Medusa's sequence (address, shipping method, payment session, complete),
each step a call the cart answers; nothing is kept here that commerce does not hold.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from cityos.storefront import upstream
from cityos.storefront.shop import Shop

COOKIE = "cityos_cart"
SYSTEM_PROVIDER = "pp_system_default"
CART_FIELDS = "*items,*items.variant,*items.product,*shipping_methods,*promotions,*region.countries"


def _salt(shop: Shop) -> str:
    """The cookie is signed for this shop alone: a cart id from another host's cookie is refused."""
    return f"cityos.storefront.cart:{shop.slug}"


def cart_id(request: HttpRequest, shop: Shop) -> str | None:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return None
    try:
        return str(signing.loads(raw, salt=_salt(shop), max_age=settings.STOREFRONT_CART_DAYS * 86400))
    except signing.BadSignature:
        return None


def remember(response: HttpResponse, shop: Shop, cart: str | None) -> None:
    """Set (or, with None, clear) the cart cookie on ``response``."""
    if cart is None:
        response.delete_cookie(COOKIE, samesite="Lax")
        return
    response.set_cookie(
        COOKIE,
        signing.dumps(cart, salt=_salt(shop)),
        max_age=settings.STOREFRONT_CART_DAYS * 86400,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def _headers(shop: Shop, token: str | None) -> dict[str, str]:
    return shop.commerce_headers | ({"authorization": f"Bearer {token}"} if token else {})


async def load(shop: Shop, cart: str | None, token: str | None = None) -> dict[str, Any] | None:
    """The cart as commerce holds it now, or None (no cart, another shop's, or one already completed)."""
    if not cart:
        return None
    body = await upstream.fresh(
        "commerce", f"/store/carts/{cart}?fields={CART_FIELDS}", headers=_headers(shop, token)
    )
    found = (body or {}).get("cart")
    return found if found and not found.get("completed_at") else None


async def create(shop: Shop, token: str | None = None, email: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"region_id": shop.region_id}
    if email:
        body["email"] = email
    answer = await upstream.write("commerce", "POST", "/store/carts", body, headers=_headers(shop, token))
    return dict(answer["cart"])


async def add(shop: Shop, cart: str, variant_id: str, quantity: int, token: str | None = None) -> None:
    body = {"variant_id": variant_id, "quantity": quantity}
    await upstream.write(
        "commerce", "POST", f"/store/carts/{cart}/line-items", body, headers=_headers(shop, token)
    )


async def set_quantity(shop: Shop, cart: str, line_id: str, quantity: int, token: str | None = None) -> None:
    path = f"/store/carts/{cart}/line-items/{line_id}"
    if quantity <= 0:
        await upstream.write("commerce", "DELETE", path, headers=_headers(shop, token))
    else:
        await upstream.write("commerce", "POST", path, {"quantity": quantity}, headers=_headers(shop, token))


async def apply_code(shop: Shop, cart: str, code: str, token: str | None = None) -> dict[str, Any]:
    """Apply a promotion code; an unknown one leaves the cart as it was, which the caller tells apart."""
    answer = await upstream.write(
        "commerce",
        "POST",
        f"/store/carts/{cart}/promotions",
        {"promo_codes": [code]},
        headers=_headers(shop, token),
    )
    return dict(answer["cart"])


async def remove_code(shop: Shop, cart: str, code: str, token: str | None = None) -> None:
    await upstream.write(
        "commerce",
        "DELETE",
        f"/store/carts/{cart}/promotions",
        {"promo_codes": [code]},
        headers=_headers(shop, token),
    )


async def update(shop: Shop, cart: str, values: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    answer = await upstream.write(
        "commerce", "POST", f"/store/carts/{cart}", values, headers=_headers(shop, token)
    )
    return dict(answer["cart"])


async def shipping_options(shop: Shop, cart: str, token: str | None = None) -> list[dict[str, Any]]:
    body = await upstream.fresh(
        "commerce", f"/store/shipping-options?cart_id={cart}", headers=_headers(shop, token)
    )
    return list((body or {}).get("shipping_options") or [])


async def choose_shipping(shop: Shop, cart: str, option_id: str, token: str | None = None) -> None:
    await upstream.write(
        "commerce", "POST", f"/store/carts/{cart}/shipping-methods", {"option_id": option_id},
        headers=_headers(shop, token),
    )  # fmt: skip


async def pay_and_complete(shop: Shop, cart: str, token: str | None = None) -> dict[str, Any]:
    """A payment session with the system provider, then completion: the order, or ``Refused`` with
    commerce's reason (the cart keeps everything, so the shopper can try again)."""
    headers = _headers(shop, token)
    collection = await upstream.write(
        "commerce", "POST", "/store/payment-collections", {"cart_id": cart}, headers=headers
    )
    path = f"/store/payment-collections/{collection['payment_collection']['id']}/payment-sessions"
    await upstream.write("commerce", "POST", path, {"provider_id": SYSTEM_PROVIDER}, headers=headers)
    answer = await upstream.write("commerce", "POST", f"/store/carts/{cart}/complete", {}, headers=headers)
    if answer.get("type") != "order":
        error = answer.get("error") or {}
        raise upstream.Refused(400, str(error.get("message") or "The order could not be placed."))
    return dict(answer["order"])


async def order(shop: Shop, order_id: str, token: str | None = None) -> dict[str, Any] | None:
    body = await upstream.fresh("commerce", f"/store/orders/{order_id}", headers=_headers(shop, token))
    return (body or {}).get("order")
