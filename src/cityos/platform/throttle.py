"""Throttling of sign-in, registration and credential guessing, on Django's shared cache.

Counters are fixed windows in the ``default`` cache (Redis at scale, so they hold across workers and
machines). Wrong passwords count per account and address, per address, and per account over all
addresses, with the account-wide limit well above the pair's: a guesser is stopped at its address
while the account's owner, signing in from another, is not. A throttled request is refused before its
password is checked, so the right password does not get a guesser in either.

The middleware needs no code in the views: it knows the sign-in routes by path (``CITYOS_SIGN_IN_PATHS``:
path → ``api``, which answers 401 for a wrong password, or ``form``, which shows the form again with
200) and counts a failure from the answer. A 401 to a request that carried credentials (an API key,
a token) counts against its address too.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """At most ``attempts`` in a window of ``seconds`` for one key of this name."""

    name: str
    attempts: int
    seconds: int


PAIR = Limit("account-address", 5, 15 * 60)
ADDRESS = Limit("address", 20, 15 * 60)
ACCOUNT = Limit("account", 100, 15 * 60)
REGISTRATION = Limit("registration", 10, 60 * 60)
CREDENTIAL = Limit("credential", 30, 15 * 60)


def client_address(request: HttpRequest) -> str:
    """The client's address: the peer's, or, when the peer is one of ``CITYOS_TRUSTED_PROXIES``, the
    nearest ``X-Forwarded-For`` hop that is not a trusted proxy. A client-sent header from anywhere
    else is ignored, so nobody picks their own address."""
    peer = str(request.META.get("REMOTE_ADDR") or "unknown")
    trusted = getattr(settings, "CITYOS_TRUSTED_PROXIES", ())
    if peer not in trusted:
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop[:64]
    return peer


def _key(limit: Limit, parts: tuple[str, ...]) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    namespace = getattr(settings, "CITYOS_THROTTLE_NAMESPACE", "")
    return f"throttle:{namespace}:{limit.name}:{digest}"


def _hit(limit: Limit, *parts: str) -> None:
    """One more attempt; a key's window starts at its first attempt (no wall-clock boundary at which
    every counter resets at once) and its start is kept beside it for ``Retry-After``."""
    key, cache = _key(limit, parts), caches["default"]
    if cache.add(key, 1, limit.seconds):
        cache.set(f"{key}:since", time.time(), limit.seconds)
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, limit.seconds)


def _over(checks: list[tuple[Limit, tuple[str, ...]]]) -> int | None:
    """Seconds until every exhausted limit among ``checks`` allows again, or None; one cache read."""
    keys = {_key(limit, parts): limit for limit, parts in checks}
    found = caches["default"].get_many([*keys, *(f"{key}:since" for key in keys)])
    now, waits = time.time(), []
    for key, limit in keys.items():
        if int(found.get(key) or 0) >= limit.attempts:
            since = float(found.get(f"{key}:since") or now)
            waits.append(max(1, math.ceil(since + limit.seconds - now)))
    return max(waits) if waits else None


def _sign_in_checks(address: str, account: str) -> list[tuple[Limit, tuple[str, ...]]]:
    checks: list[tuple[Limit, tuple[str, ...]]] = [(ADDRESS, (address,))]
    if account:
        checks += [(PAIR, (account, address)), (ACCOUNT, (account,))]
    return checks


def _account_of(request: HttpRequest) -> str:
    """The account a sign-in names: JSON ``email``, or a form's ``username``/``email``; lower-cased."""
    try:
        if request.content_type == "application/json":
            body = json.loads(request.body or b"{}")
            value = body.get("email") if isinstance(body, dict) else None
        else:
            value = request.POST.get("username") or request.POST.get("email")
    except Exception:
        return ""
    return value.strip().lower()[:320] if isinstance(value, str) else ""


def too_many(seconds: int) -> HttpResponse:
    """429 in the service's error shape (``CITYOS_ERROR_SHAPE``: ``medusa`` or ``payload``)."""
    message = f"Too many attempts. Try again in {seconds} seconds."
    if getattr(settings, "CITYOS_ERROR_SHAPE", "medusa") == "payload":
        body: dict[str, object] = {"errors": [{"name": "TooManyRequests", "message": message}]}
    else:
        body = {"type": "not_allowed", "message": message, "code": "too_many_requests"}
    response = JsonResponse(body, status=429)
    response["Retry-After"] = str(seconds)
    return response


class ThrottleMiddleware:
    """Refuses throttled sign-ins, registrations and credentials with 429 and ``Retry-After``, and
    counts failures from the answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_address(request)
        paths = getattr(settings, "CITYOS_SIGN_IN_PATHS", {})
        kind = paths.get(request.path) if request.method == "POST" else None
        credentialed = "authorization" in request.headers
        account = _account_of(request) if kind in ("api", "form") else ""
        if kind in ("api", "form"):
            wait = _over(_sign_in_checks(address, account))
        elif kind == "register":
            wait = _over([(REGISTRATION, (address,))])
        else:
            wait = _over([(CREDENTIAL, (address,))]) if credentialed else None
        if wait is not None:
            logger.warning("throttled %s %s from %s", request.method, request.path, address)
            return too_many(wait)
        response = self.get_response(request)
        status = response.status_code
        failed = (kind == "api" and status == 401) or (kind == "form" and status == 200)
        if failed:
            for limit, parts in _sign_in_checks(address, account):
                _hit(limit, *parts)
        elif kind == "register":
            _hit(REGISTRATION, address)
        elif credentialed and response.status_code == 401:
            _hit(CREDENTIAL, address)
        return response
