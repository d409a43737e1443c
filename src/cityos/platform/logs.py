"""Logging for every service: one request id per request, on every line, and on to the peer.

A request takes its id from ``x-request-id`` (a caller's or a proxy's) or gets a new one, and answers
with it. Events emitted while it runs keep it, their webhooks carry it to the peer, the peer's inbox
keeps it and its apply logs under it: one id follows a change from the first request to the last
write. Lines are readable text by default, JSON lines when ``CITYOS_LOG_FORMAT=json``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

from cityos.platform.ids import prefixed_id

HEADER = "x-request-id"
NONE = "-"
_ACCEPTED = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")  # what a log line and a header may carry unescaped
_request_id: ContextVar[str] = ContextVar("cityos_request_id", default=NONE)


def current_request_id() -> str:
    """The id of the request (or inbox message, or delivery) being handled; ``""`` outside one."""
    found = _request_id.get()
    return "" if found == NONE else found


def accepted(candidate: str | None) -> str:
    """A caller's id when it is short and plain, else a new one (a header is no place for anything else)."""
    return candidate if candidate and _ACCEPTED.match(candidate) else prefixed_id("req")


@contextmanager
def acting_for(request_id: str) -> Iterator[None]:
    """Log (and emit) under ``request_id``: a worker applying what a request started."""
    token = _request_id.set(request_id or NONE)
    try:
        yield
    finally:
        _request_id.reset(token)


class RequestIdMiddleware:
    """First in the chain, so that every line the request logs, and every answer, carries the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accepted(request.headers.get(HEADER))
        with acting_for(request_id):
            response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, request id, message, and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", NONE),
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
