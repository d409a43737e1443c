"""Commerce's worker: applies content's events as they arrive (and sweeps every minute), and sends
the daily order summaries."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cityos.commerce.orders.summaries import send_day
from cityos.commerce.resync import resend_mirrors, resend_products
from cityos.commerce.sync import apply_inbox
from cityos.platform.events.jobs import recorded


@db_task()
def apply_received() -> dict[str, int]:
    return apply_inbox()


@db_periodic_task(crontab(minute="*"))
def sweep_inbox() -> dict[str, int]:
    return apply_inbox()


@db_periodic_task(crontab(minute="5", hour="0"))
@recorded("send_daily_order_summaries")
def send_daily_order_summaries() -> int:
    """Shortly after midnight UTC, yesterday's orders per tenant go to content."""
    return send_day(timezone.now().date() - timedelta(days=1))


@db_periodic_task(crontab(minute="41"))
@recorded("reconcile_with_content")
def reconcile_with_content() -> int:
    """Hourly: every tenant, store, category and product goes to content again; content repairs
    whatever drifted and skips the rest."""
    return resend_mirrors() + sum(sent for sent, _cursor in resend_products())
