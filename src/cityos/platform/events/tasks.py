"""The service's worker sends webhooks: pushed as soon as an event commits, retried when due.

A push is enqueued when a transaction with new deliveries commits. After each run, a retry that
falls due within the minute gets one push scheduled for its time, so a peer that comes back is
caught up within its backoff rather than at the next sweep; the sweep every minute catches the rest.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cityos.platform.events.delivery import deliver_due
from cityos.platform.events.jobs import recorded
from cityos.platform.events.models import Delivery
from cityos.platform.events.pruning import prune

SWEEP = timedelta(minutes=1)


def _follow_up() -> None:
    due = Delivery.objects.filter(status=Delivery.Status.PENDING).aggregate(at=Min("next_attempt_at"))["at"]
    if due is None:
        return
    delay = (due - timezone.now()).total_seconds()
    # One scheduled push per due second, however many runs notice it.
    if delay < SWEEP.total_seconds() and cache.add(f"cityos:webhook-push:{int(due.timestamp())}", 1, 120):
        push_webhooks.schedule(delay=max(delay, 0.1))


def _drain(rounds: int = 20) -> int:
    """Send batches while there is something to send: the next event of an entity is due as soon as
    the one before it was delivered."""
    sent = 0
    for _ in range(rounds):
        batch = deliver_due()
        sent += len(batch)
        if not batch:
            break
    _follow_up()
    return sent


@db_task()
def push_webhooks() -> int:
    return _drain()


@db_periodic_task(crontab(minute="*"))
def sweep_webhooks() -> int:
    return _drain()


@db_periodic_task(crontab(minute="17", hour="3"))
@recorded("prune_old_events")
def prune_old_events() -> dict[str, int]:
    """Nightly: delivered events and applied inbox messages older than a week go."""
    return prune()
