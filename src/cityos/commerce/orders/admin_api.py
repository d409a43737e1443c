"""Admin API for orders, payments and returns: list and filter, fulfill, ship, deliver, cancel, refund."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from pydantic import Field

from cityos.commerce.admin_routes import Amount, Omittable, Strict, acting, admin_router, fetch, page_params
from cityos.commerce.openapi import answers, listing
from cityos.commerce.orders import services
from cityos.commerce.orders.models import Order, Return
from cityos.commerce.orders.shapes import ORDER, order_queryset, render_order
from cityos.commerce.params import query_values, refuse_unknown
from cityos.commerce.payments import services as payments
from cityos.commerce.payments.models import Payment

router = admin_router("Admin orders")


class LineQuantity(Strict):
    id: str
    quantity: int = Field(gt=0)


class FulfillmentIn(Strict):
    items: list[LineQuantity] = Field(min_length=1)
    location_id: str | None = None
    metadata: dict[str, Any] | None = None


class Label(Strict):
    tracking_number: str
    tracking_url: str = ""
    label_url: str = ""


class ShipmentIn(Strict):
    items: Omittable[list[LineQuantity]] = None
    labels: list[Label] = []


class AmountIn(Strict):
    amount: Amount | None = None
    note: str | None = None


class ReturnIn(Strict):
    order_id: str
    items: list[LineQuantity] = Field(min_length=1)
    location_id: str | None = None
    note: str | None = None


class ReceiveIn(Strict):
    refund: bool = False


def _orders(request: HttpRequest) -> Any:
    return Order.objects.filter(tenant=acting(request).tenant)


def _order(request: HttpRequest, id: str) -> Order:
    return fetch(_orders(request), id, "Order")


def _answer(order: Order) -> dict[str, Any]:
    return {"order": render_order(order_queryset(Order.objects.filter(pk=order.pk)).get())}


ORDER_FILTERS = {
    "id": "id__in", "status": "status__in", "customer_id": "customer_id__in",
    "sales_channel_id": "sales_channel_id__in", "region_id": "region_id__in",
    "currency_code": "currency_code__in",
}  # fmt: skip


@router.get("/orders", summary="List orders", response=dict, openapi_extra=listing("orders", ORDER))
def list_orders(request: HttpRequest) -> dict[str, Any]:
    refuse_unknown(request, set(ORDER_FILTERS))
    orders = _orders(request)
    for name, lookup in ORDER_FILTERS.items():
        if values := query_values(request, name):
            orders = orders.filter(**{lookup: values})
    if query := request.GET.get("q", "").strip():
        match = Q(email__icontains=query)
        if query.isascii() and query.isdigit() and len(query) <= 18:  # a display id a column holds
            match |= Q(display_id=int(query))
        orders = orders.filter(match)
    limit, offset = page_params(request)
    page = order_queryset(orders.order_by("-created_at", "-id"))[offset : offset + limit]
    return {
        "orders": [render_order(o) for o in page],
        "count": orders.count(),
        "offset": offset,
        "limit": limit,
    }


@router.get("/orders/{id}", summary="Retrieve an order", response=dict, openapi_extra=answers(order=ORDER))
def retrieve_order(request: HttpRequest, id: str) -> dict[str, Any]:
    refuse_unknown(request, paged=False)
    return _answer(_order(request, id))


@router.post(
    "/orders/{id}/cancel", summary="Cancel an order", response=dict, openapi_extra=answers(order=ORDER)
)
def cancel_order(request: HttpRequest, id: str) -> dict[str, Any]:
    return _answer(services.cancel(_order(request, id)))


@router.post(
    "/orders/{id}/complete", summary="Complete an order", response=dict, openapi_extra=answers(order=ORDER)
)
def complete_order(request: HttpRequest, id: str) -> dict[str, Any]:
    return _answer(services.complete(_order(request, id)))


@router.post(
    "/orders/{id}/fulfillments",
    summary="Fulfill items of an order",
    response=dict,
    openapi_extra=answers(order=ORDER),
)
def create_fulfillment(request: HttpRequest, id: str, body: FulfillmentIn) -> dict[str, Any]:
    order = _order(request, id)
    services.create_fulfillment(order, [i.model_dump() for i in body.items], body.location_id)
    return _answer(order)


@router.post(
    "/orders/{id}/fulfillments/{fulfillment_id}/shipments",
    summary="Ship a fulfillment",
    response=dict,
    openapi_extra=answers(order=ORDER),
)
def create_shipment(request: HttpRequest, id: str, fulfillment_id: str, body: ShipmentIn) -> dict[str, Any]:
    order = _order(request, id)
    services.ship(order, fulfillment_id, [label.model_dump() for label in body.labels])
    return _answer(order)


@router.post(
    "/orders/{id}/fulfillments/{fulfillment_id}/mark-as-delivered",
    summary="Mark delivered",
    response=dict,
    openapi_extra=answers(order=ORDER),
)
def mark_delivered(request: HttpRequest, id: str, fulfillment_id: str) -> dict[str, Any]:
    order = _order(request, id)
    services.mark_delivered(order, fulfillment_id)
    return _answer(order)


def _payment(request: HttpRequest, id: str) -> Payment:
    return fetch(Payment.objects.filter(payment_collection__tenant=acting(request).tenant), id, "Payment")


def _payment_answer(payment: Payment) -> dict[str, Any]:
    return {"payment": {"id": payment.id, "amount": payment.amount, "captured_at": payment.captured_at}}


@router.post("/payments/{id}/capture", summary="Capture a payment", response=dict)
def capture_payment(request: HttpRequest, id: str, body: AmountIn) -> dict[str, Any]:
    payment = payments.capture(_payment(request, id), body.amount, acting(request).actor_id)
    return _payment_answer(payment)


@router.post("/payments/{id}/refund", summary="Refund a payment", response=dict)
def refund_payment(request: HttpRequest, id: str, body: AmountIn) -> dict[str, Any]:
    payment = payments.refund(_payment(request, id), body.amount, body.note, acting(request).actor_id)
    return _payment_answer(payment)


def _return_answer(returned: Return) -> dict[str, Any]:
    fields = ("id", "order_id", "status", "location_id", "items", "refund_amount", "received_at", "note")
    return {"return": {name: getattr(returned, name) for name in fields}, **_answer(returned.order)}


@router.post("/returns", summary="Request a return", response=dict)
def request_return(request: HttpRequest, body: ReturnIn) -> dict[str, Any]:
    order = _order(request, body.order_id)
    items = [i.model_dump() for i in body.items]
    return _return_answer(services.request_return(order, items, body.location_id, body.note))


@router.post("/returns/{id}/receive", summary="Receive a return and restock it", response=dict)
def receive_return(request: HttpRequest, id: str, body: ReceiveIn) -> dict[str, Any]:
    returned = fetch(Return.objects.filter(order__tenant=acting(request).tenant), id, "Return")
    return _return_answer(services.receive_return(returned, refund=body.refund))
