"""Every change to payment collections, sessions, payments, captures and refunds goes through here.

Provider calls happen here too, so a provider's answer and the row that records it are written
together; a checkout that fails after authorizing calls ``cancel_authorization`` to compensate.
Payments stand below carts and orders: they know a cart or an order only by its id and columns.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from cityos.commerce.errors import ErrorType, MedusaError, invalid, not_found
from cityos.commerce.payments.models import Capture, Payment, PaymentCollection, PaymentSession, Refund
from cityos.commerce.payments.providers import PaymentProvider, WebhookAction, provider
from cityos.platform.events.outbox import emit
from cityos.platform.middleware import joins_request
from cityos.platform.prepared import (
    PreparedModels,
    PreparedRead,
    insert_rows,
    relate,
    remember,
    remembered_or,
    update_columns,
)


def _provider(provider_id: str) -> PaymentProvider:
    found = provider(provider_id)
    if found is None:
        raise not_found("Payment provider", provider_id)
    return found


class Payable(Protocol):
    """What a collection needs of the cart it is for (``carts.Cart``, which stands above payments)."""

    id: str
    tenant_id: str
    currency_code: str


class PaymentDeclined(Exception):
    """The provider refused the authorization; the session records its status and data."""

    def __init__(self, session: PaymentSession) -> None:
        super().__init__(f"Payment authorization failed ({session.status})")
        self.message = str(self)


@joins_request
def collection_for_cart(cart: Payable, amount: Decimal) -> PaymentCollection:
    """``POST /store/payment-collections``: one per cart; asking again returns the same one.

    ``cart`` comes locked, with its collection (or none) read alongside.
    """
    existing = getattr(cart, "payment_collection", None)
    if existing is not None:
        return existing
    created = PaymentCollection(
        tenant_id=cart.tenant_id, cart_id=cart.id, currency_code=cart.currency_code, amount=amount
    )
    insert_rows([created])
    remember(created, "payment_sessions", [])
    return created


PAYMENTS = PreparedRead(
    lambda collection_ids: Payment.objects.filter(payment_collection_id__in=collection_ids), {"id": "id"}
)
SESSIONS = PreparedModels(
    lambda collection_ids: PaymentSession.objects.filter(payment_collection_id__in=collection_ids)
)


NEWEST_SESSION = PreparedModels(
    lambda collection_ids: PaymentSession.objects.filter(payment_collection_id__in=collection_ids).order_by(
        "-created_at"
    )[:1]
)


def newest_session(collection: PaymentCollection | None) -> PaymentSession | None:
    """The session a checkout authorizes: the collection's latest, read with its collection."""
    if collection is None:
        return None
    session = NEWEST_SESSION.first([collection.id])
    if session is not None:
        relate(session, "payment_collection", collection)
    return session


def sessions_of(collection: PaymentCollection) -> list[PaymentSession]:
    """The collection's sessions, read once per request."""
    return remembered_or(collection, "payment_sessions", lambda: SESSIONS([collection.id]))


@joins_request
def initiate_session(
    collection: PaymentCollection, provider_id: str, data: dict[str, Any], context: dict[str, Any]
) -> PaymentSession:
    """A collection keeps one session: initiating another provider replaces it, as in Medusa's store.

    Once a session was authorized the collection is paid for (its payment hangs from that session),
    so it takes no new one.
    """
    if PAYMENTS([collection.id]):
        raise MedusaError(ErrorType.NOT_ALLOWED, f"Payment collection {collection.id} is already authorized")
    chosen = _provider(provider_id)
    result = chosen.initiate(
        amount=collection.amount, currency_code=collection.currency_code, context=context
    )
    if replaced := sessions_of(collection):
        PaymentSession.objects.filter(pk__in=[s.pk for s in replaced]).delete()
    session = PaymentSession(
        payment_collection=collection,
        provider_id=provider_id,
        currency_code=collection.currency_code,
        amount=collection.amount,
        data={**data, **result.data},
        context=context,
        status=result.status,
    )
    insert_rows([session])
    remember(collection, "payment_sessions", [session])
    return session


def resize_collection(collection: PaymentCollection, amount: Decimal) -> None:
    """As Medusa: a changed cart total invalidates the sessions, which the buyer then initiates again."""
    if collection.amount == amount:
        return
    collection.amount = amount
    collection.save(update_fields=["amount", "updated_at"])
    collection.payment_sessions.all().delete()
    remember(collection, "payment_sessions", [])


