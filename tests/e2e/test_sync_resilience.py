"""Sync survives a peer going down: each service is its own process, one is SIGKILLed mid-stream.

Every change made while the receiver is down is retried until it lands, applied exactly once, and
nothing is left pending. The retry schedule is shortened (``CITYOS_WEBHOOK_RETRY_SCHEDULE``) so a
test waits seconds, not the production backoff.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from cityos.platform.events import signing
from cityos.platform.events.signing import new_secret
from cityos.testing.launcher import ServiceStack as Stack
from cityos.testing.launcher import eventually


def content_count(stack: Stack, query: str) -> int:
    return httpx.get(f"{stack.url('content')}/api/products/count?{query}").json()["totalDocs"]


def test_content_killed_during_200_changes_receives_each_once(stack: Stack) -> None:
    assert eventually(lambda: content_count(stack, "where[tenant][equals]=acme") == 50, 120)
    secret = {"Authorization": f"Basic {stack.demo['commerce']['secret_api_key']}"}
    commerce = httpx.Client(base_url=stack.url("commerce"), headers=secret, timeout=10)
    products = commerce.get("/admin/products?limit=50&fields=id").json()["products"]

    stack.kill("content")
    for round_ in range(4):
        for product in products:
            changed = commerce.post(f"/admin/products/{product['id']}", json={"subtitle": f"round {round_}"})
            assert changed.status_code == 200, changed.text
    time.sleep(2)  # the first attempts fail against the dead port
    stack.start("content")

    assert eventually(lambda: content_count(stack, "where[subtitle][equals]=round 3") == 50, 120)
    assert eventually(lambda: stack.health("commerce")["medusa_to_payload"]["pending_count"] == 0, 30)
    sent = stack.health("commerce")["medusa_to_payload"]
    received = stack.health("content")["medusa_to_payload"]
    assert sent["dead_count"] == 0
    # Demo's 100 creations (and their stock updates' product events) plus the 200 changes, each applied once.
    assert received["synced_count"] == sent["synced_count"] >= 300
    assert received["failed_count"] == 0
    check_forgeries_are_refused(stack)


def test_commerce_killed_while_editors_publish_receives_each_once(stack: Stack) -> None:
    assert eventually(lambda: content_count(stack, "where[tenant][equals]=acme") == 50, 120)
    content = stack.url("content")
    login = httpx.post(f"{content}/api/users/login", json=stack.demo["content"]["admin"]).json()
    editor = httpx.Client(base_url=content, headers={"Authorization": f"JWT {login['token']}"}, timeout=10)
    docs = editor.get("/api/products?where[tenant][equals]=acme&limit=20").json()["docs"]

    stack.kill("commerce")
    for doc in docs:
        body = {"seo": {"meta_title": f"SEO {doc['medusa_id']}"}, "_status": "published"}
        assert editor.patch(f"/api/products/{doc['id']}", json=body).status_code == 200
    time.sleep(2)
    stack.start("commerce")

    tenant = stack.demo["tenants"][0]
    store = httpx.Client(
        base_url=stack.url("commerce"), headers={"x-publishable-api-key": tenant["publishable_key"]}
    )

    def all_shown() -> bool:
        ids = ",".join(doc["medusa_id"] for doc in docs)
        found = store.get(f"/store/products?id={ids}&limit=50&fields=id,*cms_product").json()["products"]
        titles = {p["id"]: ((p.get("cms_product") or {}).get("seo") or {}).get("meta_title") for p in found}
        return all(titles.get(doc["medusa_id"]) == f"SEO {doc['medusa_id']}" for doc in docs)

    assert eventually(all_shown, 120)
    assert eventually(lambda: stack.health("content")["payload_to_medusa"]["pending_count"] == 0, 30)
    sent = stack.health("content")["payload_to_medusa"]
    received = stack.health("commerce")["payload_to_medusa"]
    assert sent["dead_count"] == 0
    assert received["synced_count"] == sent["synced_count"] >= len(docs)


def check_forgeries_are_refused(stack: Stack) -> None:
    """Over real HTTP: a bad signature and a stale timestamp are refused, a replay is applied once."""
    url = f"{stack.url('content')}/api/webhooks/commerce"
    secret = stack.env["CITYOS_SYNC_SECRET"]
    product = {
        "id": "prod_forged",
        "tenant": "acme",
        "title": "Forged",
        "handle": "forged",
        "status": "draft",
    }
    body = json.dumps(
        {"type": "product.created", "timestamp": "2030-01-01T00:00:00Z", "data": product}
    ).encode()

    forged = signing.headers(new_secret(), "msg_forged", body)
    assert httpx.post(url, content=body, headers=forged).status_code == 401
    stale = signing.headers(secret, "msg_stale", body, timestamp=int(time.time()) - 600)
    assert httpx.post(url, content=body, headers=stale).status_code == 401
    genuine = signing.headers(secret, "msg_genuine", body)
    first = httpx.post(url, content=body, headers=genuine).json()
    replayed = httpx.post(url, content=body, headers=genuine).json()
    assert (first["duplicate"], replayed["duplicate"]) == (False, True)
    assert eventually(lambda: content_count(stack, "where[medusa_id][equals]=prod_forged") == 1, 30)
    assert stack.health("content")["medusa_to_payload"]["failed_count"] == 0


def test_reconciliation_repairs_drift_and_then_finds_nothing(stack: Stack) -> None:
    assert eventually(lambda: content_count(stack, "where[tenant][equals]=acme") == 50, 120)
    api = {"Authorization": f"users API-Key {stack.demo['content']['api_key']}"}

    def documents() -> dict[str, tuple[str, str]]:
        docs = httpx.get(f"{stack.url('content')}/api/products?limit=0", headers=api).json()["docs"]
        return {doc["medusa_id"]: (doc["title"], doc["updatedAt"]) for doc in docs}

    medusa_id, (title, _) = next(iter(documents().items()))
    drift = (
        "from cityos.content.catalog.models import Product; "
        f"Product.objects.filter(medusa_id='{medusa_id}').update(title='Drifted')"
    )
    subprocess.run(stack.command("content", "shell", "-c", drift), env=stack.env, check=True)
    assert documents()[medusa_id][0] == "Drifted"

    def reconcile() -> None:
        subprocess.run(
            stack.command("commerce", "sync_resend"), env=stack.env, check=True, capture_output=True
        )
        assert eventually(lambda: stack.health("commerce")["medusa_to_payload"]["pending_count"] == 0, 60)
        assert eventually(lambda: stack.health("content")["medusa_to_payload"]["pending_count"] == 0, 120)

    reconcile()
    repaired = documents()
    assert repaired[medusa_id][0] == title
    reconcile()
    assert documents() == repaired  # the second run changed nothing, not even a timestamp


def leased_deliveries(stack: Stack) -> int:
    """Deliveries a worker claimed and never recorded: sends it was in the middle of."""
    with sqlite3.connect(stack.var_dir / "commerce.sqlite3") as db:
        (count,) = db.execute(
            "SELECT count(*) FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at > ?",
            ((datetime.now(UTC) + timedelta(seconds=5)).strftime("%Y-%m-%d %H:%M:%S"),),
        ).fetchone()
    return count


def test_the_worker_killed_mid_delivery_loses_nothing(tmp_path: Path) -> None:
    """The commerce worker is SIGKILLed while its sends hang (content stopped, not dead): its leased
    deliveries are taken up again when the lease ends, and each change is applied once."""
    env = {"CITYOS_WEBHOOK_RETRY_SCHEDULE": "1,1,2,2,3", "CITYOS_WEBHOOK_LEASE_SECONDS": "15"}
    stack = Stack(tmp_path, env)
    try:
        for name in ("commerce", "commerce-worker", "content", "content-worker"):
            stack.start(name)
        assert eventually(lambda: content_count(stack, "where[tenant][equals]=acme") == 50, 120)
        assert eventually(lambda: stack.health("commerce")["medusa_to_payload"]["pending_count"] == 0, 60)
        secret = {"Authorization": f"Basic {stack.demo['commerce']['secret_api_key']}"}
        commerce = httpx.Client(base_url=stack.url("commerce"), headers=secret, timeout=10)
        products = commerce.get("/admin/products?limit=20&fields=id").json()["products"]

        stack.pause("content")
        for product in products:
            assert commerce.post(f"/admin/products/{product['id']}", json={"subtitle": "mid-send"}).is_success
        assert eventually(lambda: leased_deliveries(stack) > 0, 10), "the worker should be mid-send"
        stack.kill("commerce-worker")
        assert leased_deliveries(stack) > 0
        stack.resume("content")
        stack.start("commerce-worker")

        assert eventually(lambda: content_count(stack, "where[subtitle][equals]=mid-send") == 20, 90)
        assert eventually(lambda: stack.health("commerce")["medusa_to_payload"]["pending_count"] == 0, 60)
        sent, received = (
            stack.health("commerce")["medusa_to_payload"],
            stack.health("content")["medusa_to_payload"],
        )
        assert (sent["dead_count"], received["failed_count"]) == (0, 0)
        assert received["synced_count"] == sent["synced_count"]
    finally:
        stack.stop()


def test_an_emptied_content_database_gets_everything_back_on_start(stack: Stack) -> None:
    """``cityos run`` queues the initial sync when content has nothing from commerce: its products,
    categories and stores come back, mirrors included."""
    from cityos import cli

    assert eventually(lambda: content_count(stack, "where[tenant][equals]=acme") == 50, 120)
    assert eventually(lambda: stack.health("commerce")["medusa_to_payload"]["pending_count"] == 0, 60)
    stack.kill("content")
    stack.kill("content-worker")
    for leftover in stack.var_dir.glob("content.sqlite3*"):
        leftover.unlink()
    cli.migrate(["content"], stack.env)
    cli.wire_sync(stack.args, stack.env)
    cli.queue_first_sync(stack.env)
    stack.start("content")
    stack.start("content-worker")

    content = stack.url("content")
    assert eventually(lambda: content_count(stack, "where[tenant][equals]=acme") == 50, 120)
    acme = next(t for t in stack.demo["tenants"] if t["slug"] == "acme")

    def docs(collection: str) -> list[dict[str, object]]:
        return httpx.get(f"{content}/api/{collection}?where[tenant][equals]=acme").json()["docs"]

    # Mirrors were queued first, but deliveries tried while content was down back off, so products
    # sent later can land before them: they come on their next retry.
    assert eventually(lambda: bool(docs("categories")) and bool(docs("stores")), 120)
    stores = docs("stores")
    assert stores[0]["publishable_keys"] == [acme["publishable_key"]]


def test_content_reconciliation_repairs_commerce_drift_and_then_finds_nothing(stack: Stack) -> None:
    assert eventually(lambda: content_count(stack, "where[tenant][equals]=acme") == 50, 120)
    secret = {"Authorization": f"Basic {stack.demo['commerce']['secret_api_key']}"}
    commerce = httpx.Client(base_url=stack.url("commerce"), headers=secret, timeout=10)

    def reconcile() -> None:
        run = "from cityos.content.sync import reconcile_with_commerce; reconcile_with_commerce()"
        subprocess.run(stack.command("content", "shell", "-c", run), env=stack.env, check=True)
        assert eventually(lambda: stack.health("content")["payload_to_medusa"]["pending_count"] == 0, 60)
        assert eventually(lambda: stack.health("commerce")["payload_to_medusa"]["pending_count"] == 0, 60)

    def held() -> dict[str, tuple[object, str]]:
        """Each product's editorial fields and update time (the applied version may move on)."""
        products = commerce.get("/admin/products?limit=100&fields=id,metadata,updated_at").json()["products"]
        cms = {p["id"]: dict((p["metadata"] or {}).get("cms") or {}) for p in products}
        return {
            p["id"]: ({k: v for k, v in cms[p["id"]].items() if k != "version"}, p["updated_at"])
            for p in products
        }

    reconcile()  # the demo's editorial fields reach commerce
    first = held()
    medusa_id = next(iter(first))
    assert first[medusa_id][0]["published"] is True
    drift = (
        "from cityos.commerce.catalog.models import Product; p = Product.objects.get(id='"
        + medusa_id
        + "'); "
        "p.metadata['cms']['title_override'] = 'Drifted'; "
        "Product.objects.filter(pk=p.pk).update(metadata=p.metadata)"
    )
    subprocess.run(stack.command("commerce", "shell", "-c", drift), env=stack.env, check=True)
    reconcile()
    repaired = held()
    assert repaired[medusa_id][0]["title_override"] == first[medusa_id][0]["title_override"]
    reconcile()
    assert held() == repaired  # the second run changed nothing, not even a timestamp


