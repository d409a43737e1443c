"""``/admin/webhook-subscriptions``: who receives commerce's events. Subscriptions see every tenant's
events, so only a superuser manages them (a tenant's secret key may not). The secret is shown once,
when the subscription is made or its secret is rotated."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from pydantic import Field

from cityos.commerce.admin_routes import Omittable, Strict, changes, deleted, fetch, page_params
from cityos.commerce.auth import Actor, admin_actor
from cityos.commerce.errors import ErrorType, MedusaError, invalid
from cityos.commerce.params import refuse_unknown
from cityos.platform.events import delivery, signing
from cityos.platform.events.models import Subscription

router = Router(auth=admin_actor, tags=["Admin webhook subscriptions"])
LABEL = "Webhook subscription"


class SubscriptionIn(Strict):
    url: str = Field(max_length=1000)
    events: list[str] = []
    is_active: bool = True
    description: str = Field("", max_length=200)


class SubscriptionUpdate(Strict):
    url: str | None = Field(None, max_length=1000)
    events: Omittable[list[str]] = None
    is_active: Omittable[bool] = None
    description: str | None = Field(None, max_length=200)
    rotate_secret: bool = False


def superuser(request: HttpRequest) -> None:
    actor: Actor = request.auth  # type: ignore[attr-defined]
    if actor.user is None or not actor.user.is_superuser:
        raise MedusaError(ErrorType.FORBIDDEN, "Only a platform administrator manages webhook subscriptions")


def shape(subscription: Subscription, *, secret: bool = False) -> dict[str, Any]:
    shown = {
        "id": subscription.id, "url": subscription.url, "events": subscription.events,
        "is_active": subscription.is_active, "description": subscription.description,
        "created_at": subscription.created_at,
    }  # fmt: skip
    return {**shown, "secret": subscription.secret} if secret else shown


@router.get("/webhook-subscriptions", summary="List webhook subscriptions", response=dict)
def list_subscriptions(request: HttpRequest) -> dict[str, Any]:
    superuser(request)
    refuse_unknown(request)
    limit, offset = page_params(request)
    rows = Subscription.objects.order_by("created_at", "id")
    return {
        "webhook_subscriptions": [shape(row) for row in rows[offset : offset + limit]],
        "count": rows.count(), "offset": offset, "limit": limit,
    }  # fmt: skip


@router.post("/webhook-subscriptions", summary="Subscribe a URL to commerce's events", response=dict)
def create_subscription(request: HttpRequest, body: SubscriptionIn) -> dict[str, Any]:
    superuser(request)
    try:
        made = delivery.subscribe(**changes(body))
    except ValueError as error:
        raise invalid(str(error)) from None
    return {"webhook_subscription": shape(made, secret=True)}


@router.get("/webhook-subscriptions/{id}", summary="Retrieve a webhook subscription", response=dict)
def retrieve_subscription(request: HttpRequest, id: str) -> dict[str, Any]:
    superuser(request)
    refuse_unknown(request, paged=False)
    return {"webhook_subscription": shape(fetch(Subscription.objects.all(), id, LABEL))}


@router.post("/webhook-subscriptions/{id}", summary="Update a webhook subscription", response=dict)
def update_subscription(request: HttpRequest, id: str, body: SubscriptionUpdate) -> dict[str, Any]:
    superuser(request)
    subscription = fetch(Subscription.objects.all(), id, LABEL)
    values = {name: value for name, value in changes(body).items() if value is not None}
    rotate = values.pop("rotate_secret", False)
    if rotate:
        values["secret"] = signing.new_secret()
    try:
        changed = delivery.change_subscription(subscription, values)
    except ValueError as error:
        raise invalid(str(error)) from None
    return {"webhook_subscription": shape(changed, secret=rotate)}


@router.delete("/webhook-subscriptions/{id}", summary="Delete a webhook subscription", response=dict)
def delete_subscription(request: HttpRequest, id: str) -> dict[str, Any]:
    superuser(request)
    delivery.unsubscribe(fetch(Subscription.objects.all(), id, LABEL))
    return deleted(id, "webhook_subscription")
