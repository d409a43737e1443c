"""Commerce's worker applies content's events as soon as they are stored, and sweeps every minute."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cityos.commerce.sync import apply_inbox


@db_task()
def apply_received() -> dict[str, int]:
    return apply_inbox()


@db_periodic_task(crontab(minute="*"))
def sweep_inbox() -> dict[str, int]:
    return apply_inbox()
