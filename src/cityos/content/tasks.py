"""Content's worker applies commerce's events as soon as they are stored (and sweeps every minute),
and reconciles its editorial fields with commerce every hour."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cityos.content.sync import apply_inbox, reconcile_with_commerce
from cityos.platform.events.jobs import recorded


@db_task()
def apply_received() -> dict[str, int]:
    return apply_inbox()


@db_periodic_task(crontab(minute="*"))
def sweep_inbox() -> dict[str, int]:
    return apply_inbox()


@db_periodic_task(crontab(minute="47"))
@recorded("reconcile_editorial")
def reconcile_editorial() -> int:
    """Hourly: every tenant's editorial fields go to commerce again; commerce repairs what drifted."""
    return reconcile_with_commerce()
