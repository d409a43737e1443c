"""The ``users`` collection: editors, their roles, tenant memberships and API keys, in the shape of
Payload's auth collection with the multi-tenant plugin (``tenants: [{tenant, roles}]``).

Only a superuser creates users, grants tenants or deletes users; anyone signed in reads and changes
their own account (email, password, API key), never their own tenants or roles.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet

from cityos.content.payload.auth import Actor
from cityos.content.payload.collections import Collection, register
from cityos.content.payload.errors import Forbidden, ValidationError
from cityos.content.payload.query import QueryField, as_date, as_number
from cityos.content.payload.users import user_doc
from cityos.content.payload.writing import Field, Invalid, read_body
from cityos.content.tenants.models import Tenant, TenantMembership
from cityos.content.users import services
from cityos.content.users.models import User

MIN_PASSWORD, MIN_API_KEY = 8, 32
ROLES = {"super-admin": True, "user": False}


def email(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("This field must be an email address.")
    try:
        validate_email(value)
    except DjangoValidationError:
        raise Invalid("This field must be an email address.") from None
    return value.strip().lower()


def secret_of(length: int) -> Any:
    def parse(value: Any) -> str:
        if not isinstance(value, str) or len(value) < length:
            raise Invalid(f"This field must be at least {length} characters.")
        return value

    return parse


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("This field must be true or false.")
    return value


def memberships(value: Any) -> list[tuple[Tenant, str]]:
    """``[{tenant: slug, roles: ["editor"|"viewer"]}]``, one role a tenant."""
    if not isinstance(value, list):
        raise Invalid("This field must be a list of {tenant, roles}.")
    slugs = [row.get("tenant") if isinstance(row, dict) else None for row in value]
    named = [slug for slug in slugs if isinstance(slug, str)]
    found = {tenant.slug: tenant for tenant in Tenant.objects.filter(slug__in=named)}
    chosen = []
    for row, slug in zip(value, slugs, strict=True):
        roles = row.get("roles", ["editor"]) if isinstance(row, dict) else None
        if slug not in found:
            raise Invalid("This relationship field has an invalid value.")
        if not isinstance(roles, list) or len(roles) != 1 or roles[0] not in TenantMembership.Role.values:
            raise Invalid(f"roles must be one of {', '.join(TenantMembership.Role.values)}.")
        chosen.append((found[slug], roles[0]))
    return chosen


def roles(value: Any) -> bool:
    """Payload's ``roles``: ``["super-admin"]`` or ``["user"]``, kept as the superuser flag."""
    if not isinstance(value, list) or len(value) != 1 or value[0] not in ROLES:
        raise Invalid(f"roles must be one of {', '.join(ROLES)}.")
    return ROLES[value[0]]


FIELDS = {
    "id": QueryField("pk", as_number),
    "email": QueryField("email"),
    "tenants.tenant": QueryField("memberships__tenant__slug"),
    "createdAt": QueryField("date_joined", as_date),
}
OWN = {"email": Field(parse=email), "password": Field(parse=secret_of(MIN_PASSWORD)),
       "enableAPIKey": Field(column="enable_api_key", parse=flag),
       "apiKey": Field(column="api_key", parse=secret_of(MIN_API_KEY))}  # fmt: skip
GRANTED = {
    "tenants": Field(column="memberships", parse=memberships),
    "roles": Field(column="is_superuser", parse=roles),
}
WRITABLE = OWN | GRANTED


def scope(actor: Actor) -> QuerySet[User]:
    users = User.objects.filter(is_active=True)
    if actor.user is None:
        return users.none()
    return users if actor.user.is_superuser else users.filter(pk=actor.user.pk)


def to_doc(user: User, draft: bool) -> dict[str, Any]:
    doc = user_doc(user, "")
    return {key: value for key, value in doc.items() if key not in ("_strategy", "sessions")}


def _values(actor: Actor, body: Any, current: User | None) -> dict[str, Any]:
    administers = bool(actor.user and actor.user.is_superuser)
    if isinstance(body, dict) and not administers and set(body) & set(GRANTED):
        raise Forbidden
    values = read_body(
        "users", body, WRITABLE, actor, required=("email", "password"), partial=current is not None
    )
    others = User.objects.exclude(pk=getattr(current, "pk", None))
    if values.get("email") and others.filter(email=values["email"]).exists():
        taken = "A user with the given email is already registered."
        raise ValidationError("users", [{"path": "email", "message": taken}])
    if "is_superuser" in values:
        values["is_staff"] = values["is_superuser"]
    return values


def create(actor: Actor, body: dict[str, Any], publish: bool) -> User:
    if not (actor.user and actor.user.is_superuser):
        raise Forbidden
    return services.save_user(User(), _values(actor, body, None))


def update(user: User, actor: Actor, body: dict[str, Any], publish: bool) -> User:
    return services.save_user(user, _values(actor, body, user))


def delete(user: User, actor: Actor) -> None:
    if not (actor.user and actor.user.is_superuser) or user.pk == actor.user.pk:
        raise Forbidden
    services.delete_user(user)


USERS = register(
    Collection(
        slug="users", singular="User", plural="Users", fields=FIELDS, scope=scope, to_doc=to_doc,
        create=create, update=update, delete=delete, writable=WRITABLE, has_drafts=False,
        tenant_lookup="memberships__tenant", default_sort="-createdAt",
    )
)  # fmt: skip
