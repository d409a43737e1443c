"""Payment collections and their sessions on the wire, as a cart's answer and Medusa's
``/store/payment-collections`` routes show them."""

from __future__ import annotations

from typing import Any

from cityos.commerce.payments.models import PaymentCollection, PaymentSession
from cityos.commerce.pricing.calculator import RAW_AMOUNT, raw_amount
from cityos.platform.wire_schema import JSON, NULL, NUMBER, array, columns, nullable, record

PAID_AMOUNTS = ("authorized_amount", "captured_amount", "refunded_amount")


def render_session(session: PaymentSession) -> dict[str, Any]:
    return {
        "id": session.id,
        "currency_code": session.currency_code,
        "provider_id": session.provider_id,
        "data": session.data,
        "context": session.context,
        "status": session.status,
        "authorized_at": session.authorized_at,
        "payment_collection_id": session.payment_collection_id,
        "payment": None,
        "metadata": session.metadata,
        "raw_amount": raw_amount(session.amount),
        "created_at": session.created_at,
        "updated_at": session.updated_at,
        "deleted_at": None,
        "amount": session.amount,
    }


def render_collection(collection: PaymentCollection) -> dict[str, Any]:
    def raw_or_none(amount: Any) -> Any:
        return raw_amount(amount) if amount else None

    return {
        "id": collection.id,
        "currency_code": collection.currency_code,
        "completed_at": collection.completed_at,
        "status": collection.status,
        "metadata": collection.metadata,
        "raw_amount": raw_amount(collection.amount),
        "raw_authorized_amount": raw_or_none(collection.authorized_amount),
        "raw_captured_amount": raw_or_none(collection.captured_amount),
        "raw_refunded_amount": raw_or_none(collection.refunded_amount),
        "created_at": collection.created_at,
        "updated_at": collection.updated_at,
        "deleted_at": None,
        "payment_sessions": [render_session(s) for s in collection.payment_sessions.all()],
        "amount": collection.amount,
        "authorized_amount": collection.authorized_amount or None,
        "captured_amount": collection.captured_amount or None,
        "refunded_amount": collection.refunded_amount or None,
    }


def session_schema() -> JSON:
    return record(
        columns(
            PaymentSession,
            ("id", "currency_code", "provider_id", "data", "context", "status", "authorized_at",
             "payment_collection_id", "metadata", "created_at", "updated_at", "amount"),
        ),
        payment=NULL, raw_amount=RAW_AMOUNT, deleted_at=NULL,
    )  # fmt: skip


def collection_schema() -> JSON:
    return record(
        columns(
            PaymentCollection,
            ("id", "currency_code", "completed_at", "status", "metadata", "created_at", "updated_at",
             "amount"),
        ),
        raw_amount=RAW_AMOUNT,
        **{f"raw_{name}": nullable(RAW_AMOUNT) for name in PAID_AMOUNTS},
        **dict.fromkeys(PAID_AMOUNTS, nullable(NUMBER)),
        deleted_at=NULL,
        payment_sessions=array(session_schema()),
    )  # fmt: skip
