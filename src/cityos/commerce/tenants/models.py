"""Tenants, their stores, sales channels and API keys: the rows every other commerce row hangs from."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cityos.platform.fields import PrefixedIdField
from cityos.platform.models import TimestampedModel


class Tenant(TimestampedModel):
    """A business on the platform (the seed's ``tenant`` table)."""

    class Status(models.TextChoices):
        ACTIVE = "active"
        SUSPENDED = "suspended"
        ARCHIVED = "archived"

    id = PrefixedIdField("ten")
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    default_currency_code = models.CharField(max_length=3, default="eur")
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "tenant"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.name


class TenantMembership(models.Model):
    """A staff member's access to one tenant; the Admin API and ``/app`` are scoped by these."""

    class Role(models.TextChoices):
        OWNER = "owner"
        ADMIN = "admin"
        STAFF = "staff"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ADMIN)

    class Meta:
        db_table = "tenant_membership"
        constraints = [models.UniqueConstraint(fields=("user", "tenant"), name="tenant_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} in {self.tenant}"


class SalesChannel(TimestampedModel):
    id = PrefixedIdField("sc")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="sales_channels")
    name = models.CharField(max_length=200)
    description = models.TextField(null=True, blank=True)
    is_disabled = models.BooleanField(default=False)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "sales_channel"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.name


class Store(TimestampedModel):
    """A storefront of a tenant (the seed's ``cityos_store``)."""

    id = PrefixedIdField("store")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="stores")
    name = models.CharField(max_length=200)
    handle = models.SlugField(max_length=100)
    default_sales_channel = models.ForeignKey(
        SalesChannel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    default_region_id = models.CharField(max_length=40, null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "cityos_store"
        ordering = ("created_at", "id")
        constraints = [models.UniqueConstraint(fields=("tenant", "handle"), name="store_handle_per_tenant")]

    def __str__(self) -> str:
        return self.name


class ApiKey(TimestampedModel):
    """Medusa's API key: a publishable key scopes the Store API, a secret key acts in the Admin API.

    Secret tokens are kept only as a SHA-256 digest (they carry 256 random bits, so no salt is needed);
    publishable tokens are public by design and kept as they are.
    """

    class Type(models.TextChoices):
        PUBLISHABLE = "publishable"
        SECRET = "secret"

    id = PrefixedIdField("apk")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="api_keys")
    type = models.CharField(max_length=20, choices=Type.choices)
    title = models.CharField(max_length=200)
    token = models.CharField(
        max_length=128, unique=True, help_text="The token, or its SHA-256 for secret keys."
    )
    redacted = models.CharField(max_length=40)
    sales_channels = models.ManyToManyField(SalesChannel, blank=True, related_name="publishable_keys")
    created_by = models.CharField(max_length=40, blank=True, default="")
    revoked_by = models.CharField(max_length=40, null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "api_key"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.title} ({self.redacted})"
