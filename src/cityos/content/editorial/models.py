"""A tenant's editorial documents besides pages: hero sections, posts, navigation, announcements,
site settings, and the daily order summaries commerce reports."""

from __future__ import annotations

from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin

from cityos.content.tenants.admin import TenantScopedForm
from cityos.content.tenants.models import Tenant

IMAGE = {
    "to": "library.MediaImage",
    "on_delete": models.SET_NULL,
    "null": True,
    "blank": True,
    "related_name": "+",
}


class TenantDocument(models.Model):
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    base_form_class = TenantScopedForm
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ("-created_at", "-id")


class HeroSection(DraftStateMixin, RevisionMixin, TenantDocument):
    title = models.CharField(max_length=200)
    heading = models.CharField(max_length=200)
    subheading = models.TextField(blank=True, default="")
    image = models.ForeignKey(**IMAGE)
    cta_label = models.CharField(max_length=80, blank=True, default="")
    cta_url = models.CharField(max_length=500, blank=True, default="")
    sort_order = models.IntegerField(default=0)

    class Meta(TenantDocument.Meta):
        db_table = "content_hero_section"

    def __str__(self) -> str:
        return self.title


class Post(DraftStateMixin, RevisionMixin, TenantDocument):
    slug = models.SlugField(max_length=200)
    title = models.CharField(max_length=300)
    excerpt = models.TextField(blank=True, default="")
    body = RichTextField(blank=True, null=True)
    cover = models.ForeignKey(**IMAGE)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta(TenantDocument.Meta):
        db_table = "content_post"
        constraints = [
            models.UniqueConstraint(fields=("tenant", "slug"), name="content_post_slug_per_tenant")
        ]

    def __str__(self) -> str:
        return self.title


class Navigation(TenantDocument):
    handle = models.SlugField(max_length=100, help_text="main, footer, …")
    items = models.JSONField(default=list, blank=True, help_text="[{label, url, children?}]")

    class Meta(TenantDocument.Meta):
        db_table = "content_navigation"
        constraints = [
            models.UniqueConstraint(fields=("tenant", "handle"), name="content_navigation_per_tenant")
        ]

    def __str__(self) -> str:
        return self.handle


class Announcement(TenantDocument):
    message = models.CharField(max_length=500)
    link = models.CharField(max_length=500, blank=True, default="")
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)

    class Meta(TenantDocument.Meta):
        db_table = "content_announcement"

    def __str__(self) -> str:
        return self.message


class SiteSettings(TenantDocument):
    site_name = models.CharField(max_length=200)
    tagline = models.CharField(max_length=300, blank=True, default="")
    contact_email = models.CharField(max_length=254, blank=True, default="")
    social = models.JSONField(default=dict, blank=True)

    class Meta(TenantDocument.Meta):
        db_table = "content_site_settings"
        constraints = [models.UniqueConstraint(fields=("tenant",), name="content_site_settings_per_tenant")]

    def __str__(self) -> str:
        return self.site_name


class OrderSummary(TenantDocument):
    """One day's orders of a tenant, reported by commerce (design §4: commerce owns it)."""

    date = models.CharField(max_length=10, help_text="YYYY-MM-DD")
    orders_count = models.IntegerField(default=0)
    revenue = models.DecimalField(max_digits=24, decimal_places=6, default=0)
    currency_code = models.CharField(max_length=3)
    commerce_version = models.CharField(
        max_length=40, blank=True, default="", editable=False, help_text="Time of the applied summary event."
    )

    class Meta(TenantDocument.Meta):
        db_table = "content_order_summary"
        constraints = [
            models.UniqueConstraint(fields=("tenant", "date"), name="content_order_summary_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.tenant} {self.date}"


class Form(TenantDocument):
    """A form editors build from fields (Payload's form builder); visitors' answers are submissions."""

    slug = models.SlugField(max_length=200)
    title = models.CharField(max_length=300)
    fields = models.JSONField(
        default=list, blank=True, help_text="[{blockType, name, label, required, options?}]"
    )
    confirmation_message = models.TextField(blank=True, default="")

    class Meta(TenantDocument.Meta):
        db_table = "content_form"
        constraints = [
            models.UniqueConstraint(fields=("tenant", "slug"), name="content_form_slug_per_tenant")
        ]

    def __str__(self) -> str:
        return self.title


class FormSubmission(TenantDocument):
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="submissions")
    data = models.JSONField(default=list, help_text="[{field, value}]")

    class Meta(TenantDocument.Meta):
        db_table = "content_form_submission"

    def __str__(self) -> str:
        return f"{self.form} #{self.pk}"
