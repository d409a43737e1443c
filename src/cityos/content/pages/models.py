"""Pages of a tenant's storefront: a slug per tenant and a block layout, with drafts and scheduling."""

from __future__ import annotations

from django.db import models
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin

from cityos.content.pages.blocks import LayoutBlock
from cityos.content.tenants.admin import TenantScopedForm
from cityos.content.tenants.models import Tenant


class ContentPage(DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """Payload's ``pages``. The row holds the published version; drafts are revisions."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="pages")
    slug = models.SlugField(max_length=200)
    title = models.CharField(max_length=300)
    layout = StreamField(LayoutBlock(), blank=True, default=list)
    seo_meta_title = models.CharField(max_length=300, null=True, blank=True)
    seo_meta_description = models.TextField(null=True, blank=True)
    base_form_class = TenantScopedForm
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "content_page"
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=("tenant", "slug"), name="content_page_slug_per_tenant")
        ]

    def __str__(self) -> str:
        return self.title
