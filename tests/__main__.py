"""``make test`` (``python -m tests``): every suite under its own service's settings, then end-to-end.

Each service is a separate Django project, so each suite is its own pytest process. With
``CITYOS_TEST_POSTGRES_URL`` and ``REDIS_URL`` set, every suite runs a second time on PostgreSQL
(a database per service, created and dropped by pytest-django) and Redis (Huey and the cache), and
with ``CITYOS_REQUIRE_SERVERS=1`` a test marked ``postgres``/``redis``/``browser`` that skips fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITES = [
    ("platform", "commerce"),
    ("commerce", "commerce"),
    ("content", "content"),
    ("storefront", "storefront"),
]
SERVER_MARKERS = "postgres or redis or browser"
REPORTS = Path(tempfile.mkdtemp(prefix="cityos-test-reports-"))


@dataclass
class Pass:
    name: str
    code: int
    seconds: float
    tests: int = 0
    failed: int = 0
    skipped: int = 0


def run(name: str, args: list[str], env: dict[str, str]) -> Pass:
    print(f"\n=== {name}", flush=True)
    report = REPORTS / f"{uuid.uuid4().hex}.xml"
    started = time.monotonic()
    code = subprocess.call([sys.executable, "-m", "pytest", *args, f"--junitxml={report}"], cwd=ROOT, env=env)
    result = Pass(name, 0 if code == 5 else code, time.monotonic() - started)  # 5: nothing selected
    if report.exists():
        suite = ET.parse(report).getroot().find("testsuite")
        if suite is not None:
            result.tests = int(suite.get("tests", 0))
            result.failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            result.skipped = int(suite.get("skipped", 0))
    return result


def postgres_url(base: str, service: str) -> str:
    return f"{base.rstrip('/')}/cityos_{service}"


def main(extra: list[str]) -> int:
    base_env = {
        **os.environ,
        "CITYOS_INSTANCE": f"cityos-test-{uuid.uuid4().hex[:8]}",
        "CITYOS_VAR_DIR": tempfile.mkdtemp(prefix="cityos-test-var-"),
    }
    pg = os.environ.get("CITYOS_TEST_POSTGRES_URL", "")
    redis = os.environ.get("REDIS_URL", "")
    servers = bool(pg and redis)
    require = os.environ.get("CITYOS_REQUIRE_SERVERS") == "1"
    if require and not servers:
        print("make test: CITYOS_REQUIRE_SERVERS=1 needs CITYOS_TEST_POSTGRES_URL and REDIS_URL", flush=True)
        return 2
    embedded_env = {k: v for k, v in base_env.items() if k != "REDIS_URL"}
    passes = []
    for suite, service in SUITES:
        env = {**embedded_env, "DJANGO_SETTINGS_MODULE": f"cityos.{service}.settings"}
        passes.append(
            run(f"{suite} (sqlite)", [f"tests/{suite}", "-m", f"not ({SERVER_MARKERS})", *extra], env)
        )
    if servers:
        for suite, service in SUITES:
            env = {
                **base_env,
                "DJANGO_SETTINGS_MODULE": f"cityos.{service}.settings",
                "COMMERCE_DATABASE_URL": postgres_url(pg, "commerce"),
                "CONTENT_DATABASE_URL": postgres_url(pg, "content"),
            }
            passes.append(run(f"{suite} (postgres+redis)", [f"tests/{suite}", *extra], env))
    else:
        print("\nmake test: PostgreSQL/Redis passes not run (set CITYOS_TEST_POSTGRES_URL and REDIS_URL)")
    e2e_env = {k: v for k, v in base_env.items() if k != "DJANGO_SETTINGS_MODULE"}
    e2e_select = [] if servers else ["-m", f"not ({SERVER_MARKERS})"]
    passes.append(run("e2e", ["tests/e2e", "-p", "no:django", *e2e_select, *extra], e2e_env))

    print("\n=== summary")
    for p in passes:
        state = "ok  " if p.code == 0 else "FAIL"
        print(
            f"{state} {p.name:<30} {p.tests:4d} tests {p.failed:3d} failed "
            f"{p.skipped:3d} skipped {p.seconds:6.1f}s"
        )
    server_tests = sum(p.tests - p.skipped for p in passes if "postgres" in p.name)
    print(f"tests run on PostgreSQL+Redis: {server_tests}")
    total = sum(p.tests for p in passes)
    failed = sum(p.failed for p in passes)
    skipped = sum(p.skipped for p in passes)
    ok = all(p.code == 0 for p in passes) and not (require and server_tests == 0)
    failures = failed or (0 if ok else 1)  # a failed pass with no failing test still reads as failed
    print(f"{total - failed - skipped} passed, {failures} failed, {skipped} skipped")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
