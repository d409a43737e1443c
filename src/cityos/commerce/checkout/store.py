"""``POST /store/carts/:id/complete``: the Store route of checkout's complete-cart workflow."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from cityos.commerce.auth import store_context
from cityos.commerce.carts.store import CART, cart_answer
from cityos.commerce.checkout.completion import complete_cart
from cityos.commerce.openapi import answering
from cityos.commerce.orders.shapes import ORDER, render_order
from cityos.platform.wire_schema import STRING, record

router = Router(tags=["Store carts"])
DECLINED = record(
    message=STRING, name=STRING, type={"type": "string", "enum": ["payment_authorization_error"]}
)
COMPLETION = answering(
    {
        "oneOf": [
            record(type={"type": "string", "enum": ["order"]}, order=ORDER),
            record(type={"type": "string", "enum": ["cart"]}, cart=CART, error=DECLINED),
        ]
    }
)


@router.post(
    "/carts/{id}/complete", summary="Complete the cart and place the order", openapi_extra=COMPLETION
)
def complete(request: HttpRequest, id: str) -> dict[str, Any]:
    ctx = store_context(request)
    placed = complete_cart(ctx, id)
    if placed.order is None:
        return {
            **cart_answer(ctx, id, request),
            "type": "cart",
            "error": {"message": placed.declined, "name": "Error", "type": "payment_authorization_error"},
        }
    return {"type": "order", "order": render_order(placed.order)}
