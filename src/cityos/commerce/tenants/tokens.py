"""API key tokens: how they look (Medusa's ``pk_``/``sk_`` + 64 hex) and how secret ones are stored."""

from __future__ import annotations

import hashlib
import secrets


def new_token(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(32)}"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def redact(token: str) -> str:
    return f"{token[:6]}***{token[-3:]}"
