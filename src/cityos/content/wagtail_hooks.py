"""The sync dashboard in the Wagtail admin: platform health, so for superusers only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cityos.platform.events import dashboard


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
