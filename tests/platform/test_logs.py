"""Request ids and log lines: every answer names its request, every line carries it, JSON on demand."""

from __future__ import annotations

import json
import logging

import pytest
from django.db import transaction

from cityos.platform import conf, logs
from cityos.platform.events.models import OutboxEvent
from cityos.platform.events.outbox import emit

pytestmark = pytest.mark.django_db


def test_a_request_gets_an_id_and_answers_with_it(client):
    answered = client.get("/health")
    assert answered["x-request-id"].startswith("req_")
    assert client.get("/health", HTTP_X_REQUEST_ID="edge-7f3a")["x-request-id"] == "edge-7f3a"
    unsafe = client.get("/health", HTTP_X_REQUEST_ID="a b\u00e9<script>")["x-request-id"]
    assert unsafe.startswith("req_")  # never echoed into a header or a log line


def test_events_keep_the_request_that_emitted_them(django_capture_on_commit_callbacks):
    with logs.acting_for("req_abc"), django_capture_on_commit_callbacks(), transaction.atomic():
        emit("thing.happened", entity_id="t_1")
    assert OutboxEvent.objects.get(entity_id="t_1").request_id == "req_abc"


def test_lines_carry_the_request_id_as_text_or_json(monkeypatch):
    record = logging.LogRecord("cityos.test", logging.WARNING, __file__, 1, "stock is low: %d", (3,), None)
    with logs.acting_for("req_xyz"):
        logs.RequestIdFilter().filter(record)
    text = logging.Formatter(conf.logging_config()["formatters"]["text"]["format"]).format(record)
    assert "[req_xyz] stock is low: 3" in text
    line = json.loads(logs.JsonFormatter().format(record))
    assert (line["level"], line["request_id"], line["message"]) == ("WARNING", "req_xyz", "stock is low: 3")
    monkeypatch.setenv("CITYOS_LOG_FORMAT", "json")
    assert conf.logging_config()["handlers"]["console"]["formatter"] == "json"
