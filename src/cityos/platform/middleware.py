"""One write request is one transaction, committed only when its answer is a success."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# For a storefront write's service: it joins the request's transaction instead of nesting a savepoint
# (two round trips) in it, so its failure fails the request, which the middleware below rolls back.
# Outside a request it is the transaction itself. Not for services whose errors a caller handles.
joins_request = transaction.atomic(savepoint=False)


class AtomicWritesMiddleware:
    """Writes (POST, PUT, PATCH, DELETE) run in one transaction that rolls back on a 4xx or 5xx answer,
    even one an API framework made from an exception, so a refused request leaves nothing half-written.
    Reads take no transaction: on SQLite an IMMEDIATE transaction would serialise them behind writers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 400:
                transaction.set_rollback(True)
        return response
