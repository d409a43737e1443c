"""Sync over the last day, hour by hour, for the admin dashboards: what went out and came in, what
failed, what died, and how late it arrived. Counts are aggregated in the database; lag comes from a
bounded sample of the newest rows, as in ``status``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cityos.platform.events.models import Delivery, DeliveryAttempt, InboxMessage
from cityos.platform.events.status import LAG_SAMPLE, OUTGOING, _percentiles, peer_subscriptions

HOURS = 24
WIDTH, HEIGHT = 480, 120


@dataclass(frozen=True)
class Series:
    """One chart: a value per hour, oldest first, and the bars or line that draw it."""

    title: str
    unit: str
    values: list[float]
    hours: list[datetime]
    line: bool = False
    trouble: bool = False  # counts of what went wrong, drawn in red

    @property
    def peak(self) -> float:
        return max(self.values, default=0)

    @property
    def total(self) -> float:
        return sum(self.values)

    def bars(self) -> list[dict[str, Any]]:
        step = WIDTH / len(self.values)
        scale = (HEIGHT - 10) / self.peak if self.peak else 0
        return [
            {"x": round(i * step + 1, 1), "width": round(step - 2, 1), "height": round(value * scale, 1),
             "y": round(HEIGHT - value * scale, 1), "value": value, "hour": self.hours[i]}
            for i, value in enumerate(self.values)
        ]  # fmt: skip

    def points(self) -> str:
        return " ".join(f"{bar['x'] + bar['width'] / 2},{bar['y']}" for bar in self.bars())


def _hours(now: datetime) -> list[datetime]:
    last = now.replace(minute=0, second=0, microsecond=0)
    return [last - timedelta(hours=HOURS - 1 - i) for i in range(HOURS)]


def _per_hour(rows: Iterable[dict[str, Any]], hours: list[datetime]) -> list[float]:
    counts = {row["hour"]: row["n"] for row in rows if row["hour"] is not None}
    return [float(counts.get(hour, 0)) for hour in hours]


def _counted(queryset: Any, field: str, hours: list[datetime]) -> list[float]:
    rows = (
        queryset.filter(**{f"{field}__gte": hours[0]})
        .annotate(hour=TruncHour(field))
        .values("hour")
        .annotate(n=Count("pk"))
    )
    return _per_hour(rows, hours)


def _lag_p99(pairs: Iterable[tuple[datetime, datetime | None]], hours: list[datetime]) -> list[float]:
    by_hour: dict[datetime, list[float]] = defaultdict(list)
    for done, made in pairs:
        if made is not None:
            by_hour[done.replace(minute=0, second=0, microsecond=0)].append(
                (done - made).total_seconds() * 1000
            )
    return [float(_percentiles(by_hour[hour])[1] or 0) for hour in hours]


def outgoing_history(service: str, hours: list[datetime]) -> list[Series]:
    deliveries = Delivery.objects.filter(subscription__in=peer_subscriptions(service))
    attempts = DeliveryAttempt.objects.filter(delivery__in=deliveries).filter(
        ~Q(error="") | Q(status_code__lt=200) | Q(status_code__gte=300)
    )
    delivered = deliveries.filter(status=Delivery.Status.DELIVERED)
    dead = deliveries.filter(status=Delivery.Status.DEAD)
    recent = delivered.filter(delivered_at__gte=hours[0]).order_by("-delivered_at")
    lags = recent.values_list("delivered_at", "event__created_at")[:LAG_SAMPLE]
    return [
        Series("Delivered", "events", _counted(delivered, "delivered_at", hours), hours),
        Series("Failed attempts", "attempts", _counted(attempts, "at", hours), hours, trouble=True),
        Series("Dead (by the hour made)", "events", _counted(dead, "created_at", hours), hours, trouble=True),
        Series("Lag p99", "ms", _lag_p99(lags, hours), hours, line=True),
    ]


def incoming_history(hours: list[datetime]) -> list[Series]:
    recent = InboxMessage.objects.filter(applied_at__gte=hours[0]).order_by("-applied_at")
    sent = (
        (applied, when if isinstance(when := parse_datetime(str(stamp or "")), datetime) else None)
        for applied, stamp in recent.values_list("applied_at", "payload__timestamp")[:LAG_SAMPLE]
    )
    failing = InboxMessage.objects.filter(applied_at__isnull=True).exclude(error="")
    applied = _counted(InboxMessage.objects.all(), "applied_at", hours)
    return [
        Series("Applied", "events", applied, hours),
        Series(
            "Failing to apply (by hour received)",
            "events",
            _counted(failing, "received_at", hours),
            hours,
            trouble=True,
        ),
        Series("Lag p99", "ms", _lag_p99(sent, hours), hours, line=True),
    ]


def history(service: str, *, now: datetime | None = None) -> dict[str, list[Series]]:
    """``{direction: [Series, …]}`` in the seed's direction names, this service's view of both."""
    hours = _hours(now or timezone.now())
    out = OUTGOING[service]
    into = next(name for name in OUTGOING.values() if name != out)
    return {out: outgoing_history(service, hours), into: incoming_history(hours)}
