"""Storefront speed: the home page, a category page and a product page of a demo shop under load.

Usage: ``python bench/storefront.py [--database sqlite|postgres] [--seconds 10] [--connections 16]``.

It starts commerce and content with their workers on fresh databases with the demo loaded and
synced, then the storefront in production mode (granian, ``--workers``), twice:

1. warm: the storefront's cache on and filled by one pass over the pages;
2. cold: the storefront's cache off (``CITYOS_STOREFRONT_CACHE_SECONDS=0``), so every page asks
   commerce and content again; their own answer caches stay on.

For each it prints req/s, p50 and p99 with ``--connections`` keep-alive connections, and the time
one page spent waiting on each upstream (the median of its ``Server-Timing`` header over 50 pages).
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
from pathlib import Path

import httpx

from cityos.testing.bench import database, describe, load, production_env, server
from cityos.testing.launcher import ServiceStack, eventually, free_port

TIMING = re.compile(r"(\w+);dur=([\d.]+)")


def waits(url: str, host: str, path: str, samples: int = 50) -> dict[str, float]:
    """Median milliseconds one page waited on each upstream, read from its ``Server-Timing``."""
    seen: dict[str, list[float]] = {}
    with httpx.Client(base_url=url, headers={"host": host}, timeout=30) as client:
        for _ in range(samples):
            header = client.get(path).headers.get("server-timing", "")
            for service, millis in TIMING.findall(header):
                seen.setdefault(service, []).append(float(millis))
    return {service: statistics.median(values) for service, values in seen.items()}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory(prefix="cityos-bench-") as tmp,
        database(args.database, "commerce") as commerce_db,
        database(args.database, "content") as content_db,
    ):
        stack = ServiceStack(Path(tmp), {**commerce_db, **content_db})
        try:
            for name in ("commerce", "commerce-worker", "content", "content-worker"):
                stack.start(name)
            acme = next(t for t in stack.demo["tenants"] if t["slug"] == "acme")
            stores = f"{stack.url('content')}/api/stores?where[tenant][equals]=acme"
            if not eventually(lambda: bool(httpx.get(stores).json()["docs"]), 120):
                raise SystemExit("the demo store did not reach content")
            product = httpx.get(
                f"{stack.url('commerce')}/store/products?limit=1&fields=handle",
                headers={"x-publishable-api-key": acme["publishable_key"]},
            ).json()["products"][0]["handle"]
            pages = {"home": "/", "category": "/categories/apparel", "product": f"/products/{product}"}
            backend = "PostgreSQL + Redis" if args.database == "postgres" else "SQLite, local-memory caches"
            print(f"cityos storefront bench: {backend}, storefront {args.workers} workers, "
                  f"{args.connections} connections, shop {acme['host']}")  # fmt: skip
            for label, seconds in (("warm", "30"), ("cold", "0")):
                env = production_env(Path(tmp), {**stack.env, "CITYOS_STOREFRONT_CACHE_SECONDS": seconds})
                port = free_port()
                host = f"{acme['host']}:{port}"
                with server(env, "storefront", port, args.workers, 1) as url:
                    for name, path in pages.items():
                        load(url, lambda path=path: path, {}, args.connections, 2, host=host)  # warm-up
                        result = load(
                            url, lambda path=path: path, {}, args.connections, args.seconds, host=host
                        )
                        upstream = ", ".join(f"{s} {ms:.1f} ms" for s, ms in waits(url, host, path).items())
                        print(f"{label} {describe(name, result, args.connections)}; "
                              f"waited per page: {upstream or 'nothing (all cached)'}")  # fmt: skip
        finally:
            stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
