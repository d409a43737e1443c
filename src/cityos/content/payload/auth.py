"""Who is calling the content API: ``users API-Key <key>``, ``JWT``/``Bearer`` tokens, or nobody."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest

from cityos.content.payload.errors import Unauthorized
from cityos.content.tenants.scoping import editable_tenants, readable_tenants
from cityos.content.users.models import User, api_key_digest

TOKEN_LIFETIME = timedelta(hours=2)


@dataclass(frozen=True)
class Actor:
    """The caller; ``strategy`` is how they proved it (Payload's ``_strategy``)."""

    user: User | None = None
    strategy: str = ""

    @property
    def is_anonymous(self) -> bool:
        return self.user is None

    @property
    def sees_everything(self) -> bool:
        """Superusers and commerce's integration act across tenants."""
        return bool(self.user and (self.user.is_superuser or self.user.is_integration))

    @property
    def is_integration(self) -> bool:
        return bool(self.user and self.user.is_integration)

    def scoped(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Rows of the tenants this caller works in; anonymous callers are narrowed later (published rows)."""
        return queryset if self.user is None else queryset.filter(tenant__in=readable_tenants(self.user))

    def edits(self, tenant_id: int | None) -> bool:
        """May this caller change documents of that tenant?"""
        if self.user is None or tenant_id is None:
            return False
        return editable_tenants(self.user).filter(pk=tenant_id).exists()


def issue_token(user: User) -> tuple[str, datetime]:
    expires = datetime.now(UTC) + TOKEN_LIFETIME
    claims = {"id": user.pk, "collection": "users", "email": user.email, "exp": expires}
    return jwt.encode(claims, settings.JWT_SECRET, algorithm="HS256"), expires


def _from_token(token: str) -> User | None:
    try:
        claims = jwt.decode(token, settings.JWT_SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        raise Unauthorized("Your session has expired or the token is invalid.") from None
    return User.objects.filter(pk=claims.get("id"), is_active=True).first()


def actor_of(request: HttpRequest) -> Actor:
    """A wrong credential is refused (401); no credential is an anonymous caller."""
    header = request.headers.get("authorization", "").strip()
    if header.lower().startswith("users api-key "):
        key = header[len("users API-Key ") :].strip()
        user = User.objects.filter(
            api_key_digest=api_key_digest(key), enable_api_key=True, is_active=True
        ).first()
        if user is None:
            raise Unauthorized("The API key is not valid.")
        return Actor(user, "api-key")
    scheme, _, token = header.partition(" ")
    if scheme.lower() in {"jwt", "bearer"} and token.strip():
        user = _from_token(token.strip())
        return Actor(user, "local-jwt") if user else Actor()
    # The session cookie signs reads only: a write must carry its credential in a header, so a page
    # on another site cannot make a signed-in editor's browser change anything.
    cookie = request.COOKIES.get("payload-token", "")
    if not header and cookie and request.method in ("GET", "HEAD", "OPTIONS"):
        user = _from_token(cookie)
        return Actor(user, "local-jwt") if user else Actor()
    return Actor()
