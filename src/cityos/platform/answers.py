"""Whole answers cached under a version: a per-process copy in front of the shared cache.

The caller's key carries the version of everything the answer shows (an outbox event id), so an
entry can never be staler than the data, and this process's copy is as fresh as the shared one;
entries still expire after ``seconds``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import caches


def cached_answer(parts: tuple[str, ...], seconds: int, compute: Callable[[], str]) -> str:
    key = "answer:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    shared, local = caches["default"], caches["local"]
    body = local.get(key)
    if body is None:
        body = shared.get(key)
        if body is None:
            body = compute()
            shared.set(key, body, seconds)
        local.set(key, body, seconds)
    return body
