"""The sync dashboard both admin UIs show: status and the last day's charts per direction, and a
button that retries what failed. Each admin wraps ``context`` in its own page and permission check."""

from __future__ import annotations

from typing import Any

from cityos.platform.events.history import history
from cityos.platform.events.status import retry_failed, sync_status

LABELS = {"medusa_to_payload": "commerce → content", "payload_to_medusa": "content → commerce"}


def context(service: str, *, retry: bool) -> dict[str, Any]:
    """What the panel template needs; ``retry`` (a POST from the button) retries first."""
    retried = retry_failed(service) if retry else None
    status, charts = sync_status(service), history(service)
    directions = [{"label": LABELS[name], "status": status[name], "series": charts[name]} for name in LABELS]
    return {"directions": directions, "jobs": status["jobs"], "retried": retried}