def authorize(session: PaymentSession) -> Payment:
    """Ask the provider; on success the session becomes a payment, otherwise ``PaymentDeclined`` with
    the session's status and the provider's data recorded."""
    result = _provider(session.provider_id).authorize(
        amount=session.amount, currency_code=session.currency_code, data=session.data
    )
    session.data = result.data
    session.status = result.status
    if result.status not in ("authorized", "captured"):
        session.save(update_fields=["data", "status", "updated_at"])
        raise PaymentDeclined(session)
    now = timezone.now()
    session.authorized_at = now
    update_columns([session], ["data", "status", "authorized_at"])
    collection = session.payment_collection
    payment = Payment(
        payment_collection=collection,
        payment_session=session,
        provider_id=session.provider_id,
        currency_code=session.currency_code,
        amount=session.amount,
        data=result.data,
        captured_at=now if result.status == "captured" else None,
    )
    insert_rows([payment])
    collection.authorized_amount = session.amount
    collection.status = PaymentCollection.Status.AUTHORIZED
    update_columns([collection], ["authorized_amount", "status"])
    return payment


def cancel_authorization(payment: Payment) -> None:
    """Compensation: release the money a provider holds for a checkout that did not complete."""
    _provider(payment.provider_id).cancel(data=payment.data)


def attach_order(collection: PaymentCollection, order_id: str) -> None:
    """The collection of a completed cart now pays for the order placed from it."""
    collection.order_id = order_id
    update_columns([collection], ["order"])


def _tenant_of(payment: Payment) -> str:
    return payment.payment_collection.tenant_id


@transaction.atomic
def capture(payment: Payment, amount: Decimal | None, actor_id: str) -> Payment:
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("payment_collection")
        .get(pk=payment.pk)
    )
    captured = sum((c.amount for c in payment.captures.all()), Decimal(0))
    amount = payment.amount - captured if amount is None else amount
    if payment.canceled_at is not None:
        raise MedusaError(ErrorType.NOT_ALLOWED, "The payment has been canceled")
    if amount <= 0 or captured + amount > payment.amount:
        raise invalid("You cannot capture more than the authorized amount minus what is already captured.")
    result = _provider(payment.provider_id).capture(amount=amount, data=payment.data)
    Capture.objects.create(payment=payment, amount=amount, created_by=actor_id)
    payment.data = result.data
    if captured + amount == payment.amount:
        payment.captured_at = timezone.now()
    payment.save()
    collection = payment.payment_collection
    collection.captured_amount += amount
    if collection.captured_amount >= collection.amount:
        collection.status, collection.completed_at = PaymentCollection.Status.COMPLETED, timezone.now()
    collection.save()
    emit("payment.captured", entity_id=payment.id, tenant_id=_tenant_of(payment))
    return payment


@transaction.atomic
def refund(payment: Payment, amount: Decimal | None, note: str | None, actor_id: str) -> Payment:
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("payment_collection")
        .get(pk=payment.pk)
    )
    captured = sum((c.amount for c in payment.captures.all()), Decimal(0))
    refunded = sum((r.amount for r in payment.refunds.all()), Decimal(0))
    amount = captured - refunded if amount is None else amount
    if amount <= 0 or refunded + amount > captured:
        raise invalid("You cannot refund more than what is captured on the payment.")
    result = _provider(payment.provider_id).refund(amount=amount, data=payment.data)
    Refund.objects.create(payment=payment, amount=amount, note=note, created_by=actor_id)
    payment.data = result.data
    payment.save()
    collection = payment.payment_collection
    collection.refunded_amount += amount
    collection.save()
    emit("payment.refunded", entity_id=payment.id, tenant_id=_tenant_of(payment))
    return payment


@transaction.atomic
def cancel(payment: Payment) -> None:
    """Cancel what was authorized and not captured (an order canceled before capture)."""
    if payment.canceled_at is not None or payment.captures.exists():
        return
    cancel_authorization(payment)
    payment.canceled_at = timezone.now()
    payment.save(update_fields=["canceled_at", "updated_at"])
    collection = payment.payment_collection
    collection.status = PaymentCollection.Status.CANCELED
    collection.save(update_fields=["status", "updated_at"])


def read_notice(
    provider_id: str, payload: bytes, headers: dict[str, str]
) -> tuple[WebhookAction, PaymentSession | None]:
    """What a provider's webhook reports (verified by the provider itself) and the session it names."""
    action = _provider(provider_id).webhook(payload=payload, headers=headers)
    if action.action == "not_supported" or not action.session_id:
        return action, None
    session = (
        PaymentSession.objects.select_related("payment_collection__cart__tenant")
        .filter(id=action.session_id, provider_id=provider_id)
        .first()
    )
    return action, session


def mark_failed(session: PaymentSession) -> None:
    """A provider reports the session failed; one that already became a payment stays as it is."""
    if not Payment.objects.filter(payment_session=session).exists():
        session.status = PaymentSession.Status.ERROR
        session.save(update_fields=["status", "updated_at"])


def live_payment(session: PaymentSession) -> Payment | None:
    return Payment.objects.filter(payment_session=session, canceled_at__isnull=True).first()