def test_edits_on_both_sides_settle_without_ping_pong(stack: Stack) -> None:
    """Each edit crosses once: the peer applies it and announces ``.synced``, which nobody sends on."""
    assert eventually(lambda: content_count(stack, "where[tenant][equals]=acme") == 50, 120)

    def sent() -> tuple[int, int]:
        outgoing = stack.health("commerce")["medusa_to_payload"], stack.health("content")["payload_to_medusa"]
        assert all(direction["pending_count"] == 0 for direction in outgoing), outgoing
        return outgoing[0]["synced_count"], outgoing[1]["synced_count"]

    def settled() -> bool:
        try:
            return bool(sent())
        except AssertionError:
            return False

    assert eventually(settled, 60)
    before = sent()
    secret = {"Authorization": f"Basic {stack.demo['commerce']['secret_api_key']}"}
    commerce = httpx.Client(base_url=stack.url("commerce"), headers=secret, timeout=10)
    product = commerce.get("/admin/products?limit=1&fields=id").json()["products"][0]["id"]
    assert commerce.post(f"/admin/products/{product}", json={"title": "Edited in commerce"}).is_success
    content = stack.url("content")
    login = httpx.post(f"{content}/api/users/login", json=stack.demo["content"]["admin"]).json()
    editor = httpx.Client(base_url=content, headers={"Authorization": f"JWT {login['token']}"}, timeout=10)
    doc = editor.get(f"/api/products?where[medusa_id][equals]={product}").json()["docs"][0]
    assert editor.patch(
        f"/api/products/{doc['id']}", json={"seo": {"meta_title": "Edited in content"}}
    ).is_success
    tenant = editor.get("/api/tenants?where[slug][equals]=acme").json()["docs"][0]
    assert editor.patch(f"/api/tenants/{tenant['id']}", json={"theme": {"primary": "#123456"}}).is_success

    assert eventually(settled, 60)
    after = sent()
    assert after == (before[0] + 1, before[1] + 2)  # one product update out; one product, one tenant back
    time.sleep(5)
    assert sent() == after  # and nothing more: no ping-pong
    shown = commerce.get(f"/admin/products/{product}?fields=metadata").json()["product"]["metadata"]["cms"]
    assert shown["seo"]["meta_title"] == "Edited in content"
