"""Sending the outbox to webhook subscriptions: fan-out with the event, then attempts with backoff.

Each matching subscription gets one delivery row, written in the event's own transaction. Deliveries
for the same entity go out in event order: one waits while an older one to the same subscription is
still pending. 2xx delivers; a 4xx other than 408 or 429 is final (the receiver refused the content);
anything else is retried on a schedule with jitter, about a day in all, and then the delivery is dead.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cityos.platform import logs
from cityos.platform.conf import DEFAULT_RETRY_SCHEDULE
from cityos.platform.events import signing
from cityos.platform.events.models import Delivery, DeliveryAttempt, OutboxEvent, Subscription
from cityos.platform.prepared import PreparedModels

RETRYABLE_4XX = {408, 429}
logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10.0
SENDERS = 8  # deliveries sent at once by one worker


def schedule() -> tuple[int, ...]:
    return tuple(getattr(settings, "CITYOS_WEBHOOK_RETRY_SCHEDULE", DEFAULT_RETRY_SCHEDULE))


def checked_url(url: str) -> str:
    """Senders reach http(s) URLs only; anything else is refused before it is stored."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("webhook URLs must be http or https")
    return url


def checked_events(events: Any) -> list[str]:
    if not isinstance(events, list) or not all(isinstance(pattern, str) and pattern for pattern in events):
        raise ValueError('events must be a list of patterns such as "product.*"')
    return events


@transaction.atomic
def subscribe(
    url: str,
    *,
    events: list[str] | None = None,
    secret: str = "",
    description: str = "",
    is_active: bool = True,
) -> Subscription:
    """A subscription to an http(s) URL; a secret is made when none is given."""
    return Subscription.objects.create(
        url=checked_url(url), events=checked_events(events or []), secret=secret or signing.new_secret(),
        description=description, is_active=is_active,
    )  # fmt: skip


@transaction.atomic
def change_subscription(subscription: Subscription, values: dict[str, Any]) -> Subscription:
    """``url``, ``events``, ``description``, ``is_active`` or a new ``secret``, checked as at birth."""
    if "url" in values:
        subscription.url = checked_url(values["url"])
    if "events" in values:
        subscription.events = checked_events(values["events"])
    for name in ("description", "is_active", "secret"):
        if name in values:
            setattr(subscription, name, values[name])
    subscription.save()
    return subscription


@transaction.atomic
def unsubscribe(subscription: Subscription) -> None:
    """Its deliveries and their attempts go with it."""
    subscription.delete()


def matches(subscription: Subscription, name: str) -> bool:
    return not subscription.events or any(
        fnmatch.fnmatchcase(name, pattern) for pattern in subscription.events
    )


ACTIVE_SUBSCRIPTIONS = PreparedModels(lambda: Subscription.objects.filter(is_active=True))


def fan_out(events: list[OutboxEvent]) -> list[Delivery]:
    """Delivery rows for every active subscription each event matches (called inside ``emit``)."""
    subscriptions = ACTIVE_SUBSCRIPTIONS()
    if not subscriptions:
        return []
    now = timezone.now()
    deliveries = [
        Delivery(event=event, subscription=subscription, entity_id=event.entity_id, next_attempt_at=now)
        for event in events
        for subscription in subscriptions
        if matches(subscription, event.name)
    ]
    return Delivery.objects.bulk_create(deliveries)


def body_of(event: OutboxEvent) -> bytes:
    """The Standard Webhooks payload: ``{type, timestamp, data}``; the tenant rides in ``data``."""
    data = {**event.data, "tenant_id": event.tenant_id}
    payload = {
        "type": event.name,
        "timestamp": event.created_at.isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "data": data,
    }
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int


_client: httpx.Client | None = None


def client() -> httpx.Client:
    """One keep-alive client per worker process, shared by its sending threads; never follows redirects."""
    global _client
    if _client is None:
        _client = httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False)
    return _client


def send(delivery: Delivery) -> Outcome:
    """POST the event to the subscriber, signed, under the id of the request that emitted it."""
    event = delivery.event
    body = body_of(event)
    headers = signing.headers(delivery.subscription.secret, delivery.event_id, body)
    headers[logs.HEADER] = event.request_id or event.id
    started = time.perf_counter()
    try:
        response = client().post(delivery.subscription.url, content=body, headers=headers)
        outcome = Outcome(response.status_code, "" if response.is_success else response.text[:500], 0)
    except httpx.HTTPError as error:
        outcome = Outcome(None, f"{type(error).__name__}: {error}"[:500], 0)
    return Outcome(outcome.status_code, outcome.error, int((time.perf_counter() - started) * 1000))


def log_outcome(delivery: Delivery, outcome: Outcome, *, failed: bool) -> None:
    """One line per send, under the id of the request that emitted the event: a warning when it failed."""
    event = delivery.event
    with logs.acting_for(event.request_id or event.id):
        url, result = delivery.subscription.url, outcome.status_code or outcome.error
        logger.log(logging.WARNING if failed else logging.DEBUG, "webhook %s (%s) to %s: %s in %d ms",
                   event.id, event.name, url, result, outcome.duration_ms)  # fmt: skip


