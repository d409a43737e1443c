"""Tenants in the Wagtail admin: branding and domains are content's; slug and name mirror commerce."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cityos.content.tenants.models import Tenant
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


register_snippet(TenantViewSet)
