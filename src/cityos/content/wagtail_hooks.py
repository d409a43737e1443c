"""The sync dashboard and webhook subscriptions in the Wagtail admin: platform-wide, so for superusers
only (no editor holds their permissions)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cityos.platform.events import dashboard, delivery
from cityos.platform.events.admin import SubscriptionForm
from cityos.platform.events.models import Subscription


def sync_dashboard(request: HttpRequest) -> TemplateResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    page = dashboard.context("content", retry=request.method == "POST")
    return TemplateResponse(request, "cityos/sync_dashboard.html", page)


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)


@hooks.register("register_admin_urls")
def sync_urls() -> list[Any]:
    return [path("sync/", sync_dashboard, name="cityos_sync")]


@hooks.register("register_admin_menu_item")
def sync_menu_item() -> MenuItem:
    return SuperuserMenuItem("Sync", reverse("cityos_sync"), icon_name="resubmit", order=10000)


class SubscriptionViewSet(SnippetViewSet):
    """Who receives content's events; the form checks URLs and patterns as the API does."""

    model = Subscription
    icon = "link"
    menu_label = "Webhook subscriptions"
    menu_order = 10001
    add_to_admin_menu = True
    list_display = ("url", "description", "is_active")
    panels = [FieldPanel(name) for name in SubscriptionForm.Meta.fields]

    def get_form_class(self, for_update: bool = False) -> Any:
        return type(
            "SubscriptionSnippetForm",
            (SubscriptionForm, super().get_form_class(for_update)),
            {"save": save_through_services},
        )


def save_through_services(form: Any, commit: bool = True) -> Subscription:
    """The snippet form saves through ``delivery``, the one writer of subscriptions."""
    values = {name: form.cleaned_data[name] for name in SubscriptionForm.Meta.fields}
    if not form.instance._state.adding:  # (a new row has its prefixed id already)
        return delivery.change_subscription(form.instance, values)
    return delivery.subscribe(**values)


register_snippet(SubscriptionViewSet)
