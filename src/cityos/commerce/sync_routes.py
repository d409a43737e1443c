"""Commerce's sync endpoints from the seed: health (``/admin/sync/status``) and ``retry-failed``.

Any staff member or secret key may read health; retrying resends every tenant's events, so it is
for superusers and secret keys (the integration's credential).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from cityos.commerce.auth import Actor, admin_actor
from cityos.commerce.errors import ErrorType, MedusaError
from cityos.commerce.tasks import apply_received
from cityos.platform.events.status import retry_failed, sync_status
from cityos.platform.events.tasks import push_webhooks

router = Router(auth=admin_actor, tags=["Sync"])


@router.get("/sync/status", summary="Sync health, both directions", response=dict)
def status(request: HttpRequest) -> dict[str, Any]:
    return sync_status("commerce")


@router.post(
    "/sync/retry-failed", summary="Resend dead deliveries and retry failed inbox events", response=dict
)
def retry(request: HttpRequest) -> dict[str, Any]:
    actor: Actor = request.auth  # type: ignore[attr-defined]
    if actor.user is not None and not actor.user.is_superuser:
        raise MedusaError(
            ErrorType.FORBIDDEN, "Only a superuser or a secret key may retry every tenant's sync"
        )
    done = retry_failed("commerce")
    transaction.on_commit(apply_received)
    transaction.on_commit(push_webhooks)
    return {"message": "Retrying failed syncs", **done}
