"""The seed's public endpoints: published documents of one tenant, no credentials needed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from cityos.content.payload.auth import Actor
from cityos.content.payload.collections import REGISTRY
from cityos.content.payload.errors import BadQuery, NotFound
from cityos.content.payload.views import public_answer

router = Router(tags=["Public"])


def tenant_asked(request: HttpRequest) -> str:
    tenant = request.GET.get("tenant", "").strip()
    if not tenant:
        raise BadQuery("tenant is required")
    return tenant


@router.get("/public/pages/{slug}", summary="A tenant's published page by slug", response=dict)
def public_page(request: HttpRequest, slug: str) -> Any:
    def read() -> dict[str, Any]:
        pages = REGISTRY["pages"]
        found = (
            pages.readable(Actor(), draft=False).filter(tenant__slug=tenant_asked(request), slug=slug).first()
        )
        if found is None:
            raise NotFound
        return pages.docs([found], draft=False, depth=2)[0]

    return public_answer(request, Actor(), read)


@router.get("/public/hero-sections", summary="A tenant's published hero sections, in order", response=dict)
def public_hero_sections(request: HttpRequest) -> dict[str, Any]:
    heroes = REGISTRY["hero-sections"]
    rows = list(
        heroes.readable(Actor(), draft=False)
        .filter(tenant__slug=tenant_asked(request))
        .order_by("sort_order", "id")
    )
    return {"docs": heroes.docs(rows, draft=False, depth=2), "totalDocs": len(rows)}
