"""Checkout speed: whole storefront flows per second with N concurrent buyers, and ``complete``'s latency.

Usage: ``python bench/checkout.py [--database sqlite|postgres] [--buyers 8] [--seconds 30]``.

It starts the commerce service alone in production mode on a fresh database, loads the demo (50
products per tenant, stock raised so that no flow runs out), and runs ``--buyers`` threads. Each
buyer repeats the flow ``@medusajs/js-sdk`` makes, on its own keep-alive connection: create cart, add
two random variants, set email and addresses, list shipping options, choose one, create the
payment collection, initiate the system provider's session, complete. It prints placed orders per
second, each step's p50/p99 and ``complete``'s. The buyers run on the same 2 cores as the server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

from cityos.testing.bench import CITYOS, analyze, database, prepare_commerce, production_env, server
from cityos.testing.launcher import free_port

RAISE_STOCK = (
    "from cityos.commerce.inventory.models import InventoryLevel; "
    "InventoryLevel.objects.update(stocked_quantity=10**9)"
)
JSON = "application/json"
ADDRESS = {"first_name": "Bench", "last_name": "Buyer", "address_1": "Main St 1", "city": "Berlin"}


class Buyer(threading.Thread):
    """One shopper repeating the storefront flow until ``stop``; records each step's duration."""

    def __init__(
        self, url: str, tenant: dict[str, Any], variants: list[str], country: str, stop: float
    ) -> None:
        super().__init__(daemon=True)
        # The stdlib client: it shares the cores with the server, and costs a fraction of httpx per call.
        self.client = http.client.HTTPConnection(url.removeprefix("http://"), timeout=30)
        self.headers = {"x-publishable-api-key": tenant["publishable_key"], "content-type": JSON}
        self.region, self.variants, self.country, self.stop = tenant["region_id"], variants, country, stop
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.orders = self.failures = 0

    def step(self, name: str, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        started = time.perf_counter()
        sent = None if body is None else json.dumps(body)
        self.client.request(method, path, body=sent, headers=self.headers)
        response = self.client.getresponse()
        payload = response.read()
        self.timings[name].append(time.perf_counter() - started)
        if response.status != 200:
            raise RuntimeError(f"{name}: {response.status} {payload[:200]!r}")
        return json.loads(payload)

    def flow(self) -> None:
        cart = self.step("create cart", "POST", "/store/carts", {"region_id": self.region})["cart"]
        path = f"/store/carts/{cart['id']}"
        for variant in random.sample(self.variants, 2):
            self.step("add item", "POST", f"{path}/line-items", {"variant_id": variant, "quantity": 1})
        address = {**ADDRESS, "country_code": self.country}
        body = {"email": "bench@example.com", "shipping_address": address, "billing_address": address}
        self.step("email and address", "POST", path, body)
        options = self.step("shipping options", "GET", f"/store/shipping-options?cart_id={cart['id']}")
        self.step(
            "shipping method",
            "POST",
            f"{path}/shipping-methods",
            {"option_id": options["shipping_options"][0]["id"]},
        )
        collection = self.step(
            "payment collection", "POST", "/store/payment-collections", {"cart_id": cart["id"]}
        )
        session = f"/store/payment-collections/{collection['payment_collection']['id']}/payment-sessions"
        self.step("payment session", "POST", session, {"provider_id": "pp_system_default"})
        placed = self.step("complete", "POST", f"{path}/complete")
        if placed.get("type") != "order":
            raise RuntimeError(f"complete: {placed}")

    def run(self) -> None:
        while time.perf_counter() < self.stop:
            try:
                self.flow()
                self.orders += 1
            except (RuntimeError, OSError, http.client.HTTPException) as error:
                self.failures += 1
                print(f"  flow failed: {error}")


def run_buyers(buyers: list[Buyer]) -> None:
    for buyer in buyers:
        buyer.start()
    for buyer in buyers:
        buyer.join()


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100) if len(samples) > 1 else [samples[0]] * 99
    return f"p50 {cuts[49] * 1000:6.1f} ms, p99 {cuts[98] * 1000:6.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--buyers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    # One thread per worker process: on 2 cores, threads of one process only queue on its GIL.
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory(prefix="cityos-bench-") as tmp,
        database(args.database, "commerce") as db,
    ):
        env = production_env(Path(tmp), db)
        demo = prepare_commerce(env)
        subprocess.run([*CITYOS, "manage", "commerce", "shell", "-c", RAISE_STOCK], env=env, check=True)
        analyze(db)
        tenant = demo["tenants"][0]
        with server(env, "commerce", free_port(), args.workers, args.threads) as url:
            headers = {"x-publishable-api-key": tenant["publishable_key"]}
            products = httpx.get(f"{url}/store/products?limit=100", headers=headers).json()["products"]
            variants = [v["id"] for p in products for v in p["variants"]]
            region = httpx.get(f"{url}/store/regions/{tenant['region_id']}", headers=headers).json()["region"]
            country = region["countries"][0]["iso_2"]
            backend = "PostgreSQL + Redis" if args.database == "postgres" else "SQLite"
            print(f"cityos checkout bench: {backend}, {args.workers} workers x {args.threads} threads, "
                  f"{args.buyers} concurrent buyers, {args.seconds:.0f} s")  # fmt: skip
            # As many warm-up buyers as measured ones: each keeps its own connection, so every worker
            # has compiled its statements before the clock starts.
            run_buyers(
                [Buyer(url, tenant, variants, country, time.perf_counter() + 3) for _ in range(args.buyers)]
            )
            started = time.perf_counter()
            buyers = [
                Buyer(url, tenant, variants, country, started + args.seconds) for _ in range(args.buyers)
            ]
            run_buyers(buyers)
            elapsed = time.perf_counter() - started
            orders = sum(b.orders for b in buyers)
            failures = sum(b.failures for b in buyers)
            rate = orders / elapsed
            print(
                f"placed orders: {orders} in {elapsed:.1f} s = {rate:.1f} orders/s, {failures} failed flows"
            )
            steps: dict[str, list[float]] = defaultdict(list)
            for buyer in buyers:
                for name, samples in buyer.timings.items():
                    steps[name].extend(samples)
            for name, samples in steps.items():
                print(f"  {name:<20} {len(samples):6d} calls, {percentiles(samples)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
