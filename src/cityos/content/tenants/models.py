"""Tenants as content knows them: commerce's mirror (slug, name) plus branding and domains it owns."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Tenant(models.Model):
    """Payload's ``tenants`` collection; ``medusa_id`` is the commerce tenant it mirrors."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    medusa_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
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
    """An editor's access to a tenant: the API and the Wagtail admin show them only these tenants."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        db_table = "content_tenant_membership"
        constraints = [models.UniqueConstraint(fields=("user", "tenant"), name="content_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} in {self.tenant}"
