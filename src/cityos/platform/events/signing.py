"""Standard Webhooks signatures: ``webhook-id``, ``webhook-timestamp`` and ``webhook-signature``.

The signature is ``v1,`` + base64(HMAC-SHA256(key, f"{id}.{timestamp}.{body}")), where the key is the
base64 part of a ``whsec_`` secret. A receiver accepts any of the space-separated signatures, compares
in constant time, and refuses timestamps more than five minutes away from its clock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

PREFIX = "whsec_"
TOLERANCE_SECONDS = 5 * 60


class SignatureError(Exception):
    """The request was not signed by the holder of the secret, or not recently enough."""


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    if not secret.startswith(PREFIX):
        raise ValueError("webhook secrets start with whsec_")
    return base64.b64decode(secret.removeprefix(PREFIX))


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    content = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(_key(secret), content, hashlib.sha256).digest()).decode()


def headers(secret: str, message_id: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id, timestamp, body),
        "content-type": "application/json",
    }


def verify(
    secret: str, message_id: str, timestamp: str, signatures: str, body: bytes, now: float | None = None
) -> None:
    """Raise SignatureError unless one of ``signatures`` signs this body, id and a recent timestamp."""
    if not message_id or not timestamp.isdigit():
        raise SignatureError("missing webhook-id or webhook-timestamp")
    if abs((time.time() if now is None else now) - int(timestamp)) > TOLERANCE_SECONDS:
        raise SignatureError("webhook-timestamp is too old or too new")
    expected = sign(secret, message_id, int(timestamp), body)
    offered = [part for part in signatures.split() if part.startswith("v1,")]
    if not any(hmac.compare_digest(expected, candidate) for candidate in offered):
        raise SignatureError("no valid signature")
