"""Who is calling: the publishable key of a Store request, the staff member or secret key of an Admin one.

Store requests are scoped to the key's tenant and sales channels; Admin requests act in one tenant,
the secret key's own or the one a staff member names in ``x-tenant-id`` (id or slug).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict

from cityos.commerce import store_config
from cityos.commerce.errors import ErrorType, MedusaError
from cityos.commerce.params import require_json
from cityos.commerce.tenants.models import ApiKey, Tenant
from cityos.commerce.tenants.tokens import digest
from cityos.commerce.users.models import User
from cityos.platform.events.models import OutboxEvent
from cityos.platform.prepared import PreparedRead

TOKEN_LIFETIME = timedelta(days=1)
PUBLISHABLE_HEADER = "HTTP_X_PUBLISHABLE_API_KEY"
MISSING_KEY = (
    "Publishable API key required in the request header: x-publishable-api-key. "
    "You can manage your keys in settings in the dashboard."
)
INVALID_KEY = "A valid publishable key is required to proceed with the request"


@dataclass(frozen=True)
class StoreContext:
    """What a Store request's publishable key opens, resolved once per request by one query."""

    tenant: Tenant
    sales_channel_ids: tuple[str, ...]
    answers_version: str = ""  # the tenant's latest event: cached Store answers older than it are stale


@dataclass(frozen=True)
class AdminContext:
    tenant: Tenant
    actor_id: str
    user: User | None = None


# One row per enabled sales channel of the key (one with ``channel_id`` None when it has none).
PUBLISHABLE_KEY = PreparedRead(
    lambda token: (
        ApiKey.objects.filter(token__in=token, type=ApiKey.Type.PUBLISHABLE, revoked_at__isnull=True)
        .annotate(
            enabled_channel=FilteredRelation(
                "sales_channels", condition=Q(sales_channels__is_disabled=False)
            ),
            config_token=store_config.token_subquery(),
            version=Subquery(
                OutboxEvent.objects.filter(tenant_id=OuterRef("tenant_id")).order_by("-id").values("id")[:1]
            ),
        )
        .order_by("enabled_channel__id")
    ),
    {
        "id": "id",
        **{f"tenant_{name}": f"tenant__{name}" for name in ("id", "slug", "name", "status")},
        "channel_id": "enabled_channel__id",
        "config_token": "config_token",
        "version": "version",
    },
)


def store_context(request: HttpRequest) -> StoreContext:
    """The tenant and sales channels of the request's publishable key (400 ``not_allowed`` without one),
    read once per request: the answer cache and every route downstream take this same context."""
    known = request.__dict__.get("cityos_store_context")
    if known is not None:
        return known  # type: ignore[no-any-return]
    context = request.__dict__["cityos_store_context"] = _resolve_store_context(request)
    return context


def _resolve_store_context(request: HttpRequest) -> StoreContext:
    token = request.META.get(PUBLISHABLE_HEADER, "").strip()
    if not token:
        raise MedusaError(ErrorType.NOT_ALLOWED, MISSING_KEY)
    rows = PUBLISHABLE_KEY([token])
    key = rows[0] if rows else None
    if key is None or key.tenant_status != Tenant.Status.ACTIVE:
        raise MedusaError(ErrorType.NOT_ALLOWED, INVALID_KEY)
    # As loaded from the database; the fields not read here are deferred.
    tenant = Tenant.from_db(
        "default",
        ["id", "slug", "name", "status"],
        [key.tenant_id, key.tenant_slug, key.tenant_name, key.tenant_status],
    )
    channels = tuple(row.channel_id for row in rows if row.channel_id is not None)
    store_config.use(key.config_token)
    return StoreContext(
        tenant=tenant, sales_channel_ids=channels, answers_version=f"{key.tenant_id}:{key.version}"
    )


