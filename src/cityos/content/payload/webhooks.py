"""``POST /api/webhooks/commerce`` (alias ``/api/webhooks/medusa``): commerce's signed events, into the inbox.

The Standard Webhooks signature is the credential. The event is stored before the 2xx; applying it is
the worker's job.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from cityos.content.payload.errors import PayloadError, Unauthorized
from cityos.platform.events.receiving import receive
from cityos.platform.events.signing import SignatureError

router = Router(tags=["Webhooks"])


@router.post("/webhooks/commerce", summary="Receive a signed event from commerce", response=dict)
@router.post(
    "/webhooks/medusa",
    summary="Receive a signed event from commerce (seed's path)",
    response=dict,
    operation_id="receive_from_commerce_seed",
)
def receive_from_commerce(request: HttpRequest) -> dict[str, bool]:
    if not settings.CITYOS_SYNC_SECRET:
        raise Unauthorized("Webhooks are not configured (CITYOS_SYNC_SECRET).")
    try:
        received = receive(request, settings.CITYOS_SYNC_SECRET)
    except SignatureError as error:
        raise Unauthorized(f"Invalid webhook: {error}") from None
    except ValueError as error:
        raise PayloadError(str(error)) from None
    if not received.duplicate and getattr(settings, "CITYOS_WEBHOOK_PUSH", True):
        from cityos.content.tasks import apply_received

        transaction.on_commit(apply_received)
    return {"received": True, "duplicate": received.duplicate}
