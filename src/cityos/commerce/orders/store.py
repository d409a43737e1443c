"""Store API for orders: a customer's own list, and one order by id.

A guest order is read with its id, which carries 80 random bits and is known only to the buyer
(Medusa's rule). An order of a registered customer is shown only to that customer's token.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Router

from cityos.commerce.auth import store_context
from cityos.commerce.customers.tokens import require_customer, signed_in_customer
from cityos.commerce.errors import not_found
from cityos.commerce.openapi import answers, listing
from cityos.commerce.orders.models import Order
from cityos.commerce.orders.shapes import ORDER, order_queryset, render_order
from cityos.commerce.params import int_param, refuse_unknown

router = Router(tags=["Store orders"])


@router.get(
    "/orders",
    summary="The signed-in customer's orders",
    response=dict,
    openapi_extra=listing("orders", ORDER),
)
def list_orders(request: HttpRequest) -> dict[str, Any]:
    ctx = store_context(request)
    refuse_unknown(request)
    customer = require_customer(request, ctx)
    limit, offset = min(int_param(request, "limit", 50), 100), int_param(request, "offset", 0)
    orders = Order.objects.filter(tenant=ctx.tenant, customer=customer)
    page = order_queryset(orders)[offset : offset + limit]
    return {
        "orders": [render_order(order) for order in page],
        "count": orders.count(),
        "offset": offset,
        "limit": limit,
    }


@router.get("/orders/{id}", summary="Retrieve an order", response=dict, openapi_extra=answers(order=ORDER))
def retrieve_order(request: HttpRequest, id: str) -> dict[str, Any]:
    ctx = store_context(request)
    refuse_unknown(request, paged=False)
    customer = signed_in_customer(request, ctx)
    readable = Q(customer__isnull=True) | Q(customer__has_account=False)
    if customer is not None:
        readable |= Q(customer=customer)
    order = order_queryset(Order.objects.filter(readable, tenant=ctx.tenant, id=id)).first()
    if order is None:
        raise not_found("Order", id)
    return {"order": render_order(order)}
