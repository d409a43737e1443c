"""Prefixed ULIDs, Medusa's id format (``prod_01H…``): sorted by creation time, unique without a sequence."""

from __future__ import annotations

import os
import time

from django.utils.deconstruct import deconstructible

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def ulid(timestamp_ms: int | None = None) -> str:
    """Return a 26-character ULID: 48 bits of milliseconds, then 80 random bits."""
    millis = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    value = (millis << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def prefixed_id(prefix: str) -> str:
    return f"{prefix}_{ulid()}"


@deconstructible
class PrefixedId:
    """A field default that makes ``<prefix>_<ulid>``; deconstructible so migrations can store it."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self) -> str:
        return prefixed_id(self.prefix)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PrefixedId) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)
