"""Store API for categories and collections: ``/store/product-categories`` and ``/store/collections``.

Only active, public categories are shown. The tree options walk an in-memory index of the tenant's
public categories (one query), so a deep tree costs no more queries than a flat one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Router

from cityos.commerce.admin_routes import ordered, page_params
from cityos.commerce.auth import store_context
from cityos.commerce.catalog.models import ProductCategory, ProductCollection
from cityos.commerce.catalog.shapes import CATEGORY, COLLECTION
from cityos.commerce.errors import not_found
from cityos.commerce.params import query_values, refuse_unknown
from cityos.commerce.selection import Selection, parse_fields
from cityos.commerce.shapes import render
from cityos.commerce.tenants.models import Tenant

TREE_PARAMETERS = frozenset({"include_ancestors_tree", "include_descendants_tree"})
CATEGORY_PARAMETERS = frozenset({"id", "handle", "parent_category_id", *TREE_PARAMETERS})
router = Router(tags=["Store categories and collections"])
CATEGORY_DEFAULTS = [
    "id", "name", "description", "handle", "rank", "parent_category_id", "created_at", "updated_at",
    "metadata", "*parent_category", "*category_children",
]  # fmt: skip
COLLECTION_DEFAULTS = ["id", "title", "handle", "created_at", "updated_at", "metadata"]
CATEGORY_ORDER = {"id", "name", "handle", "rank", "created_at", "updated_at"}


def public_categories(tenant: Tenant) -> QuerySet[ProductCategory]:
    return ProductCategory.objects.filter(tenant=tenant, is_active=True, is_internal=False)


def truthy(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name, "").lower() in {"true", "1"}


class CategoryTree:
    """The tenant's public categories by id and by parent, for the tree options."""

    def __init__(self, tenant: Tenant) -> None:
        self.by_id = {c.id: c for c in public_categories(tenant).order_by("rank", "id")}
        self.children: dict[str | None, list[ProductCategory]] = {}
        for category in self.by_id.values():
            self.children.setdefault(category.parent_category_id, []).append(category)

    def render(
        self, category: ProductCategory, selection: Selection, *, ancestors: bool, descendants: bool
    ) -> dict[str, Any]:
        out = render(category, selection, CATEGORY)
        if (parent_selection := selection.child("parent_category")) is not None:
            parent = self.by_id.get(category.parent_category_id or "")
            out["parent_category"] = (
                self.render(parent, parent_selection if ancestors else Selection(star=True),
                            ancestors=ancestors, descendants=False)
                if parent else None
            )  # fmt: skip
        if (child_selection := selection.child("category_children")) is not None:
            out["category_children"] = [
                self.render(child, child_selection if descendants else Selection(star=True),
                            ancestors=False, descendants=descendants)
                for child in self.children.get(category.id, [])
            ]  # fmt: skip
        return out


def _category_page(
    request: HttpRequest, categories: list[ProductCategory], tenant: Tenant
) -> list[dict[str, Any]]:
    selection = parse_fields(request.GET.get("fields"), CATEGORY_DEFAULTS)
    ancestors, descendants = (
        truthy(request, "include_ancestors_tree"),
        truthy(request, "include_descendants_tree"),
    )
    if ancestors:
        selection.relations.setdefault("parent_category", Selection(star=True))
        selection.relations["parent_category"].relations["parent_category"] = selection.relations[
            "parent_category"
        ]
    if descendants:
        selection.relations.setdefault("category_children", Selection(star=True))
        children = selection.relations["category_children"]
        children.relations["category_children"] = children
    tree = CategoryTree(tenant)
    return [tree.render(c, selection, ancestors=ancestors, descendants=descendants) for c in categories]


@router.get("/product-categories", summary="List product categories", response=dict)
def list_categories(request: HttpRequest) -> dict[str, Any]:
    tenant = store_context(request).tenant
    refuse_unknown(request, CATEGORY_PARAMETERS)
    queryset = public_categories(tenant)
    for name in ("id", "handle"):
        if values := query_values(request, name):
            queryset = queryset.filter(**{f"{name}__in": values})
    if parents := query_values(request, "parent_category_id"):
        condition = Q(parent_category_id__in=[p for p in parents if p != "null"])
        if "null" in parents:  # Medusa's way of asking for the roots
            condition |= Q(parent_category__isnull=True)
        queryset = queryset.filter(condition)
    if query := request.GET.get("q", "").strip():
        queryset = queryset.filter(Q(name__icontains=query) | Q(handle__icontains=query))
    limit, offset = page_params(request)
    page = list(ordered(queryset, request, CATEGORY_ORDER)[offset : offset + limit])
    return {
        "product_categories": _category_page(request, page, tenant),
        "count": queryset.count(),
        "offset": offset,
        "limit": limit,
    }


@router.get("/product-categories/{id}", summary="Retrieve a product category", response=dict)
def retrieve_category(request: HttpRequest, id: str) -> dict[str, Any]:
    tenant = store_context(request).tenant
    refuse_unknown(request, TREE_PARAMETERS, paged=False)
    category = public_categories(tenant).filter(id=id).first()
    if category is None:
        raise not_found("Product category", id)
    return {"product_category": _category_page(request, [category], tenant)[0]}


@router.get("/collections", summary="List collections", response=dict)
def list_collections(request: HttpRequest) -> dict[str, Any]:
    queryset = ProductCollection.objects.filter(tenant=store_context(request).tenant)
    refuse_unknown(request, {"id", "handle", "title"})
    for name in ("id", "handle", "title"):
        if values := query_values(request, name):
            queryset = queryset.filter(**{f"{name}__in": values})
    selection = parse_fields(request.GET.get("fields"), COLLECTION_DEFAULTS)
    limit, offset = page_params(request)
    page = ordered(queryset, request, {"id", "title", "handle", "created_at", "updated_at"})[
        offset : offset + limit
    ]
    return {
        "collections": [render(c, selection, COLLECTION) for c in page],
        "count": queryset.count(),
        "offset": offset,
        "limit": limit,
    }


@router.get("/collections/{id}", summary="Retrieve a collection", response=dict)
def retrieve_collection(request: HttpRequest, id: str) -> dict[str, Any]:
    refuse_unknown(request, paged=False)
    collection = ProductCollection.objects.filter(tenant=store_context(request).tenant, id=id).first()
    if collection is None:
        raise not_found("Collection", id)
    selection = parse_fields(request.GET.get("fields"), COLLECTION_DEFAULTS)
    return {"collection": render(collection, selection, COLLECTION)}
