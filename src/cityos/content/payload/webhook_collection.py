"""The ``webhook-subscriptions`` collection: who receives content's events. Subscriptions see every
tenant's events, so only superusers read or change them; the secret is answered only when made or
rotated (``rotateSecret: true``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cityos.content.payload.auth import Actor
from cityos.content.payload.collections import Collection, register
from cityos.content.payload.errors import Forbidden, ValidationError
from cityos.content.payload.query import QueryField, as_date
from cityos.content.payload.writing import Field, Invalid, read_body, strings, text
from cityos.platform.events import delivery, signing
from cityos.platform.events.models import Subscription


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("This field must be true or false.")
    return value


WRITABLE = {
    "url": Field(),
    "events": Field(parse=strings),
    "active": Field(column="is_active", parse=flag),
    "description": Field(parse=text),
    "rotateSecret": Field(column="rotate_secret", parse=flag),
}
FIELDS = {
    "id": QueryField("pk"),
    "url": QueryField("url"),
    "active": QueryField("is_active", lambda raw: raw.lower() == "true"),
    "createdAt": QueryField("created_at", as_date),
}


def _superuser(actor: Actor) -> None:
    if not (actor.user and actor.user.is_superuser):
        raise Forbidden


def scope(actor: Actor) -> QuerySet[Subscription]:
    return (
        Subscription.objects.all() if actor.user and actor.user.is_superuser else Subscription.objects.none()
    )


def to_doc(subscription: Subscription, draft: bool) -> dict[str, Any]:
    doc = {
        "id": subscription.pk, "url": subscription.url, "events": subscription.events,
        "active": subscription.is_active, "description": subscription.description,
        "createdAt": subscription.created_at, "updatedAt": subscription.created_at,
    }  # fmt: skip
    return {**doc, "secret": subscription.secret} if getattr(subscription, "secret_shown", False) else doc


def _values(actor: Actor, body: Any, *, creating: bool) -> dict[str, Any]:
    _superuser(actor)
    values = read_body(
        "webhook-subscriptions", body, WRITABLE, actor, required=("url",), partial=not creating
    )
    if values.pop("rotate_secret", False):
        values["secret"] = signing.new_secret()
    return values


def _checked(call: Any) -> Subscription:
    try:
        return call()
    except ValueError as error:
        raise ValidationError("webhook-subscriptions", [{"path": "url", "message": str(error)}]) from None


def create(actor: Actor, body: dict[str, Any], publish: bool) -> Subscription:
    values = _values(actor, body, creating=True)
    values.pop("secret", None)
    made = _checked(lambda: delivery.subscribe(**values))
    made.secret_shown = True  # type: ignore[attr-defined]
    return made


def update(subscription: Subscription, actor: Actor, body: dict[str, Any], publish: bool) -> Subscription:
    values = _values(actor, body, creating=False)
    changed = _checked(lambda: delivery.change_subscription(subscription, values))
    changed.secret_shown = "secret" in values  # type: ignore[attr-defined]
    return changed


def delete(subscription: Subscription, actor: Actor) -> None:
    _superuser(actor)
    delivery.unsubscribe(subscription)


SUBSCRIPTIONS = register(
    Collection(
        slug="webhook-subscriptions", singular="Webhook Subscription", plural="Webhook Subscriptions",
        fields=FIELDS, scope=scope, to_doc=to_doc, create=create, update=update, delete=delete,
        writable=WRITABLE, has_drafts=False, tenant_lookup="", text_ids=True,
    )
)  # fmt: skip
