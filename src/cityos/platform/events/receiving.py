"""Receiving signed webhooks: verify, then store once in the inbox before answering 2xx."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from cityos.platform.events import signing
from cityos.platform.events.models import InboxMessage
from cityos.platform.logs import current_request_id

# Standard Webhooks ids are short tokens (``msg_…``, ``evt_…``); the inbox keys on them.
MESSAGE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}")
EVENT_NAME = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


def envelope(message_id: str, body: bytes) -> dict[str, Any]:
    """The payload, if it is a Standard Webhooks envelope the appliers can use: ``{type, timestamp, data}``
    with a dotted event name, an ISO 8601 timestamp and an object; anything else is a ``ValueError``
    (400) and never enters the inbox, where it would fail to apply for ever."""
    if not MESSAGE_ID.fullmatch(message_id):
        raise ValueError("webhook-id must be 1 to 100 letters, digits or _ . : -")
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise ValueError("the body is not JSON") from None
    if not isinstance(payload, dict):
        raise ValueError("the body is not a Standard Webhooks payload")
    name, timestamp, data = payload.get("type"), payload.get("timestamp"), payload.get("data")
    if not isinstance(name, str) or len(name) > 100 or not EVENT_NAME.fullmatch(name):
        raise ValueError("type must be an event name such as product.updated")
    moment = _aware_time(timestamp)
    if moment is None:
        raise ValueError("timestamp must be an ISO 8601 date and time with its offset")
    if not isinstance(data, dict):
        raise ValueError("data must be an object")
    # Appliers compare versions as strings: one spelling (UTC, microseconds) keeps them in time order.
    return {**payload, "timestamp": moment.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"}


def _aware_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


@dataclass(frozen=True)
class Received:
    message: InboxMessage
    duplicate: bool


def receive(request: HttpRequest, secret: str) -> Received:
    """Raises ``SignatureError`` (answer 401) or ``ValueError`` (400); a repeat id is acknowledged as is."""
    message_id = request.headers.get("webhook-id", "")
    signing.verify(
        secret, message_id, request.headers.get("webhook-timestamp", ""),
        request.headers.get("webhook-signature", ""), request.body,
    )  # fmt: skip
    payload = envelope(message_id, request.body)
    existing = InboxMessage.objects.filter(pk=message_id).first()
    if existing is not None:
        return Received(existing, duplicate=True)
    try:
        with transaction.atomic():
            message = InboxMessage.objects.create(
                id=message_id, name=payload["type"], payload=payload, request_id=current_request_id()
            )
    except IntegrityError:  # the same id arrived twice at once
        return Received(InboxMessage.objects.get(pk=message_id), duplicate=True)
    return Received(message, duplicate=False)
