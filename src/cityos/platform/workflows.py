"""Workflows of named steps with compensation, as Medusa's ``createWorkflow``/``createStep``.

A step does one module's work through that module's services and may name a compensation that
undoes it. When a later step fails, the compensations of the steps already done run in reverse
order, each given what its step returned, and the failure is raised again.

The steps share the caller's database transaction. A compensation of database writes matters when
the caller goes on with that transaction (a declined payment answers 200 and keeps the session's
status); after a database error the transaction is lost, its rollback undoes those writes, and only
compensations of what lies outside the database (``in_database=False``: a provider's authorization)
still run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import DatabaseError

logger = logging.getLogger(__name__)
Context = TypeVar("Context")


@dataclass(frozen=True)
class Step(Generic[Context]):
    """``invoke(context)`` does the work and returns what ``compensate(context, result)`` undoes."""

    name: str
    invoke: Callable[[Context], Any]
    compensate: Callable[[Context, Any], None] | None = None
    in_database: bool = True  # the compensation only writes rows the transaction's rollback would undo


def run_steps(workflow: str, steps: Sequence[Step[Context]], context: Context) -> None:
    """Run ``steps`` in order; on a failure, compensate the finished ones in reverse and re-raise it.

    A compensation that fails itself is logged and the others still run: the original error is the
    one the caller must see.
    """
    done: list[tuple[Step[Context], Any]] = []
    for step in steps:
        try:
            result = step.invoke(context)
        except BaseException as failure:
            logger.info("%s: step %s failed (%s); compensating %d steps", workflow, step.name,
                        type(failure).__name__, len(done))  # fmt: skip
            lost = isinstance(failure, DatabaseError)
            for finished, value in reversed(done):
                if finished.compensate is None or (lost and finished.in_database):
                    continue
                try:
                    finished.compensate(context, value)
                except Exception:
                    logger.exception("%s: compensation of step %s failed", workflow, finished.name)
            raise
        done.append((step, result))
