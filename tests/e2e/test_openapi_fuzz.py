"""schemathesis against both live OpenAPI specs: no input answers 5xx, and each service's answers match
its spec. Bounded: each spec gets its coverage phase (nulls, bounds, wrong types for every field) and then
fuzzing until its time budget is spent; the seed is fixed so a failure here reproduces locally with
the command printed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from cityos.testing.launcher import ServiceStack

SECONDS_PER_SPEC = 45
SEED = "20261201"


def schemathesis(spec: str, header: str, checks: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert executable, "schemathesis is a dev dependency (uv sync)"
    command = [
        executable, "run", spec, "-H", header, "--checks", checks, "--phases", "coverage,fuzzing",
        "--max-examples", "5", "--max-time", str(SECONDS_PER_SPEC), "--seed", SEED, "-w", "2",
        "--request-timeout", "30", "--no-color",
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=SECONDS_PER_SPEC * 6, check=False)


def test_no_input_reaches_a_server_error(stack: ServiceStack) -> None:
    """One platform for both specs: starting one is most of the cost."""
    demo = stack.demo
    runs = {
        "commerce": schemathesis(
            f"{stack.url('commerce')}/openapi.json",
            f"Authorization: Basic {demo['commerce']['secret_api_key']}",
            "not_a_server_error,response_schema_conformance",
        ),
        "content": schemathesis(
            f"{stack.url('content')}/api/openapi.json",
            f"Authorization: users API-Key {demo['content']['api_key']}",
            "not_a_server_error,response_schema_conformance",
        ),
    }
    failed = {name: run.stdout[-20000:] + run.stderr[-5000:] for name, run in runs.items() if found(run)}
    assert not failed, failed


def found(run: subprocess.CompletedProcess[str]) -> bool:
    """A failed check (a 5xx, a schema violation) or a run that tested nothing; an error inside
    schemathesis' own data generation is printed in its output but is not a finding against cityos."""
    return "Failures:" in run.stdout or "Test cases:" not in run.stdout
