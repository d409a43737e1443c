"""Pages and the editorial snippets in the Wagtail admin, each listing only the editor's tenants."""

from __future__ import annotations

from wagtail.snippets.models import register_snippet

from cityos.content.editorial.models import (
    Announcement,
    Form,
    FormSubmission,
    HeroSection,
    Navigation,
    OrderSummary,
    Post,
    SiteSettings,
)
from cityos.content.pages.models import ContentPage
from cityos.content.tenants.admin import TenantSnippetViewSet

SNIPPETS = [
    (ContentPage, "doc-full", "Pages", ("title", "slug", "tenant", "live", "updated_at")),
    (HeroSection, "image", "Hero sections", ("title", "tenant", "sort_order", "live")),
    (Post, "edit", "Posts", ("title", "slug", "tenant", "live", "published_at")),
    (Navigation, "list-ul", "Navigations", ("handle", "tenant")),
    (Announcement, "warning", "Announcements", ("message", "tenant", "starts_at", "ends_at")),
    (SiteSettings, "cog", "Site settings", ("site_name", "tenant")),
    (
        OrderSummary,
        "table",
        "Order summaries",
        ("date", "tenant", "orders_count", "revenue", "currency_code"),
    ),
    (Form, "form", "Forms", ("title", "slug", "tenant")),
    (FormSubmission, "mail", "Form submissions", ("form", "tenant", "created_at")),
]

for order, (snippet_model, snippet_icon, label, columns) in enumerate(SNIPPETS):
    register_snippet(
        type(
            f"{snippet_model.__name__}ViewSet",
            (TenantSnippetViewSet,),
            {"model": snippet_model, "icon": snippet_icon, "menu_label": label, "menu_order": 110 + order,
             "list_display": columns},
        )
    )  # fmt: skip
