"""Products as content knows them: commerce's fields mirrored read-only, editorial fields owned here."""

from __future__ import annotations

from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin

from cityos.content.tenants.admin import TenantScopedForm
from cityos.content.tenants.models import Tenant


class Product(DraftStateMixin, RevisionMixin, models.Model):
    """The seed's ``products`` collection. The row holds the published version; drafts are revisions."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="products"
    )
    medusa_id = models.CharField(max_length=64, unique=True)
    handle = models.CharField(max_length=300, blank=True, default="")
    title = models.CharField(max_length=500)
    subtitle = models.CharField(max_length=500, null=True, blank=True)
    status = models.CharField(max_length=20, blank=True, default="")
    options = models.JSONField(default=list, blank=True)
    variants = models.JSONField(default=list, blank=True)
    description = RichTextField(null=True, blank=True)
    title_override = models.CharField(max_length=500, null=True, blank=True)
    thumbnail = models.CharField(max_length=1000, null=True, blank=True)
    images = models.JSONField(default=list, blank=True)
    seo_meta_title = models.CharField(max_length=300, null=True, blank=True)
    seo_meta_description = models.TextField(null=True, blank=True)
    seo_meta_keywords = models.CharField(max_length=500, null=True, blank=True)
    commerce_version = models.CharField(
        max_length=40,
        blank=True,
        default="",
        editable=False,
        help_text="Time of the last applied commerce event.",
    )
    commerce_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    deleted_in_commerce_at = models.DateTimeField(null=True, blank=True, editable=False)
    base_form_class = TenantScopedForm
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "content_product"
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("tenant", "live"), name="content_product_tenant_live")]

    def __str__(self) -> str:
        return self.title
