"""The storefront's two upstreams, commerce's Store API and content's REST API, as any client sees them.

One pooled ``httpx.AsyncClient`` per event loop (one per worker process in production), short
timeouts, and reads cached in Django's cache: fresh for ``STOREFRONT_CACHE_SECONDS``, then kept for
``STOREFRONT_STALE_SECONDS`` more, so that a page still renders from its last copy while an upstream
is down or slow. Writes (carts, checkout, sign-in) are never cached and never retried: a write that
could not be made says so.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
import weakref
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
    weakref.WeakKeyDictionary()
)


class Unavailable(Exception):
    """The upstream could not answer (down, slow, or failing) and no copy of the answer is kept."""

    def __init__(self, service: str) -> None:
        super().__init__(f"{service} is unavailable")
        self.service = service


class Refused(Exception):
    """The upstream answered a 4xx: the request itself was wrong (an unknown promotion code, a
    variant out of stock). ``message`` is the upstream's own, for the customer to read."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class Waits:
    """Seconds one page spent waiting on each upstream, and whether any answer was a stale copy."""

    seconds: dict[str, float] = field(default_factory=dict)
    stale: set[str] = field(default_factory=set)

    def add(self, service: str, seconds: float) -> None:
        self.seconds[service] = self.seconds.get(service, 0.0) + seconds


_waits: ContextVar[Waits | None] = ContextVar("storefront_waits", default=None)


def start_page() -> Waits:
    """Begin counting one page's upstream waits (``Server-Timing`` reports them)."""
    waits = Waits()
    _waits.set(waits)
    return waits


def stale_services() -> set[str]:
    """The upstreams this page was served a stale copy from (the page says so, quietly)."""
    waits = _waits.get()
    return set(waits.stale) if waits else set()


def client() -> httpx.AsyncClient:
    """This event loop's pooled client: connections are kept alive between pages."""
    loop = asyncio.get_running_loop()
    found = _clients.get(loop)
    if found is None:
        timeout = httpx.Timeout(settings.STOREFRONT_UPSTREAM_TIMEOUT, connect=1.0)
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
        found = _clients[loop] = httpx.AsyncClient(timeout=timeout, limits=limits)
    return found


def base_url(service: str) -> str:
    return {"commerce": settings.COMMERCE_URL, "content": settings.CONTENT_URL}[service].rstrip("/")


def _cache_key(service: str, path: str, params: Mapping[str, Any], headers: Mapping[str, str]) -> str:
    parts = repr((service, path, sorted((k, str(v)) for k, v in params.items()), sorted(headers.items())))
    return "storefront:answer:" + hashlib.sha256(parts.encode()).hexdigest()


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase
    if isinstance(body, dict):
        if isinstance(body.get("message"), str):
            return body["message"]  # Medusa's {type, message}
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            return str(errors[0].get("message", ""))  # Payload's {errors: [{message}]}
    return response.reason_phrase


async def _call(service: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
    started = time.perf_counter()
    try:
        response = await client().request(method, base_url(service) + path, **kwargs)
    except httpx.HTTPError as error:
        logger.warning("%s %s %s failed: %s", service, method, path, error.__class__.__name__)
        raise Unavailable(service) from None
    finally:
        if (waits := _waits.get()) is not None:
            waits.add(service, time.perf_counter() - started)
    if response.status_code >= 500:
        logger.warning("%s %s %s answered %s", service, method, path, response.status_code)
        raise Unavailable(service)
    return response


async def read(
    service: str,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    headers: Mapping[str, str] | None = None,
) -> Any:
    """The JSON of a GET, from the cache while fresh; a stale copy when the upstream fails. A 404
    is an answer too (None). Raises ``Unavailable`` when the upstream fails and nothing is kept,
    ``Refused`` for other 4xx answers."""
    params, headers = dict(params or {}), dict(headers or {})
    key = _cache_key(service, path, params, headers)
    if (known := _recent(key)) is not None:
        return known["data"]
    kept = await cache.aget(key) if settings.STOREFRONT_CACHE_SECONDS else None
    if kept is not None and time.time() - kept["at"] < settings.STOREFRONT_CACHE_SECONDS:
        _remember_recent(key, kept)
        return kept["data"]
    try:
        response = await _call(service, "GET", path, params=params, headers=headers)
    except Unavailable:
        if kept is None:
            raise
        if (waits := _waits.get()) is not None:
            waits.stale.add(service)
        return kept["data"]
    if response.status_code == 404:
        data = None
    elif response.status_code >= 400:
        raise Refused(response.status_code, _message(response))
    else:
        data = response.json()
    if settings.STOREFRONT_CACHE_SECONDS:
        lifetime = settings.STOREFRONT_CACHE_SECONDS + settings.STOREFRONT_STALE_SECONDS
        entry = {"at": time.time(), "data": data}
        await cache.aset(key, entry, lifetime)
        _remember_recent(key, entry)
    return data


# Fresh answers this process read lately, in front of Django's cache: a page makes half a dozen
# reads, and each read of Django's cache from async code is a hop to a thread.
_RECENT: dict[str, dict[str, Any]] = {}
RECENT_ENTRIES = 4096


def _recent(key: str) -> dict[str, Any] | None:
    entry = _RECENT.get(key)
    if entry is None or time.time() - entry["at"] >= settings.STOREFRONT_CACHE_SECONDS:
        return None
    return entry


def _remember_recent(key: str, entry: dict[str, Any]) -> None:
    if len(_RECENT) >= RECENT_ENTRIES:
        _RECENT.pop(next(iter(_RECENT)))  # the oldest entry
    _RECENT[key] = entry


async def fresh(service: str, path: str, *, headers: Mapping[str, str] | None = None) -> Any:
    """A GET that must be current (a cart, an order): never cached. None for a 404."""
    response = await _call(service, "GET", path, headers=dict(headers or {}))
    if response.status_code == 404:
        return None
    if response.status_code >= 400:
        raise Refused(response.status_code, _message(response))
    return response.json()


async def write(
    service: str, method: str, path: str, body: Any = None, *, headers: Mapping[str, str] | None = None
) -> Any:
    """A POST or DELETE: its JSON answer, ``Refused`` with the upstream's message on a 4xx."""
    response = await _call(service, method, path, json=body, headers=dict(headers or {}))
    if response.status_code >= 400:
        raise Refused(response.status_code, _message(response))
    return _json_or_none(response)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
