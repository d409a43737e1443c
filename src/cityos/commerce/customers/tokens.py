"""Customer JWTs in Medusa's shape: ``actor_type: customer``, empty ``actor_id`` until the account exists."""

from __future__ import annotations

from datetime import UTC, datetime

import jwt
from django.conf import settings
from django.http import HttpRequest

from cityos.commerce.auth import TOKEN_LIFETIME, StoreContext
from cityos.commerce.customers.models import AuthIdentity, Customer
from cityos.commerce.errors import ErrorType, MedusaError


def issue_customer_token(identity: AuthIdentity) -> str:
    now = datetime.now(UTC)
    customer_id = identity.customer_id or ""
    claims = {
        "actor_id": customer_id,
        "actor_type": "customer",
        "auth_identity_id": identity.id,
        "app_metadata": {"customer_id": customer_id} if customer_id else {},
        "tenant_id": identity.tenant_id,
        "iat": now,
        "exp": now + TOKEN_LIFETIME,
    }
    return jwt.encode(claims, settings.JWT_SECRET, algorithm="HS256")


def bearer_identity(request: HttpRequest, ctx: StoreContext) -> AuthIdentity | None:
    """The identity of the request's customer token, if it is valid and of the key's tenant."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        claims = jwt.decode(token.strip(), settings.JWT_SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    if claims.get("actor_type") != "customer" or claims.get("tenant_id") != ctx.tenant.id:
        return None
    return (
        AuthIdentity.objects.select_related("customer")
        .filter(id=claims.get("auth_identity_id"), tenant=ctx.tenant)
        .first()
    )


def signed_in_customer(request: HttpRequest, ctx: StoreContext) -> Customer | None:
    identity = bearer_identity(request, ctx)
    return identity.customer if identity is not None else None


def require_customer(request: HttpRequest, ctx: StoreContext) -> Customer:
    customer = signed_in_customer(request, ctx)
    if customer is None:
        raise MedusaError(ErrorType.UNAUTHORIZED, "Unauthorized")
    return customer
