"""Sync lag: how long a commerce change takes to be applied in content, at a steady rate.

Usage: ``python bench/sync.py [--database sqlite|postgres] [--rate 20] [--seconds 60]``, or
``python bench/sync.py --initial 10000`` for the throughput of ``cityos sync initial``.

It runs commerce and content, each with its worker, as separate processes on fresh databases with the
demo loaded and synced, then changes demo products through ``POST /admin/products/:id`` at ``--rate``
changes per second for ``--seconds``. Lag is measured per change, from the commerce event's time (the
outbox row, written with the change) to the moment content applied it (its inbox row): the whole path
of outbox, worker, signed webhook, inbox and apply task. It prints p50, p99 and max.

With ``--initial N`` it instead creates N more products in commerce while content is not subscribed,
then times ``cityos sync initial`` until content has applied every product.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

from cityos.cli import cityos_command
from cityos.testing.bench import database
from cityos.testing.launcher import ServiceStack, eventually

LAGS = """
import json
from django.utils.dateparse import parse_datetime
from cityos.platform.events.models import InboxMessage
rows = InboxMessage.objects.filter(name="product.updated", payload__data__subtitle__startswith="bench ")
print(json.dumps([
    (m.applied_at - parse_datetime(m.payload["timestamp"])).total_seconds() * 1000
    for m in rows if m.applied_at
]))
"""


def lags(stack: ServiceStack) -> list[float]:
    command = cityos_command("manage", "content", "shell", "-c", LAGS)
    done = subprocess.run(command, env=stack.env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


CREATE = """
from cityos.commerce.catalog import services
from cityos.commerce.tenants.models import Tenant
from cityos.platform.events.models import Subscription
tenant = Tenant.objects.get(slug="acme")
Subscription.objects.update(is_active=False)
for number in range({count}):
    services.create_product(tenant=tenant, data={{
        "title": f"Initial {{number}}", "status": "published",
        "options": [{{"title": "Size", "values": ["M"]}}],
        "variants": [{{"title": "M", "sku": f"INIT-{{number}}", "options": {{"Size": "M"}},
                       "prices": [{{"amount": 10, "currency_code": "eur"}}]}}],
    }})
Subscription.objects.update(is_active=True)
"""


def initial(stack: ServiceStack, count: int) -> None:
    """Products made while content is not listening, then ``cityos sync initial`` timed end to end."""
    started = time.perf_counter()
    command = cityos_command("manage", "commerce", "shell", "-c", CREATE.format(count=count))
    subprocess.run(command, env=stack.env, check=True, capture_output=True)
    print(f"created {count} products in commerce in {time.perf_counter() - started:.0f} s (not timed below)")
    for name in ("commerce", "commerce-worker", "content", "content-worker"):
        stack.start(name)
    ports = [
        f"--{service}-port={stack.url(service).rsplit(':', 1)[1]}" for service in ("commerce", "content")
    ]
    started = time.perf_counter()
    sync = cityos_command("sync", "initial", "--var-dir", str(stack.var_dir), *ports, "--timeout", "1800")
    subprocess.run(sync, env=stack.env, check=True)
    elapsed = time.perf_counter() - started
    total = httpx.get(f"{stack.url('content')}/api/products/count").json()["totalDocs"]
    print(f"cityos sync initial: {total} products in content after {elapsed:.1f} s = {total / elapsed:.0f}/s")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--rate", type=float, default=20.0, help="changes per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--initial", type=int, default=0, help="time the initial sync of this many products")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cityos-bench-") as tmp, ExitStack() as databases:
        commerce_db = databases.enter_context(database(args.database, "commerce"))
        content_db = databases.enter_context(database(args.database, "content"))
        stack = ServiceStack(Path(tmp), {**content_db, **commerce_db})
        try:
            if args.initial:
                initial(stack, args.initial)
                return 0
            for name in ("commerce", "commerce-worker", "content", "content-worker"):
                stack.start(name)
            content = stack.url("content")

            def demo_synced() -> bool:
                return httpx.get(f"{content}/api/products/count").json()["totalDocs"] >= 100

            assert eventually(demo_synced, 180), "the demo did not reach content"
            secret = {"Authorization": f"Basic {stack.demo['commerce']['secret_api_key']}"}
            commerce = httpx.Client(base_url=stack.url("commerce"), headers=secret, timeout=10)
            products = [
                p["id"] for p in commerce.get("/admin/products?limit=100&fields=id").json()["products"]
            ]
            backend = "PostgreSQL + Redis" if args.database == "postgres" else "SQLite"
            print(f"cityos sync bench: {backend}, {args.rate:.0f} changes/s for {args.seconds:.0f} s")
            started, sent = time.perf_counter(), 0
            while (elapsed := time.perf_counter() - started) < args.seconds:
                if sent < elapsed * args.rate:
                    product = products[sent % len(products)]
                    commerce.post(f"/admin/products/{product}", json={"subtitle": f"bench {sent}"})
                    sent += 1
                else:
                    time.sleep(0.002)
            print(f"sent {sent} changes in {time.perf_counter() - started:.1f} s")

            def all_applied() -> bool:
                return len(lags(stack)) >= sent

            assert eventually(all_applied, 120), "not every change was applied"
            measured = sorted(lags(stack))
            cuts = statistics.quantiles(measured, n=100)
            print(f"commerce change -> applied in content: p50 {cuts[49]:.0f} ms, p99 {cuts[98]:.0f} ms, "
                  f"max {measured[-1]:.0f} ms over {len(measured)} changes")  # fmt: skip
            sent_side = stack.health("commerce")["medusa_to_payload"]
            print(f"  of which commerce change -> delivered (last hour): p50 {sent_side['lag_p50_ms']} ms, "
                  f"p99 {sent_side['lag_p99_ms']} ms")  # fmt: skip
        finally:
            stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
