"""Wagtail admin pieces for tenant-owned snippets: listings and tenant pickers show the editor's tenants."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.snippets.views.snippets import SnippetViewSet

from cityos.content.tenants.scoping import editable_tenants


class TenantScopedForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "tenant" in self.fields and self.for_user is not None:
            self.fields["tenant"].queryset = editable_tenants(self.for_user)


class TenantSnippetViewSet(SnippetViewSet):
    """A snippet listing limited to the editor's tenants (models set ``base_form_class`` for the picker)."""

    add_to_admin_menu = True
    list_filter = ("tenant",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.model._default_manager.filter(tenant__in=editable_tenants(request.user)).select_related(
            "tenant"
        )
