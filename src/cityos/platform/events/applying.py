"""Applying the inbox: each service names a handler per event, this loop runs them in arrival order.

A handler answers what it did (``applied``, ``stale``, ``unchanged``, ``ignored``). An event whose data
the handler cannot read (a missing or mistyped field: ``KeyError``, ``TypeError``, ``ValueError``) would
fail the same way for ever, so it is set aside as ``invalid`` with its error kept; any other exception is
kept on its message, which stays unapplied and is tried again by the next sweep.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import timezone

from cityos.platform.events.models import InboxMessage
from cityos.platform.logs import acting_for

logger = logging.getLogger(__name__)
Handler = Callable[[str, str, dict[str, Any]], str]


def apply_inbox(handlers: Mapping[str, Handler], limit: int = 500) -> dict[str, int]:
    """Apply what the inbox holds, oldest first; counts per outcome (``failed`` for errors)."""
    counts: dict[str, int] = {}
    for message in InboxMessage.objects.filter(applied_at__isnull=True).order_by("received_at", "id")[:limit]:
        with acting_for(message.request_id):
            outcome = _apply(handlers, message)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def _apply(handlers: Mapping[str, Handler], message: InboxMessage) -> str:
    """Run the message's handler and record what came of it; the outcome, ``invalid`` or ``failed``."""
    handler = handlers.get(message.name)
    try:
        outcome = (
            handler(message.name, message.payload["timestamp"], message.payload["data"])
            if handler
            else "ignored"
        )
    except (KeyError, TypeError, ValueError) as error:
        logger.warning("webhook %s (%s) set aside: its data is unusable: %r", message.pk, message.name, error)
        message.applied_at, message.error = timezone.now(), f"invalid: {type(error).__name__}: {error}"[:2000]
        message.save(update_fields=["applied_at", "error"])
        return "invalid"
    except Exception as error:
        logger.exception("webhook %s (%s) failed; the next sweep tries it again", message.pk, message.name)
        message.error = f"{type(error).__name__}: {error}"[:2000]
        message.save(update_fields=["error"])
        return "failed"
    message.applied_at, message.error = timezone.now(), ""
    message.save(update_fields=["applied_at", "error"])
    logger.debug("webhook %s (%s) applied: %s", message.pk, message.name, outcome)
    return outcome
