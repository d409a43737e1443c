"""Store API for carts, shipping options and payment sessions, as ``@medusajs/js-sdk`` calls them
(completing a cart is checkout's: ``commerce/checkout/store.py``).

The cart id is the buyer's handle on the cart (as in Medusa): anyone holding it may use it, within
the publishable key's tenant. Each route is one transaction (see ``AtomicWritesMiddleware``). The
spec describes each answer (``openapi_extra``); none is validated on the way out, which would have
ninja copy every answer on the checkout's hot path.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from pydantic import EmailStr, Field

from cityos.commerce.admin_routes import Omittable, Strict, changes, deleted
from cityos.commerce.auth import StoreContext, store_context
from cityos.commerce.carts import services
from cityos.commerce.carts.models import Cart
from cityos.commerce.carts.shapes import cart_queryset, cart_schema, render_cart, with_answer_relations
from cityos.commerce.carts.totals import totals_of
from cityos.commerce.customers.store import PostalAddress
from cityos.commerce.customers.tokens import require_customer, signed_in_customer
from cityos.commerce.errors import ErrorType, MedusaError, not_found
from cityos.commerce.fulfillment.options import price_for, render_option, serving
from cityos.commerce.money import ZERO
from cityos.commerce.openapi import answers, component, deletion
from cityos.commerce.params import int_param, refuse_unknown
from cityos.commerce.payments import services as payments
from cityos.commerce.payments.models import PaymentCollection
from cityos.commerce.payments.providers import registry
from cityos.commerce.payments.shapes import collection_schema, render_collection
from cityos.commerce.regions.models import Region
from cityos.platform.prepared import PreparedModels

router = Router(tags=["Store carts and checkout"])
LOCKED_COLLECTION = PreparedModels(
    lambda tenant_ids, ids: (
        PaymentCollection.objects.filter(tenant_id__in=tenant_ids, id__in=ids)
        .select_for_update(of=("self",))
        .select_related("cart")
    )
)
Metadata = dict[str, Any] | None
Text = str | None


class ItemIn(Strict):
    variant_id: str
    quantity: int = Field(gt=0, le=100_000)
    metadata: Metadata = None


class CartUpdate(Strict):
    region_id: str | None = None
    email: EmailStr | None = None
    locale: Text = None
    sales_channel_id: str | None = None
    shipping_address: PostalAddress | None = None
    billing_address: PostalAddress | None = None
    metadata: Metadata = None
    promo_codes: Omittable[list[str]] = None


class CartIn(CartUpdate):
    currency_code: Text = None
    items: Omittable[list[ItemIn]] = None


class ItemUpdate(Strict):
    quantity: int = Field(ge=0, le=100_000)
    metadata: Metadata = None


class ShippingMethodIn(Strict):
    option_id: str
    data: Metadata = None


class PromotionsIn(Strict):
    promo_codes: list[str] = Field(min_length=1)


class CollectionIn(Strict):
    cart_id: str


class SessionIn(Strict):
    provider_id: str
    data: Metadata = None


CART = component("StoreCart", cart_schema)
PAYMENT_COLLECTION = component("StorePaymentCollection", collection_schema)


def cart_answer(ctx: StoreContext, cart_id: str, request: HttpRequest) -> dict[str, Any]:
    cart = cart_queryset(services.carts_of(ctx)).filter(id=cart_id).first()
    if cart is None:
        raise not_found("Cart", cart_id)
    return {"cart": render_cart(cart, request.GET.get("fields"))}


def changed(cart: Cart, request: HttpRequest) -> dict[str, Any]:
    """The answer to a write: the cart the service refreshed, without reading it again."""
    return {"cart": render_cart(with_answer_relations(cart), request.GET.get("fields"))}


@router.post("/carts", summary="Create a cart", openapi_extra=answers(cart=CART))
def create_cart(request: HttpRequest, body: CartIn) -> dict[str, Any]:
    ctx = store_context(request)
    values = changes(body)
    values.pop("currency_code", None)  # the region decides the currency
    cart = services.create_cart(ctx, values, signed_in_customer(request, ctx))
    return changed(cart, request)


@router.get("/carts/{id}", summary="Retrieve a cart", openapi_extra=answers(cart=CART))
def retrieve_cart(request: HttpRequest, id: str) -> dict[str, Any]:
    refuse_unknown(request, paged=False)
    return cart_answer(store_context(request), id, request)


@router.post("/carts/{id}", summary="Update a cart", openapi_extra=answers(cart=CART))
def update_cart(request: HttpRequest, id: str, body: CartUpdate) -> dict[str, Any]:
    ctx = store_context(request)
    cart = services.update_cart(ctx, id, changes(body))
    return changed(cart, request)


@router.post("/carts/{id}/line-items", summary="Add a line item", openapi_extra=answers(cart=CART))
def add_line_item(request: HttpRequest, id: str, body: ItemIn) -> dict[str, Any]:
    ctx = store_context(request)
    cart = services.add_line_item(ctx, id, changes(body))
    return changed(cart, request)


@router.post(
    "/carts/{id}/line-items/{line_id}", summary="Update a line item", openapi_extra=answers(cart=CART)
)
def update_line_item(request: HttpRequest, id: str, line_id: str, body: ItemUpdate) -> dict[str, Any]:
    ctx = store_context(request)
    cart = services.update_line_item(ctx, id, line_id, changes(body))
    return changed(cart, request)


@router.delete(
    "/carts/{id}/line-items/{line_id}", summary="Remove a line item", openapi_extra=deletion(parent=CART)
)
def delete_line_item(request: HttpRequest, id: str, line_id: str) -> dict[str, Any]:
    ctx = store_context(request)
    cart = services.delete_line_item(ctx, id, line_id)
    return deleted(line_id, "line-item", parent=changed(cart, request)["cart"])


@router.post(
    "/carts/{id}/shipping-methods", summary="Choose a shipping method", openapi_extra=answers(cart=CART)
)
def add_shipping_method(request: HttpRequest, id: str, body: ShippingMethodIn) -> dict[str, Any]:
    ctx = store_context(request)
    cart = services.add_shipping_method(ctx, id, body.option_id, body.data or {})
    return changed(cart, request)


@router.post("/carts/{id}/promotions", summary="Apply promotion codes", openapi_extra=answers(cart=CART))
def add_promotions(request: HttpRequest, id: str, body: PromotionsIn) -> dict[str, Any]:
    ctx = store_context(request)
    cart = services.add_promotions(ctx, id, body.promo_codes)
    return changed(cart, request)


@router.delete("/carts/{id}/promotions", summary="Remove promotion codes", openapi_extra=answers(cart=CART))
def remove_promotions(request: HttpRequest, id: str, body: PromotionsIn) -> dict[str, Any]:
    ctx = store_context(request)
    cart = services.remove_promotions(ctx, id, body.promo_codes)
    return changed(cart, request)


@router.post(
    "/carts/{id}/customer",
    summary="Attach the cart to the signed-in customer",
    openapi_extra=answers(cart=CART),
)
def transfer_cart(request: HttpRequest, id: str) -> dict[str, Any]:
    ctx = store_context(request)
    cart = services.transfer_to_customer(ctx, id, require_customer(request, ctx))
    return changed(cart, request)


@router.post("/carts/{id}/taxes", summary="Recalculate taxes", openapi_extra=answers(cart=CART))
def calculate_taxes(request: HttpRequest, id: str) -> dict[str, Any]:
    ctx = store_context(request)
    cart = services.update_cart(ctx, id, {})
    return changed(cart, request)


@router.get("/shipping-options", summary="Shipping options for a cart")
def list_shipping_options(request: HttpRequest) -> dict[str, Any]:
    ctx = store_context(request)
    refuse_unknown(request, {"cart_id"}, paged=False)
    cart = services.read(ctx, request.GET.get("cart_id") or "")
    item_total = sum((i.unit_price * i.quantity for i in services.lines_of(cart)), ZERO)
    options = []
    for option in serving(cart):
        price = price_for(
            option, currency_code=cart.currency_code, region_id=cart.region_id, item_total=item_total
        )
        if price is not None:
            options.append(render_option(option, price, cart.region.is_tax_inclusive))
    return {"shipping_options": options}


@router.get("/payment-providers", summary="Payment providers of a region")
def list_payment_providers(request: HttpRequest) -> dict[str, Any]:
    ctx = store_context(request)
    refuse_unknown(request, {"region_id"})
    region_id = request.GET.get("region_id")
    if not region_id:
        raise MedusaError(ErrorType.INVALID_DATA, "Invalid request: region_id is required")
    if not Region.objects.filter(tenant=ctx.tenant, id=region_id).exists():
        raise not_found("Region", region_id)
    limit, offset = int_param(request, "limit", 20), int_param(request, "offset", 0)
    providers = [{"id": provider_id, "is_enabled": True} for provider_id in sorted(registry())]
    return {
        "payment_providers": providers[offset : offset + limit],
        "count": len(providers),
        "offset": offset,
        "limit": limit,
    }


@router.post(
    "/payment-collections",
    summary="Create the cart's payment collection",
    openapi_extra=answers(payment_collection=PAYMENT_COLLECTION),
)
def create_payment_collection(request: HttpRequest, body: CollectionIn) -> dict[str, Any]:
    ctx = store_context(request)
    cart = services.lock(ctx, body.cart_id)
    total = totals_of(services.lines_of(cart), services.methods_of(cart), cart.currency_code)["total"]
    collection = payments.collection_for_cart(cart, total)
    return {"payment_collection": render_collection(collection)}


@router.post(
    "/payment-collections/{id}/payment-sessions",
    summary="Initialize a payment session",
    openapi_extra=answers(payment_collection=PAYMENT_COLLECTION),
)
def initiate_session(request: HttpRequest, id: str, body: SessionIn) -> dict[str, Any]:
    ctx = store_context(request)
    collection = LOCKED_COLLECTION.first([ctx.tenant.id], [id])
    if collection is None:
        raise not_found("Payment collection", id)
    cart: Cart | None = collection.cart
    context = {"email": cart.email, "customer_id": cart.customer_id} if cart else {}
    payments.initiate_session(collection, body.provider_id, body.data or {}, context)
    return {"payment_collection": render_collection(collection)}
