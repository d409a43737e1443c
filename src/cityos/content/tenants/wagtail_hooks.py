"""Tenants in the Wagtail admin: branding and domains are content's; slug and name mirror commerce."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cityos.content.tenants.admin import TenantSnippetViewSet
from cityos.content.tenants.models import Store, Tenant, TenantMembership
from cityos.content.tenants.scoping import editable_tenants


class TenantViewSet(SnippetViewSet):
    model = Tenant
    icon = "site"
    menu_label = "Tenants"
    menu_order = 90
    add_to_admin_menu = True
    list_display = ("name", "slug")
    panels = (FieldPanel("slug", read_only=True), FieldPanel("name", read_only=True), FieldPanel("theme"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return editable_tenants(request.user)


class StoreViewSet(TenantSnippetViewSet):
    """Stores: branding is content's; name, handle, channel and keys mirror commerce (domains are
    changed through the API, which checks them against every tenant's and store's)."""

    model = Store
    icon = "home"
    menu_label = "Stores"
    menu_order = 91
    list_display = ("name", "handle", "tenant")
    panels = (
        *(FieldPanel(name, read_only=True) for name in ("medusa_id", "tenant", "name", "handle")),
        *(
            FieldPanel(name, read_only=True)
            for name in ("sales_channel_id", "publishable_keys", "region_ids")
        ),
        FieldPanel("branding"),
    )


class MembershipViewSet(SnippetViewSet):
    """Who works in which tenant, as editor or viewer: superusers grant it (no editor holds the
    permission), as ``tenants`` on ``/api/users`` does."""

    model = TenantMembership
    icon = "group"
    menu_label = "Memberships"
    menu_order = 92
    add_to_admin_menu = True
    list_display = ("user", "tenant", "role")
    list_filter = ("tenant", "role")


register_snippet(TenantViewSet)
register_snippet(StoreViewSet)
register_snippet(MembershipViewSet)
