"""The load-benchmark harness: a fresh database, a production-mode service, and a small HTTP load generator.

The load generator is an asyncio HTTP/1.1 client with keep-alive connections sending requests back
to back; it runs on the same machine as the server, so it shares the CPU.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

CITYOS = [sys.executable, "-m", "cityos.cli"]
POSTGRES = os.environ.get("CITYOS_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("CITYOS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


@contextmanager
def database(kind: str, service: str) -> Iterator[dict[str, str]]:
    """Environment for a fresh database of ``service`` of the given kind, dropped afterwards."""
    if kind == "sqlite":
        yield {}
        return
    import psycopg

    name = f"cityos_bench_{service}_{os.getpid()}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        # The scale path: PostgreSQL with Redis for the queue and the cache every worker shares.
        url = f"{POSTGRES}/{name}"
        yield {f"{service.upper()}_DATABASE_URL": url, "REDIS_URL": REDIS, "CITYOS_INSTANCE": name}
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def analyze(db: dict[str, str]) -> None:
    """Fresh statistics after the bulk load, as autovacuum would gather shortly after; SQLite has none."""
    for url in (value for name, value in db.items() if name.endswith("_DATABASE_URL")):
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("ANALYZE")


def prepare_commerce(env: dict[str, str]) -> dict[str, Any]:
    """Migrate commerce and load its demo tenants; returns the demo's keys, ids and credentials."""
    subprocess.run([*CITYOS, "manage", "commerce", "migrate", "--no-input", "-v0"], env=env, check=True)
    wanted = {
        "admin": {"email": "bench@cityos.local", "password": secrets.token_urlsafe(12)},
        "secret_api_key": f"sk_{secrets.token_hex(32)}",
        "customer_password": secrets.token_urlsafe(12),
    }
    done = subprocess.run(
        [*CITYOS, "manage", "commerce", "demo"], env=env, input=json.dumps(wanted), capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def production_env(var_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    secrets_of = {
        f"{service}_{kind}": secrets.token_urlsafe(48)
        for service in ("COMMERCE", "CONTENT", "STOREFRONT")
        for kind in ("SECRET_KEY", "JWT_SECRET")
    }
    return {**os.environ, "CITYOS_VAR_DIR": str(var_dir), "CITYOS_ENV": "production", "CITYOS_DEBUG": "0",
            **secrets_of, **extra}  # fmt: skip


@contextmanager
def server(env: dict[str, str], service: str, port: int, workers: int, threads: int) -> Iterator[str]:
    """``cityos serve <service>`` in its own process group, healthy before the block runs."""
    command = [*CITYOS, "serve", service, "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen([*command, "--threads", str(threads)], env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"{service} did not become healthy in 60 s")
        yield url
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


async def _worker(
    address: tuple[str, int], host: str, next_path: Callable[[], str], headers: str, stop: float,
    samples: list[float],
) -> int:  # fmt: skip
    """One keep-alive HTTP/1.1 connection sending requests back to back; returns its error count."""
    reader, writer = await asyncio.open_connection(*address)
    errors = 0
    while time.perf_counter() < stop:
        started = time.perf_counter()
        writer.write(f"GET {next_path()} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n".encode())
        status = int((await reader.readline()).split()[1])
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await reader.readexactly(length)
        samples.append(time.perf_counter() - started)
        errors += status != 200
    writer.close()
    return errors


def load(
    url: str, next_path: Callable[[], str], headers: dict[str, str], connections: int, seconds: float,
    *, host: str | None = None,
) -> dict[str, float]:  # fmt: skip
    """Requests from ``connections`` keep-alive connections for ``seconds``: req/s, p50, p99, errors.
    ``host`` is the Host header when it is not the URL's (a storefront's shop host)."""
    address, port = url.removeprefix("http://").split(":")
    lines = "".join(
        f"{name}: {value}\r\n" for name, value in {"Accept": "application/json", **headers}.items()
    )

    async def run() -> tuple[list[float], int]:
        samples: list[float] = []
        stop = time.perf_counter() + seconds
        errors = await asyncio.gather(
            *(
                _worker((address, int(port)), host or address, next_path, lines, stop, samples)
                for _ in range(connections)
            )
        )
        return samples, sum(errors)

    started = time.perf_counter()
    samples, errors = asyncio.run(run())
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(samples, n=100)
    return {
        "requests": len(samples),
        "errors": errors,
        "rps": len(samples) / elapsed,
        "p50_ms": cuts[49] * 1000,
        "p99_ms": cuts[98] * 1000,
    }


def describe(name: str, result: dict[str, float], connections: int) -> str:
    return (
        f"{name}: {result['rps']:.0f} req/s, p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
        f"{result['requests']} requests, {result['errors']} errors ({connections} connections)"
    )