def next_try(attempts: int, now: datetime) -> datetime | None:
    """When to try again after ``attempts`` failures, with ±20 % jitter; None when the schedule is spent."""
    steps = schedule()
    if attempts > len(steps):
        return None
    delay = steps[attempts - 1] * random.uniform(0.8, 1.2)
    return now + timedelta(seconds=delay)


# A peer that refuses connections while it starts (``cityos run`` starts both services together) is
# not failing: for this long after a delivery is made, a refused connection is tried again shortly
# without spending an attempt, so a fresh install shows no failures. Later it counts as any failure.
PEER_START_GRACE = timedelta(minutes=3)
PEER_START_WAIT = timedelta(seconds=1)


def peer_starting(delivery: Delivery, outcome: Outcome, now: datetime) -> bool:
    refused = outcome.status_code is None and outcome.error.startswith("ConnectError")
    return refused and delivery.attempts == 0 and now - delivery.created_at < PEER_START_GRACE


def record(delivery: Delivery, outcome: Outcome, now: datetime) -> Delivery:
    starting = peer_starting(delivery, outcome, now)
    log_outcome(delivery, outcome, failed=not starting and (outcome.status_code or 0) // 100 != 2)
    if starting:
        delivery.next_attempt_at = now + PEER_START_WAIT
        delivery.save(update_fields=["next_attempt_at"])
        return delivery
    DeliveryAttempt.objects.create(
        delivery=delivery,
        status_code=outcome.status_code,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
    )
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = outcome.status_code, outcome.error
    code = outcome.status_code
    refused = code is not None and 400 <= code < 500 and code not in RETRYABLE_4XX
    when = None if refused else next_try(delivery.attempts, now)
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at = Delivery.Status.DELIVERED, now
    elif when is None:  # refused by the receiver, or the schedule is spent
        delivery.status = Delivery.Status.DEAD
    else:
        delivery.next_attempt_at = when
    delivery.save()
    return delivery


def blocked(delivery: Delivery) -> bool:
    """An older delivery of the same entity to the same subscription is still pending."""
    if not delivery.entity_id:
        return False
    older = Delivery.objects.filter(
        subscription_id=delivery.subscription_id,
        entity_id=delivery.entity_id,
        status=Delivery.Status.PENDING,
        event__created_at__lt=delivery.event.created_at,
    )
    return older.exists()


def lease() -> timedelta:
    """How long a claimed delivery is its worker's: due again after that if the worker died mid-send.
    Longer than a send can take (``TIMEOUT_SECONDS``), so a slow peer is never sent to twice at once."""
    return timedelta(seconds=max(getattr(settings, "CITYOS_WEBHOOK_LEASE_SECONDS", 60), TIMEOUT_SECONDS + 1))


def _claim(due: list[Delivery]) -> list[Delivery]:
    """Take a lease on what is still due, in one update; what another worker took meanwhile drops out."""
    lease_until = timezone.now() + lease()
    Delivery.objects.filter(
        pk__in=[d.pk for d in due], status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now()
    ).update(next_attempt_at=lease_until)
    ours = set(
        Delivery.objects.filter(pk__in=[d.pk for d in due], next_attempt_at=lease_until).values_list(
            "pk", flat=True
        )
    )
    return [d for d in due if d.pk in ours]


def deliver_due(limit: int = 100) -> list[Delivery]:
    """Send what is due, oldest event first, at most one per entity and subscription at a time.

    A batch is claimed with a lease in one short statement, sent concurrently outside any
    transaction (``SENDERS`` at once, over keep-alive connections), and recorded in one transaction,
    so no lock is held across the network and a dead worker's batch is simply due again later.
    """
    now = timezone.now()
    due = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .select_related("event", "subscription")
        .order_by("event__created_at", "event_id", "pk")[:limit]
    )
    first_of_entity: dict[tuple[str, str], Delivery] = {}
    for candidate in due:
        key = (candidate.subscription_id, candidate.entity_id or candidate.pk)
        if key not in first_of_entity and not blocked(candidate):
            first_of_entity[key] = candidate
    batch = _claim(list(first_of_entity.values()))
    if not batch:
        return []
    with ThreadPoolExecutor(max_workers=min(SENDERS, len(batch))) as pool:
        outcomes = list(pool.map(send, batch))
    recorded_at = timezone.now()
    with transaction.atomic():
        return [record(d, outcome, recorded_at) for d, outcome in zip(batch, outcomes, strict=True)]


def retry_dead(subscription_ids: Any = None) -> int:
    """Give dead deliveries a fresh schedule (``retry-failed``)."""
    dead = Delivery.objects.filter(status=Delivery.Status.DEAD)
    if subscription_ids is not None:
        dead = dead.filter(subscription_id__in=subscription_ids)
    return dead.update(status=Delivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now())
