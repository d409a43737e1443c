"""Catalog speed: Admin create rate, then Store list and by-id throughput under concurrent load.

Usage: ``python bench/catalog.py [--database sqlite|postgres] [--products 1000] [--connections 16]``.

It starts the commerce service alone in production mode (granian, ``--workers``/``--threads``) on a
fresh database (a SQLite file in a temporary directory, or a new PostgreSQL database it drops after),
loads the demo tenant, then:

1. creates ``--products`` products with 3 variants and prices through ``POST /admin/products``,
   one after another (the outbox event included), and stocks them at the demo warehouse;
2. measures the SQL time and query count of one list page alone, in-process;
3. loads ``GET /store/products?limit=12&region_id=…&fields=*variants.calculated_price,
   +variants.inventory_quantity`` (random pages) and ``GET /store/products/:id`` (random products)
   from ``--connections`` keep-alive connections for ``--seconds`` each, printing req/s, p50 and p99.

The load generator is a small asyncio HTTP/1.1 client on the same machine, so it shares the CPU.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from cityos.testing.bench import analyze, database, describe, load, prepare_commerce, production_env, server
from cityos.testing.launcher import free_port

ROOT = Path(__file__).resolve().parents[1]
LIST_FIELDS = "*variants.calculated_price,+variants.inventory_quantity"
SIZES = ("S", "M", "L")


def product_body(number: int, currency: str) -> dict[str, Any]:
    amount = 10 + number % 90
    return {
        "title": f"Bench product {number:05d}",
        "status": "published",
        "description": "A product made by the catalog benchmark.",
        "options": [{"title": "Size", "values": list(SIZES)}],
        "variants": [
            {
                "title": size,
                "sku": f"BENCH-{number:05d}-{size}",
                "options": {"Size": size},
                "prices": [
                    {"amount": amount, "currency_code": currency},
                    {"amount": round(amount * 0.9, 2), "currency_code": currency, "min_quantity": 10},
                ],
            }
            for size in SIZES
        ],
    }


def create_products(url: str, secret: str, count: int, currency: str) -> tuple[list[str], float]:
    """POST them one after another on one keep-alive connection; returns ids and seconds taken."""
    headers = {"Authorization": f"Basic {secret}"}
    ids = []
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        started = time.perf_counter()
        for number in range(count):
            response = client.post("/admin/products", json=product_body(number, currency))
            if response.status_code != 200:
                raise SystemExit(f"POST /admin/products answered {response.status_code}: {response.text}")
            ids.append(response.json()["product"]["id"])
        elapsed = time.perf_counter() - started
        location = client.get("/admin/stock-locations").json()["stock_locations"][0]["id"]
        offset, items = 0, []
        while True:
            page = client.get(
                "/admin/inventory-items", params={"q": "BENCH-", "limit": 1000, "offset": offset}
            )
            rows = page.json()["inventory_items"]
            items += [row["id"] for row in rows]
            offset += len(rows)
            if not rows:
                break
        for start in range(0, len(items), 500):
            rows = [
                {"inventory_item_id": item, "location_id": location, "stocked_quantity": 100}
                for item in items[start : start + 500]
            ]
            client.post(
                "/admin/inventory-items/location-levels/batch", json={"create": rows}
            ).raise_for_status()
    return ids, elapsed


SQL_PROBE = """
import json, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
url, key, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = Client(HTTP_X_PUBLISHABLE_API_KEY=key)
sql, total, queries = [], [], []
for _ in range(runs):
    spent = []
    def timed(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            spent.append(time.perf_counter() - started)
    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        assert client.get(url).status_code == 200
    total.append(time.perf_counter() - started)
    sql.append(sum(spent))
    queries.append(len(spent))
print(json.dumps({"sql_ms": statistics.median(sql) * 1000, "total_ms": statistics.median(total) * 1000,
                  "queries": queries[-1]}))
"""


def sql_probe(env: dict[str, str], path: str, key: str) -> dict[str, float]:
    """SQL time of one request alone (uncached), measured in-process with Django's execute_wrapper."""
    probe_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "cityos.commerce.settings",
        "CITYOS_STORE_CACHE_SECONDS": "0",
    }
    done = subprocess.run(
        [sys.executable, "-c", SQL_PROBE, path, key, "30"],
        env=probe_env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


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
    parser.add_argument("--no-cache", action="store_true", help="serve without the Store response cache")
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory(prefix="cityos-bench-") as tmp,
        database(args.database, "commerce") as db,
    ):
        env = production_env(Path(tmp), db)
        if args.no_cache:
            env["CITYOS_STORE_CACHE_SECONDS"] = "0"
        demo = prepare_commerce(env)
        tenant = demo["tenants"][0]
        key, region = tenant["publishable_key"], tenant["region_id"]
        headers = {"x-publishable-api-key": key}
        with server(env, "commerce", free_port(), args.workers, args.threads) as url:
            cache = "off" if args.no_cache else "on, warmed by one pass over every page and product"
            backend = "PostgreSQL + Redis" if args.database == "postgres" else "SQLite, in-process cache"
            print(f"cityos catalog bench: {backend}, {args.workers} workers x {args.threads} threads, "
                  f"Store cache {cache}")  # fmt: skip
            ids, elapsed = create_products(url, demo["secret_api_key"], args.products, "eur")
            print(f"POST /admin/products (3 variants, 6 prices, event): {len(ids)} in {elapsed:.1f} s "
                  f"= {len(ids) / elapsed:.1f} products/s")  # fmt: skip
            analyze(db)
            pages = (args.products + 50) // 12
            list_path = f"/store/products?limit=12&region_id={region}&fields={LIST_FIELDS}"
            probe = sql_probe(env, list_path, key)
            print(f"list page alone: {probe['queries']} queries, SQL {probe['sql_ms']:.2f} ms, "
                  f"whole request in-process {probe['total_ms']:.2f} ms")  # fmt: skip
            scenarios = {
                "GET /store/products?limit=12 (random page)": lambda: (
                    f"{list_path}&offset={12 * random.randrange(pages)}"
                ),
                "GET /store/products/:id (random product)": lambda: (
                    f"/store/products/{random.choice(ids)}?region_id={region}"
                ),
            }
            if not args.no_cache:  # one pass over every page and product, so the load measures hits
                warm = [f"{list_path}&offset={12 * page}" for page in range(pages)]
                warm += [f"/store/products/{id}?region_id={region}" for id in ids]
                paths = iter(warm)
                load(url, lambda: next(paths, warm[0]), headers, args.connections, len(warm) / 100)
            for name, next_path in scenarios.items():
                load(url, next_path, headers, args.connections, 2)  # warm-up
                result = load(url, next_path, headers, args.connections, args.seconds)
                print(describe(name, result, args.connections))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
