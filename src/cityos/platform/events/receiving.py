"""Receiving signed webhooks: verify, then store once in the inbox before answering 2xx."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from cityos.platform.events import signing
from cityos.platform.events.models import InboxMessage


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
    try:
        payload = json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ValueError("the body is not JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        raise ValueError("the body is not a Standard Webhooks payload")
    existing = InboxMessage.objects.filter(pk=message_id).first()
    if existing is not None:
        return Received(existing, duplicate=True)
    try:
        with transaction.atomic():
            message = InboxMessage.objects.create(id=message_id, name=payload["type"], payload=payload)
    except IntegrityError:  # the same id arrived twice at once
        return Received(InboxMessage.objects.get(pk=message_id), duplicate=True)
    return Received(message, duplicate=False)
