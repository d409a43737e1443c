"""Tenants as content knows them: commerce's mirror (slug, name) plus branding and domains it owns."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CommerceMirror(models.Model):
    """What applying commerce's events keeps on a mirrored row: the version and hash of the last
    applied snapshot, and when commerce deleted it (content keeps the row and its editorial work)."""

    commerce_version = models.CharField(
        max_length=40,
        blank=True,
        default="",
        editable=False,
        help_text="Time of the last applied commerce event.",
    )
    commerce_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    deleted_in_commerce_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Tenant(CommerceMirror):
    """Payload's ``tenants`` collection; ``medusa_id`` is the commerce tenant it mirrors."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    medusa_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    status = models.CharField(max_length=20, blank=True, default="active")
    default_currency_code = models.CharField(max_length=3, blank=True, default="")
    theme = models.JSONField(default=dict, blank=True, help_text="Colours, fonts and logo of the storefront.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "content_tenant"
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.name


class TenantDomain(models.Model):
    """A host name the storefront answers for this tenant (``acme.localhost``)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        db_table = "content_tenant_domain"
        ordering = ("domain",)

    def __str__(self) -> str:
        return self.domain


class TenantMembership(models.Model):
    """A user's access to a tenant: the API and the Wagtail admin show them only these tenants.
    An editor reads and changes the tenant's documents, branding and domains; a viewer (a reviewer, a
    preview deployment) reads them, drafts included, and changes nothing."""

    class Role(models.TextChoices):
        EDITOR = "editor"
        VIEWER = "viewer"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.EDITOR)

    class Meta:
        db_table = "content_tenant_membership"
        constraints = [models.UniqueConstraint(fields=("user", "tenant"), name="content_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} in {self.tenant}"


class Store(CommerceMirror):
    """Payload's ``stores`` collection: commerce's store (name, handle, channel, publishable keys,
    regions) mirrored read-only, with the branding and domains content owns."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="stores")
    medusa_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    handle = models.CharField(max_length=100, blank=True, default="")
    sales_channel_id = models.CharField(max_length=64, null=True, blank=True)
    publishable_keys = models.JSONField(default=list, blank=True)
    region_ids = models.JSONField(default=list, blank=True)
    default_region_id = models.CharField(max_length=64, null=True, blank=True)
    branding = models.JSONField(default=dict, blank=True, help_text="Logo, colours and fonts of this store.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "content_store"
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.name


class StoreDomain(models.Model):
    """A host name of one store; unique across the platform, as tenant domains are."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        db_table = "content_store_domain"
        ordering = ("domain",)

    def __str__(self) -> str:
        return self.domain
