"""Webhooks: Standard Webhooks signatures, delivery over real HTTP with retries and order, and the inbox."""

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from cityos.platform import logs
from cityos.platform.events import delivery, signing
from cityos.platform.events.models import Delivery, InboxMessage
from cityos.platform.events.outbox import emit
from cityos.platform.events.receiving import receive

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def no_push(settings):
    """These tests send by calling ``deliver_due`` themselves; the worker's push is tested on its own."""
    settings.CITYOS_WEBHOOK_PUSH = False


class Receiver:
    """A real HTTP endpoint on a free port that answers with the statuses it is told to."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        self.fail_once: set[str] = set()  # entity ids answered 500 the first time, whatever the arrival order
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                entity = json.loads(body).get("data", {}).get("id")
                if entity in receiver.fail_once:
                    receiver.fail_once.discard(entity)
                    self.send_response(500)
                else:
                    self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    endpoint = Receiver()
    yield endpoint
    endpoint.server.shutdown()


def announce(name: str, entity_id: str = "prod_1") -> None:
    with transaction.atomic():
        emit(name, entity_id=entity_id, tenant_id="ten_1", data={"id": entity_id})


def test_signatures_round_trip_and_refuse_tampering():
    secret = signing.new_secret()
    body = b'{"type":"product.created"}'
    headers = signing.headers(secret, "evt_1", body)
    signing.verify(secret, "evt_1", headers["webhook-timestamp"], headers["webhook-signature"], body)
    with pytest.raises(signing.SignatureError):
        signing.verify(
            secret, "evt_1", headers["webhook-timestamp"], headers["webhook-signature"], body + b" "
        )
    with pytest.raises(signing.SignatureError):
        signing.verify(
            signing.new_secret(), "evt_1", headers["webhook-timestamp"], headers["webhook-signature"], body
        )
    stale = str(int(time.time()) - 301)
    with pytest.raises(signing.SignatureError):
        signing.verify(secret, "evt_1", stale, signing.sign(secret, "evt_1", int(stale), body), body)


def test_an_event_reaches_its_subscriber_signed(receiver):
    subscription = delivery.subscribe(receiver.url, events=["product.*"])
    announce("product.created")
    announce("order.placed")  # not subscribed
    sent = delivery.deliver_due()
    assert [d.status for d in sent] == ["delivered"]
    headers, body = receiver.requests[0]
    signing.verify(
        subscription.secret,
        headers["webhook-id"],
        headers["webhook-timestamp"],
        headers["webhook-signature"],
        body,
    )
    payload = json.loads(body)
    assert (payload["type"], payload["data"]["tenant_id"]) == ("product.created", "ten_1")


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(500, "pending"), (429, "pending"), (408, "pending"), (400, "dead"), (410, "dead")],
)
def test_retry_only_what_may_succeed_later(receiver, status, outcome):
    delivery.subscribe(receiver.url)
    receiver.statuses = [status]
    announce("product.updated")
    [attempted] = delivery.deliver_due()
    assert attempted.status == outcome
    assert attempted.attempt_log.count() == 1
    if outcome == "pending":
        assert attempted.next_attempt_at.timestamp() > time.time() + 0.5  # 1 s ± 20 %


def test_a_peer_still_starting_is_waited_for_without_a_failure(db):
    delivery.subscribe("http://127.0.0.1:9/nothing-listens")
    announce("product.updated")
    [waiting] = delivery.deliver_due()
    assert (waiting.status, waiting.attempts, waiting.attempt_log.count()) == ("pending", 0, 0)
    assert waiting.next_attempt_at.timestamp() < time.time() + 2


def test_an_endpoint_unreachable_after_the_start_grace_is_retried_as_failing(db):
    delivery.subscribe("http://127.0.0.1:9/nothing-listens")
    announce("product.updated")
    Delivery.objects.update(created_at=timezone.now() - delivery.PEER_START_GRACE)
    [attempted] = delivery.deliver_due()
    assert (attempted.status, attempted.attempts) == ("pending", 1)
    assert attempted.last_error.startswith("ConnectError")


def test_a_spent_schedule_makes_the_delivery_dead(receiver, settings):
    settings.CITYOS_WEBHOOK_RETRY_SCHEDULE = (0, 0)
    delivery.subscribe(receiver.url)
    receiver.statuses = [503, 503, 503]
    announce("product.updated")
    for _ in range(3):
        delivery.deliver_due()
    assert Delivery.objects.get().status == "dead"
    assert delivery.retry_dead() == 1
    assert delivery.deliver_due()[0].status == "delivered"


def test_a_newer_event_waits_for_the_older_one_of_its_entity(receiver):
    delivery.subscribe(receiver.url)
    receiver.fail_once = {"prod_1"}  # deliveries go out concurrently, so the failure is named, not ordered
    announce("product.updated", "prod_1")
    announce("product.updated", "prod_1")
    announce("product.updated", "prod_2")
    sent = delivery.deliver_due()
    assert [d.entity_id for d in sent] == ["prod_1", "prod_2"]  # the second prod_1 event is held back
    assert [d.status for d in sent] == ["pending", "delivered"]


def test_the_inbox_stores_once_and_refuses_forgeries():
    secret = signing.new_secret()
    body = json.dumps(
        {"type": "product.updated", "timestamp": "2026-11-22T00:00:00Z", "data": {"id": "p"}}
    ).encode()
    headers = {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in signing.headers(secret, "evt_9", body).items()
    }
    request = RequestFactory().post("/hook", body, content_type="application/json", **headers)
    assert receive(request, secret).duplicate is False
    assert receive(request, secret).duplicate is True
    assert InboxMessage.objects.count() == 1
    with pytest.raises(signing.SignatureError):
        receive(request, signing.new_secret())


def test_a_commit_with_deliveries_pushes_them_to_the_worker(receiver, settings):
    from huey.contrib.djhuey import HUEY

    settings.CITYOS_WEBHOOK_PUSH = True
    immediate, HUEY.immediate = HUEY.immediate, True  # run the enqueued task here, as the worker would
    try:
        delivery.subscribe(receiver.url)
        announce("product.created")
    finally:
        HUEY.immediate = immediate
    assert Delivery.objects.get().status == "delivered"


def test_a_webhook_carries_the_id_of_the_request_that_emitted_it(receiver, client):
    """One id follows a change: the emitting request's, on the webhook, then on the receiver's inbox."""
    delivery.subscribe(receiver.url, events=["product.*"])
    with logs.acting_for("req_checkout_42"):
        announce("product.created")
    announce("product.updated", "prod_2")  # outside any request: the event's own id stands in
    delivery.deliver_due()  # sent side by side: in either order
    sent = {json.loads(body)["data"]["id"]: headers["x-request-id"] for headers, body in receiver.requests}
    assert sent["prod_1"] == "req_checkout_42"
    assert sent["prod_2"].startswith("evt_")
    secret = signing.new_secret()
    body = json.dumps({"type": "product.created", "timestamp": "2026-12-02T00:00:00.000001Z",
                       "data": {"id": "prod_1"}}).encode()  # fmt: skip
    request = RequestFactory().post("/hook", body, content_type="application/json",
                                    headers={**signing.headers(secret, "msg_1", body)})  # fmt: skip
    with logs.acting_for("req_checkout_42"):
        receive(request, secret)
    assert InboxMessage.objects.get(pk="msg_1").request_id == "req_checkout_42"
