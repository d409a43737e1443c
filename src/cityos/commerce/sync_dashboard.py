"""``/app/sync/``: the sync dashboard in commerce's Django admin (staff read it; superusers retry)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse

from cityos.platform.events import dashboard


def sync_dashboard(request: HttpRequest) -> TemplateResponse:
    retry = request.method == "POST"
    if retry and not request.user.is_superuser:
        raise PermissionDenied
    page = {**admin.site.each_context(request), "title": "Sync", **dashboard.context("commerce", retry=retry)}
    return TemplateResponse(request, "cityos/sync_dashboard.html", page)
