"""Named steps with compensation: undone in reverse, each once, and a database error undoes only what
lies outside the database."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from cityos.platform.workflows import Step, run_steps


def workflow(log: list[str], failure: BaseException, *, outside: str = "") -> list[Step[list[str]]]:
    def doing(name: str) -> Step[list[str]]:
        return Step(
            name,
            lambda log: log.append(f"do {name}") or name,
            lambda log, result: log.append(f"undo {result}"),
            in_database=name != outside,
        )

    def fail(log: list[str]) -> None:
        raise failure

    return [doing("hold"), doing("charge"), Step("write", fail, lambda log, result: log.append("undo write"))]


def test_a_failed_step_undoes_the_done_ones_in_reverse_and_raises() -> None:
    log: list[str] = []
    with pytest.raises(ValueError, match="refused"):
        run_steps("test", workflow(log, ValueError("refused")), log)
    assert log == ["do hold", "do charge", "undo charge", "undo hold"]  # not the failed step's own


def test_after_a_database_error_only_what_lies_outside_the_database_is_undone() -> None:
    log: list[str] = []
    with pytest.raises(IntegrityError):
        run_steps("test", workflow(log, IntegrityError("duplicate"), outside="charge"), log)
    assert log == ["do hold", "do charge", "undo charge"]


def test_a_failing_compensation_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    log: list[str] = []

    def broken(log: list[str], result: object) -> None:
        raise RuntimeError("provider unreachable")

    steps = [Step("hold", lambda log: log.append("do hold"), lambda log, r: log.append("undo hold")),
             Step("charge", lambda log: None, broken), Step("write", lambda log: 1 / 0)]  # fmt: skip
    with pytest.raises(ZeroDivisionError):
        run_steps("test", steps, log)
    assert log == ["do hold", "undo hold"]
    assert "compensation of step charge failed" in caplog.text