def issue_token(user: User) -> str:
    now = datetime.now(UTC)
    claims = {
        "actor_id": user.id,
        "actor_type": "user",
        "auth_identity_id": user.id,
        "app_metadata": {"user_id": user.id},
        "iat": now,
        "exp": now + TOKEN_LIFETIME,
    }
    return jwt.encode(claims, settings.JWT_SECRET, algorithm="HS256")


def _user_from_bearer(token: str) -> User | None:
    try:
        claims = jwt.decode(token, settings.JWT_SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    if claims.get("actor_type") != "user":
        return None
    return User.objects.filter(id=claims.get("actor_id"), is_active=True).first()


def _secret_key(credential: str) -> ApiKey | None:
    """``Basic sk_…`` as Medusa documents it, or ``Basic base64(sk_…:)`` as HTTP clients send it."""
    token = credential
    if not token.startswith("sk_"):
        try:
            token = base64.b64decode(credential, validate=True).decode().rstrip(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
    return (
        ApiKey.objects.select_related("tenant")
        .filter(token=digest(token), type=ApiKey.Type.SECRET, revoked_at__isnull=True)
        .first()
    )


def _pick_tenant(request: HttpRequest, actor: Actor) -> Tenant:
    wanted = request.headers.get("x-tenant-id", "").strip()
    tenants = actor.tenants()
    if wanted:
        tenant = tenants.filter(id=wanted).first() or tenants.filter(slug=wanted).first()
        if tenant is None:
            raise MedusaError(ErrorType.NOT_FOUND, f"Tenant with id: {wanted} was not found")
        return tenant
    choices = list(tenants[:2])
    if len(choices) == 1:
        return choices[0]
    if not choices:
        raise MedusaError(ErrorType.FORBIDDEN, "You are not a member of any tenant")
    raise MedusaError(
        ErrorType.INVALID_DATA, "Several tenants are available: name one in the x-tenant-id header"
    )


@dataclass(frozen=True)
class Actor:
    """Who signed an Admin request: a staff member, or a secret key bound to its tenant."""

    user: User | None = None
    key: ApiKey | None = None

    @property
    def id(self) -> str:
        return self.user.id if self.user else self.key.id if self.key else ""

    def tenants(self) -> QuerySet[Tenant]:
        if self.key is not None:
            return Tenant.objects.filter(id=self.key.tenant_id)
        assert self.user is not None
        return (
            Tenant.objects.all()
            if self.user.is_superuser
            else Tenant.objects.filter(memberships__user=self.user)
        )


def admin_actor(request: HttpRequest) -> Actor | None:
    """ninja auth callback for routes above tenants (``/admin/tenants``): None answers 401."""
    scheme, _, credential = request.headers.get("authorization", "").partition(" ")
    credential = credential.strip()
    if scheme.lower() == "bearer" and credential:
        user = _user_from_bearer(credential)
        if user is not None:
            return Actor(user=user)
    elif scheme.lower() == "basic" and credential:
        key = _secret_key(credential)
        if key is not None and key.tenant.status == Tenant.Status.ACTIVE:
            return Actor(key=key)
    return None


def admin_context(request: HttpRequest) -> AdminContext | None:
    """ninja auth callback for ``/admin``: None answers 401, a MedusaError answers itself."""
    actor = admin_actor(request)
    if actor is None:
        return None
    if actor.key is not None:
        return AdminContext(tenant=actor.key.tenant, actor_id=actor.id)
    assert actor.user is not None
    return AdminContext(tenant=_pick_tenant(request, actor), actor_id=actor.id, user=actor.user)


router = Router(tags=["Auth"])


class EmailPass(Schema):
    model_config = ConfigDict(extra="forbid")
    email: str
    password: str


class TokenOut(Schema):
    token: str


@router.post("/user/emailpass", response=TokenOut, summary="Sign in an admin user")
def login_user(request: HttpRequest, body: EmailPass) -> dict[str, str]:
    require_json(request)
    user = authenticate(request, email=body.email.lower(), password=body.password)
    if user is None or not user.is_active:
        raise MedusaError(ErrorType.UNAUTHORIZED, "Invalid email or password")
    return {"token": issue_token(user)}
