"""Store API for regions: ``GET /store/regions`` and ``/store/regions/{id}`` of the key's tenant."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from cityos.commerce.auth import store_context
from cityos.commerce.errors import ErrorType, MedusaError
from cityos.commerce.openapi import answers, component, listing
from cityos.commerce.params import int_param, refuse_unknown
from cityos.commerce.regions.models import Region, RegionCountry
from cityos.commerce.selection import Selection
from cityos.commerce.shapes import TIMES, Many, Shape, render, shape_schema

router = Router(tags=["Store regions"])

COUNTRY = Shape(
    ("iso_2", "iso_3", "num_code", "name", "display_name", "region_id", "metadata", *TIMES),
    model=RegionCountry,
    types={"metadata": {"type": "null"}},  # countries keep none
)
REGION = Shape(
    ("id", "name", "currency_code", "automatic_taxes", *TIMES, "metadata"),
    {"countries": (Many("countries"), COUNTRY)},
    model=Region,
)
REGION_ANSWER = component("Region", lambda: shape_schema(REGION))
EVERYTHING = Selection(star=True, relations={"countries": Selection(star=True)})


@router.get(
    "/regions", summary="List regions", response=dict, openapi_extra=listing("regions", REGION_ANSWER)
)
def list_regions(request: HttpRequest) -> dict[str, Any]:
    ctx = store_context(request)
    refuse_unknown(request)
    limit, offset = int_param(request, "limit", 50), int_param(request, "offset", 0)
    regions = Region.objects.filter(tenant=ctx.tenant).order_by("created_at", "id")
    page = regions.prefetch_related("countries")[offset : offset + limit]
    return {
        "regions": [render(r, EVERYTHING, REGION) for r in page],
        "count": regions.count(),
        "offset": offset,
        "limit": limit,
    }


@router.get(
    "/regions/{id}", summary="Retrieve a region", response=dict, openapi_extra=answers(region=REGION_ANSWER)
)
def retrieve_region(request: HttpRequest, id: str) -> dict[str, Any]:
    ctx = store_context(request)
    refuse_unknown(request, paged=False)
    region = Region.objects.filter(tenant=ctx.tenant, id=id).prefetch_related("countries").first()
    if region is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Region with id: {id} was not found")
    return {"region": render(region, EVERYTHING, REGION)}
