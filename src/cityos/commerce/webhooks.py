"""``POST /admin/webhooks/cms`` (alias ``/admin/webhooks/payload``): content's signed events, into the inbox.

The Standard Webhooks signature is the credential, so the route takes no admin auth. The event is
stored before the 2xx; the worker applies it (``sync.py``) once the request commits.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from cityos.commerce.errors import ErrorType, MedusaError
from cityos.commerce.tasks import apply_received
from cityos.platform.events.receiving import receive
from cityos.platform.events.signing import SignatureError

router = Router(tags=["Webhooks"])


@router.post("/webhooks/cms", summary="Receive a signed event from content", response=dict)
@router.post("/webhooks/payload", summary="Receive a signed event from content (seed's path)", response=dict)
def receive_from_content(request: HttpRequest) -> dict[str, bool]:
    if not settings.CITYOS_SYNC_SECRET:
        raise MedusaError(ErrorType.UNAUTHORIZED, "Webhooks are not configured (CITYOS_SYNC_SECRET)")
    try:
        received = receive(request, settings.CITYOS_SYNC_SECRET)
    except SignatureError as error:
        raise MedusaError(ErrorType.UNAUTHORIZED, f"Invalid webhook: {error}") from None
    except ValueError as error:
        raise MedusaError(ErrorType.INVALID_DATA, str(error)) from None
    if not received.duplicate and getattr(settings, "CITYOS_WEBHOOK_PUSH", True):
        transaction.on_commit(apply_received)
    return {"received": True, "duplicate": received.duplicate}
