"""The service's worker sends webhooks: pushed as soon as an event commits, swept every minute for retries."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cityos.platform.events.delivery import deliver_due


@db_task()
def push_webhooks() -> int:
    """Enqueued when a transaction with new deliveries commits, so lag is the queue's, not a minute."""
    return len(deliver_due())


@db_periodic_task(crontab(minute="*"))
def sweep_webhooks() -> int:
    """Retries fall due between pushes; the sweep sends them."""
    return len(deliver_due())
