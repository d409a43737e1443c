"""Sync health in the seed's shape (``{medusa_to_payload: {...}, payload_to_medusa: {...}}``), per side.

Each service knows one direction from its deliveries to the peer's receiver (sent, pending, failing,
dead, and lag from an event's creation to its delivery) and the other from its inbox (applied,
pending, failed, and lag from the sender's timestamp to the application). ``status`` is ``error``
when something is dead or failed to apply, ``retrying`` while a delivery is failing, ``success``
once something went through, and ``idle`` before anything did.
"""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cityos.platform.events.delivery import retry_dead
from cityos.platform.events.jobs import job_runs
from cityos.platform.events.models import Delivery, InboxMessage, Subscription

LAG_WINDOW = timedelta(hours=1)
LAG_SAMPLE = 5000
# Which way each service's outgoing deliveries go, in the seed's names.
OUTGOING = {"commerce": "medusa_to_payload", "content": "payload_to_medusa"}
PEERS = {"commerce": "content", "content": "commerce"}


def _percentiles(lags: list[float]) -> tuple[float | None, float | None]:
    if not lags:
        return None, None
    if len(lags) == 1:
        return lags[0], lags[0]
    cuts = statistics.quantiles(lags, n=100)
    return round(cuts[49], 1), round(cuts[98], 1)


def _state(*, synced: int, failed: int, dead: int, retrying: int) -> str:
    if dead or failed:
        return "error"
    if retrying:
        return "retrying"
    return "success" if synced else "idle"


def peer_subscriptions(service: str) -> Any:
    return Subscription.objects.filter(description=f"cityos:{PEERS[service]}")


def outgoing(service: str) -> dict[str, Any]:
    deliveries = Delivery.objects.filter(subscription__in=peer_subscriptions(service))
    counts = deliveries.aggregate(
        synced=Count("id", filter=Q(status=Delivery.Status.DELIVERED)),
        pending=Count("id", filter=Q(status=Delivery.Status.PENDING)),
        retrying=Count("id", filter=Q(status=Delivery.Status.PENDING, attempts__gt=0)),
        dead=Count("id", filter=Q(status=Delivery.Status.DEAD)),
        last=Max("delivered_at"),
    )
    recent = deliveries.filter(
        status=Delivery.Status.DELIVERED, delivered_at__gte=timezone.now() - LAG_WINDOW
    ).values_list("delivered_at", "event__created_at")[:LAG_SAMPLE]
    p50, p99 = _percentiles([(done - made).total_seconds() * 1000 for done, made in recent])
    return {
        "last_sync": counts["last"],
        "status": _state(synced=counts["synced"], failed=0, dead=counts["dead"], retrying=counts["retrying"]),
        "synced_count": counts["synced"],
        "failed_count": counts["retrying"] + counts["dead"],
        "pending_count": counts["pending"],
        "dead_count": counts["dead"],
        "lag_p50_ms": p50,
        "lag_p99_ms": p99,
    }


def incoming() -> dict[str, Any]:
    counts = InboxMessage.objects.aggregate(
        synced=Count("id", filter=Q(applied_at__isnull=False)),
        pending=Count("id", filter=Q(applied_at__isnull=True)),
        failed=Count("id", filter=Q(applied_at__isnull=True) & ~Q(error="")),
        last=Max("applied_at"),
    )
    recent = InboxMessage.objects.filter(applied_at__gte=timezone.now() - LAG_WINDOW).values_list(
        "applied_at", "payload__timestamp"
    )[:LAG_SAMPLE]
    lags = []
    for applied, sent in recent:
        when = parse_datetime(sent) if isinstance(sent, str) else None
        if isinstance(when, datetime):
            lags.append((applied - when).total_seconds() * 1000)
    p50, p99 = _percentiles(lags)
    return {
        "last_sync": counts["last"],
        "status": _state(synced=counts["synced"], failed=counts["failed"], dead=0, retrying=0),
        "synced_count": counts["synced"],
        "failed_count": counts["failed"],
        "pending_count": counts["pending"],
        "dead_count": 0,
        "lag_p50_ms": p50,
        "lag_p99_ms": p99,
    }


def sync_status(service: str) -> dict[str, Any]:
    """Both directions in the seed's shape, and ``jobs``: the scheduled jobs' last runs."""
    out = OUTGOING[service]
    into = next(name for name in OUTGOING.values() if name != out)
    return {out: outgoing(service), into: incoming(), "jobs": job_runs()}


def retry_failed(service: str) -> dict[str, int]:
    """Dead deliveries to the peer get a fresh schedule; inbox messages that failed are tried again."""
    resent = retry_dead(peer_subscriptions(service).values("id"))
    reapplied = InboxMessage.objects.filter(applied_at__isnull=True).exclude(error="").update(error="")
    return {"deliveries_rescheduled": resent, "inbox_retried": reapplied}
