"""Products as content knows them: commerce's fields mirrored read-only, editorial fields owned here."""

from __future__ import annotations

from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin

from cityos.content.tenants.admin import TenantScopedForm
from cityos.content.tenants.models import CommerceMirror, Tenant


class Editorial(models.Model):
    """What content adds to a commerce entity besides its description: SEO, and the bookkeeping."""

    seo_meta_title = models.CharField(max_length=300, null=True, blank=True)
    seo_meta_description = models.TextField(null=True, blank=True)
    seo_meta_keywords = models.CharField(max_length=500, null=True, blank=True)
    base_form_class = TenantScopedForm
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Product(DraftStateMixin, RevisionMixin, CommerceMirror, Editorial):
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
    categories = models.JSONField(default=list, blank=True, help_text="Commerce ids of its categories.")
    description = RichTextField(null=True, blank=True)
    title_override = models.CharField(max_length=500, null=True, blank=True)
    thumbnail = models.CharField(max_length=1000, null=True, blank=True)
    images = models.JSONField(default=list, blank=True)

    class Meta:
        db_table = "content_product"
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("tenant", "live"), name="content_product_tenant_live")]

    def __str__(self) -> str:
        return self.title


class Category(DraftStateMixin, RevisionMixin, CommerceMirror, Editorial):
    """The ``categories`` collection: commerce's category (handle, name, parent, rank) mirrored
    read-only, plus the rich description, SEO and image content owns."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="categories")
    medusa_id = models.CharField(max_length=64, unique=True)
    handle = models.CharField(max_length=200, blank=True, default="")
    name = models.CharField(max_length=200)
    parent_medusa_id = models.CharField(max_length=64, null=True, blank=True)
    rank = models.IntegerField(default=0)
    is_active = models.BooleanField(default=True)
    is_internal = models.BooleanField(default=False)
    description = RichTextField(null=True, blank=True)
    image = models.ForeignKey(
        "library.MediaImage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "content_category"
        ordering = ("rank", "id")
        indexes = [models.Index(fields=("tenant", "live"), name="content_category_tenant_live")]

    def __str__(self) -> str:
        return self.name
