"""Scheduled jobs leave their last run behind (start, finish, outcome or error), so sync status and the
dashboards show whether reconciliation, order summaries and pruning ran, and how it went."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.utils import timezone

from cityos.platform.events.models import JobRun

logger = logging.getLogger(__name__)
Job = TypeVar("Job", bound=Callable[..., Any])


def recorded(name: str) -> Callable[[Job], Job]:
    def wrap(job: Job) -> Job:
        @functools.wraps(job)
        def run(*args: Any, **kwargs: Any) -> Any:
            JobRun.objects.update_or_create(
                name=name, defaults={"started_at": timezone.now(), "finished_at": None, "error": ""}
            )
            started = time.perf_counter()
            try:
                outcome = job(*args, **kwargs)
            except Exception as error:
                logger.exception("job %s failed after %.1f s", name, time.perf_counter() - started)
                JobRun.objects.filter(name=name).update(finished_at=timezone.now(), error=repr(error)[:2000])
                raise
            JobRun.objects.filter(name=name).update(finished_at=timezone.now(), outcome=outcome)
            logger.debug("job %s ran in %.1f s: %s", name, time.perf_counter() - started, outcome)
            return outcome

        return run  # type: ignore[return-value]

    return wrap


def job_runs() -> dict[str, dict[str, Any]]:
    return {
        run.name: {"started_at": run.started_at, "finished_at": run.finished_at, "outcome": run.outcome,
                   "error": run.error or None}
        for run in JobRun.objects.all()
    }  # fmt: skip
