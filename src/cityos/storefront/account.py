"""Customer accounts through commerce's auth routes, as Medusa's starter does: ``emailpass``
registration and sign-in give a token, which the storefront keeps in the (HttpOnly, signed) session
cookie and sends as a bearer; no script ever sees it."""

from __future__ import annotations

from typing import Any

from cityos.storefront import upstream
from cityos.storefront.shop import Shop


def _bearer(shop: Shop, token: str) -> dict[str, str]:
    return shop.commerce_headers | {"authorization": f"Bearer {token}"}


async def sign_up(shop: Shop, *, email: str, password: str, first_name: str, last_name: str) -> str:
    """Register the identity, create the customer with it, then sign in: the customer's token."""
    body = {"email": email, "password": password}
    registered = await upstream.write(
        "commerce", "POST", "/auth/customer/emailpass/register", body, headers=shop.commerce_headers
    )
    profile = {"email": email, "first_name": first_name, "last_name": last_name}
    await upstream.write(
        "commerce", "POST", "/store/customers", profile, headers=_bearer(shop, registered["token"])
    )
    return await sign_in(shop, email=email, password=password)


async def sign_in(shop: Shop, *, email: str, password: str) -> str:
    body = {"email": email, "password": password}
    answer = await upstream.write(
        "commerce", "POST", "/auth/customer/emailpass", body, headers=shop.commerce_headers
    )
    return str(answer["token"])


async def me(shop: Shop, token: str) -> dict[str, Any] | None:
    """The signed-in customer, or None when the token is no longer accepted."""
    try:
        body = await upstream.fresh("commerce", "/store/customers/me", headers=_bearer(shop, token))
    except upstream.Refused:
        return None
    return (body or {}).get("customer")


async def orders(shop: Shop, token: str) -> list[dict[str, Any]]:
    body = await upstream.fresh("commerce", "/store/orders?limit=50", headers=_bearer(shop, token))
    return list((body or {}).get("orders") or [])


async def claim_cart(shop: Shop, cart: str, token: str) -> None:
    """A guest's cart becomes the customer's when they sign in (``POST /store/carts/:id/customer``)."""
    await upstream.write(
        "commerce", "POST", f"/store/carts/{cart}/customer", {}, headers=_bearer(shop, token)
    )


async def add_address(shop: Shop, token: str, address: dict[str, str]) -> None:
    await upstream.write(
        "commerce", "POST", "/store/customers/me/addresses", address, headers=_bearer(shop, token)
    )


async def delete_address(shop: Shop, token: str, address_id: str) -> None:
    path = f"/store/customers/me/addresses/{address_id}"
    await upstream.write("commerce", "DELETE", path, headers=_bearer(shop, token))
