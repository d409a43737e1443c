"""Prefixed ULIDs, Medusa's id format (``prod_01H…``): sorted by creation time, unique without a sequence."""

from __future__ import annotations

import base64
import os
import time

from django.utils.deconstruct import deconstructible

_CROCKFORD = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# base64's RFC 4648 alphabet, position by position, as Crockford's: the encoding is done in C.
_TO_CROCKFORD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _CROCKFORD)


def ulid(timestamp_ms: int | None = None) -> str:
    """Return a 26-character ULID: 48 bits of milliseconds, then 80 random bits.

    The 128 bits are encoded as the last 26 of the 32 base32 digits of 160 bits (ids are made on
    every write and for every request, so the digits come from ``b32encode``, not a Python loop)."""
    millis = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    value = (millis << 80) | int.from_bytes(os.urandom(10), "big")
    return base64.b32encode(value.to_bytes(20, "big"))[6:].translate(_TO_CROCKFORD).decode()


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
