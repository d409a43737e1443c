"""Content speed: Payload-style product lists under concurrent load.

Usage: ``python bench/content.py [--database sqlite|postgres] [--products 1000] [--connections 16]``.

It starts the content service alone in production mode on a fresh database (PostgreSQL + Redis with
``postgres``), loads the demo tenants and commerce's integration key, creates ``--products``
published products with images and SEO through ``POST /api/products`` one after another (the
create rate), then loads ``GET /api/products?limit=12&depth=2`` and ``?limit=100&depth=2`` (random
pages, anonymous) and the demo's ``GET /api/public/pages/home?tenant=acme`` from ``--connections``
keep-alive connections, printing req/s, p50 and p99.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from cityos.testing.bench import CITYOS, analyze, database, describe, load, production_env, server
from cityos.testing.launcher import free_port


def prepare(env: dict[str, str]) -> str:
    """Migrate and load the demo (tenants, integration key); returns the integration's API key."""
    subprocess.run([*CITYOS, "manage", "content", "migrate", "--no-input", "-v0"], env=env, check=True)
    wanted = {"admin": {"email": "bench@cityos.local", "password": secrets.token_urlsafe(12)}}
    wanted["api_key"] = secrets.token_urlsafe(32)
    subprocess.run(
        [*CITYOS, "manage", "content", "demo"], env=env, input=json.dumps(wanted), capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    return wanted["api_key"]


def product(number: int) -> dict[str, Any]:
    return {
        "medusa_id": f"prod_BENCH{number:05d}",
        "tenant": "acme",
        "title": f"Bench product {number}",
        "handle": f"bench-product-{number}",
        "description": f"**Bench** product number {number}, made to measure the content API.",
        "thumbnail": f"/media/bench/{number}-thumb.jpg",
        "images": [{"url": f"/media/bench/{number}-{side}.jpg"} for side in ("front", "back")],
        "seo": {"meta_title": f"Bench product {number}", "meta_description": "Made to measure."},
    }


def create_products(url: str, key: str, count: int) -> float:
    headers = {"Authorization": f"users API-Key {key}"}
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        started = time.perf_counter()
        for number in range(count):
            response = client.post("/api/products?is_from_medusa=true", json=product(number))
            if response.status_code != 201:
                raise SystemExit(f"POST /api/products answered {response.status_code}: {response.text}")
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-cache", action="store_true", help="serve without the anonymous answer cache")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cityos-bench-") as tmp, database(args.database, "content") as db:
        env = production_env(Path(tmp), db)
        if args.no_cache:
            env["CITYOS_CONTENT_CACHE_SECONDS"] = "0"
        key = prepare(env)
        with server(env, "content", free_port(), args.workers, args.threads) as url:
            backend = "PostgreSQL + Redis" if args.database == "postgres" else "SQLite"
            cache = "off" if args.no_cache else "on"
            print(f"cityos content bench: {backend}, {args.workers}x{args.threads} workers, cache {cache}")
            elapsed = create_products(url, key, args.products)
            print(f"POST /api/products (published, revision, event): {args.products} in {elapsed:.1f} s "
                  f"= {args.products / elapsed:.1f} products/s")  # fmt: skip
            analyze(db)
            for limit in (12, 100):
                pages = max(args.products // limit, 1)

                def next_path(limit: int = limit, pages: int = pages) -> str:
                    return f"/api/products?limit={limit}&depth=2&page={random.randrange(pages) + 1}"

                load(url, next_path, {}, args.connections, 2)  # warm-up
                result = load(url, next_path, {}, args.connections, args.seconds)
                name = f"GET /api/products?limit={limit}&depth=2 (random page, anonymous)"
                print(describe(name, result, args.connections))
            home = "/api/public/pages/home?tenant=acme"
            load(url, lambda: home, {}, args.connections, 2)  # warm-up
            result = load(url, lambda: home, {}, args.connections, args.seconds)
            print(describe(f"GET {home} (demo home page, images at depth 2)", result, args.connections))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
