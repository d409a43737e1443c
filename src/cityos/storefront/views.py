"""Storefront pages: async views that ask commerce and content over HTTP."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


async def home(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/home.html", {"host": request.get_host()})
