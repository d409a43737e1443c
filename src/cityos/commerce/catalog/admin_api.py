"""Admin API for the catalog: products, variants, batch, and collections, categories, tags and types."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from pydantic import Field

from cityos.commerce.admin_routes import (
    Amount,
    IdRef,
    Omittable,
    Resource,
    Strict,
    acting,
    admin_router,
    changes,
    crud,
    deleted,
    fetch,
    ordered,
    page_params,
)
from cityos.commerce.catalog import services
from cityos.commerce.catalog.models import (
    Product,
    ProductCategory,
    ProductCollection,
    ProductTag,
    ProductType,
    ProductVariant,
)
from cityos.commerce.catalog.reads import load_products
from cityos.commerce.catalog.shapes import (
    ADMIN_PRODUCT_DEFAULTS,
    CATEGORY,
    COLLECTION,
    TAG,
    TYPE,
    product_shape,
)
from cityos.commerce.errors import not_found
from cityos.commerce.openapi import answers, component, deletion, listing
from cityos.commerce.params import query_values, refuse_unknown
from cityos.commerce.selection import parse_fields
from cityos.commerce.shapes import render, shape_schema
from cityos.commerce.tenants.models import Tenant
from cityos.platform.wire_schema import BOOLEAN, STRING, array, record

router = admin_router("Admin products")
Metadata = dict[str, Any] | None
Status = Literal["draft", "proposed", "published", "rejected"]


class PriceIn(Strict):
    currency_code: str = Field(min_length=3, max_length=3)
    amount: Amount
    min_quantity: int | None = Field(None, ge=0)
    max_quantity: int | None = Field(None, ge=0)
    rules: Omittable[dict[str, str]] = None


class VariantFields(Strict):
    sku: str | None = None
    barcode: str | None = None
    ean: str | None = None
    upc: str | None = None
    allow_backorder: bool = False
    manage_inventory: bool = True
    hs_code: str | None = None
    origin_country: str | None = Field(None, max_length=2)
    mid_code: str | None = None
    material: str | None = None
    weight: int | None = None
    length: int | None = None
    height: int | None = None
    width: int | None = None
    thumbnail: str | None = None
    variant_rank: int | None = None
    metadata: Metadata = None
    options: Omittable[dict[str, str]] = None
    prices: Omittable[list[PriceIn]] = None


class VariantCreate(VariantFields):
    title: str = Field(min_length=1)


class VariantUpdate(VariantFields):
    title: Omittable[str] = Field(None, min_length=1)


class OptionIn(Strict):
    title: str = Field(min_length=1)
    values: list[str] = Field(min_length=1)


class ImageIn(Strict):
    url: str = Field(min_length=1)
    id: str | None = None


class ProductFields(Strict):
    subtitle: str | None = None
    description: str | None = None
    handle: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]+$")
    status: Status | None = None
    thumbnail: str | None = None
    is_giftcard: Omittable[bool] = None
    discountable: Omittable[bool] = None
    external_id: str | None = None
    images: Omittable[list[ImageIn]] = None
    type_id: str | None = None
    collection_id: str | None = None
    categories: Omittable[list[IdRef]] = None
    tags: Omittable[list[IdRef]] = None
    sales_channels: Omittable[list[IdRef]] = None
    options: Omittable[list[OptionIn]] = None
    weight: int | None = None
    length: int | None = None
    height: int | None = None
    width: int | None = None
    hs_code: str | None = None
    origin_country: str | None = Field(None, max_length=2)
    mid_code: str | None = None
    material: str | None = None
    metadata: Metadata = None


class ProductCreate(ProductFields):
    title: str = Field(min_length=1)
    status: Status = "draft"
    variants: list[VariantCreate] = []


class ProductUpdate(ProductFields):
    title: Omittable[str] = Field(None, min_length=1)


class ProductUpdateInBatch(ProductUpdate):
    id: str


class ProductBatch(Strict):
    create: list[ProductCreate] = []
    update: list[ProductUpdateInBatch] = []
    delete: list[str] = []


ADMIN_PRODUCT = product_shape({}, {})
PRODUCT = component("AdminProduct", lambda: shape_schema(ADMIN_PRODUCT))
BATCH = answers(
    created=array(PRODUCT),
    updated=array(PRODUCT),
    deleted=record(ids=array(STRING), object=STRING, deleted=BOOLEAN),
)
PRODUCT_FILTERS = {
    "id": "id__in",
    "handle": "handle__in",
    "status": "status__in",
    "category_id": "categories__id__in",
    "collection_id": "collection_id__in",
    "tag_id": "tags__id__in",
    "type_id": "type_id__in",
    "sales_channel_id": "sales_channels__id__in",
}
PRODUCT_ORDER = {"id", "title", "handle", "status", "created_at", "updated_at"}


def products_of(tenant: Tenant) -> QuerySet[Product]:
    return Product.objects.filter(tenant=tenant)


def answer(request: HttpRequest, product_id: str) -> dict[str, Any]:
    """The product as Medusa answers every write: re-read with the admin's default relations."""
    selection = parse_fields(request.GET.get("fields"), ADMIN_PRODUCT_DEFAULTS)
    found = load_products(products_of(acting(request).tenant).filter(id=product_id), selection)
    if not found:
        raise not_found("Product", product_id)
    return {"product": render(found[0], selection, ADMIN_PRODUCT)}


def product_in_tenant(request: HttpRequest, id: str) -> Product:
    return fetch(products_of(acting(request).tenant), id, "Product")


def variant_of(product: Product, variant_id: str) -> ProductVariant:
    return fetch(product.variants.all(), variant_id, "Variant")


@router.get("/products", summary="List products", response=dict, openapi_extra=listing("products", PRODUCT))
def list_products(request: HttpRequest) -> dict[str, Any]:
    refuse_unknown(request, set(PRODUCT_FILTERS))
    selection = parse_fields(request.GET.get("fields"), ADMIN_PRODUCT_DEFAULTS)
    queryset = products_of(acting(request).tenant)
    for name, lookup in PRODUCT_FILTERS.items():
        if values := query_values(request, name):
            queryset = queryset.filter(**{lookup: values})
    if query := request.GET.get("q", "").strip():
        queryset = queryset.filter(title__icontains=query) | queryset.filter(handle__icontains=query)
    queryset = queryset.distinct()
    limit, offset = page_params(request)
    page = load_products(ordered(queryset, request, PRODUCT_ORDER)[offset : offset + limit], selection)
    return {
        "products": [render(product, selection, ADMIN_PRODUCT) for product in page],
        "count": queryset.count(),
        "offset": offset,
        "limit": limit,
    }


@router.post("/products", summary="Create a product", response=dict, openapi_extra=answers(product=PRODUCT))
def create_product(request: HttpRequest, body: ProductCreate) -> dict[str, Any]:
    product = services.create_product(
        tenant=acting(request).tenant, data=changes(body) | {"status": body.status}
    )
    return answer(request, product.id)


@router.post(
    "/products/batch",
    summary="Create, update and delete products at once",
    response=dict,
    openapi_extra=BATCH,
)
def batch_products(request: HttpRequest, body: ProductBatch) -> dict[str, Any]:
    tenant = acting(request).tenant
    created, updated, removed = services.batch_products(
        tenant=tenant,
        create=[changes(item) | {"status": item.status} for item in body.create],
        update=[changes(item) for item in body.update],
        delete=body.delete,
    )
    return {
        "created": [answer(request, product.id)["product"] for product in created],
        "updated": [answer(request, product.id)["product"] for product in updated],
        "deleted": {"ids": removed, "object": "product", "deleted": True},
    }


@router.get(
    "/products/{id}", summary="Retrieve a product", response=dict, openapi_extra=answers(product=PRODUCT)
)
def retrieve_product(request: HttpRequest, id: str) -> dict[str, Any]:
    refuse_unknown(request, paged=False)
    return answer(request, id)


@router.patch(
    "/products/{id}",
    summary="Update a product (the seed's PATCH)",
    response=dict,
    openapi_extra=answers(product=PRODUCT),
)
@router.post(
    "/products/{id}", summary="Update a product", response=dict, openapi_extra=answers(product=PRODUCT)
)
def update_product(request: HttpRequest, id: str, body: ProductUpdate) -> dict[str, Any]:
    services.update_product(product_in_tenant(request, id), changes(body))
    return answer(request, id)


@router.delete("/products/{id}", summary="Delete a product", response=dict, openapi_extra=deletion())
def delete_product(request: HttpRequest, id: str) -> dict[str, Any]:
    services.delete_product(product_in_tenant(request, id))
    return deleted(id, "product")


@router.post(
    "/products/{id}/variants",
    summary="Add a variant to a product",
    response=dict,
    openapi_extra=answers(product=PRODUCT),
)
def create_variant(request: HttpRequest, id: str, body: VariantCreate) -> dict[str, Any]:
    services.create_variant(product_in_tenant(request, id), changes(body))
    return answer(request, id)


@router.post(
    "/products/{id}/variants/{variant_id}",
    summary="Update a variant",
    response=dict,
    openapi_extra=answers(product=PRODUCT),
)
def update_variant(request: HttpRequest, id: str, variant_id: str, body: VariantUpdate) -> dict[str, Any]:
    services.update_variant(variant_of(product_in_tenant(request, id), variant_id), changes(body))
    return answer(request, id)


@router.delete(
    "/products/{id}/variants/{variant_id}",
    summary="Delete a variant",
    response=dict,
    openapi_extra=deletion(parent=PRODUCT),
)
def delete_variant(request: HttpRequest, id: str, variant_id: str) -> dict[str, Any]:
    services.delete_variant(variant_of(product_in_tenant(request, id), variant_id))
    return deleted(variant_id, "variant", parent=answer(request, id)["product"])


class CollectionCreate(Strict):
    title: str = Field(min_length=1)
    handle: str | None = None
    metadata: Metadata = None


class CollectionUpdate(Strict):
    title: Omittable[str] = Field(None, min_length=1)
    handle: str | None = None
    metadata: Metadata = None


class CategoryCreate(Strict):
    name: str = Field(min_length=1)
    description: str = ""
    handle: str | None = None
    is_active: bool = True
    is_internal: bool = False
    rank: int = Field(0, ge=0)
    parent_category_id: str | None = None
    metadata: Metadata = None


class CategoryUpdate(Strict):
    name: Omittable[str] = Field(None, min_length=1)
    description: str | None = None
    handle: str | None = None
    is_active: Omittable[bool] = None
    is_internal: Omittable[bool] = None
    rank: int | None = Field(None, ge=0)
    parent_category_id: str | None = None
    metadata: Metadata = None


class ValueCreate(Strict):
    value: str = Field(min_length=1)
    metadata: Metadata = None


class ValueUpdate(Strict):
    value: Omittable[str] = Field(None, min_length=1)
    metadata: Metadata = None


def scoped(model: Any) -> Any:
    return lambda tenant: model.objects.filter(tenant=tenant)


crud(
    router,
    Resource(
        path="/collections", singular="collection", plural="collections", label="ProductCollection",
        shape=COLLECTION, scope=scoped(ProductCollection),
        create_schema=CollectionCreate, update_schema=CollectionUpdate,
        create=lambda tenant, values: services.create_collection(tenant=tenant, **values),
        update=services.update_collection, delete=services.delete_collection,
        filters={"id": "id__in", "handle": "handle__in", "title": "title__in"}, search=("title", "handle"),
    ),
)  # fmt: skip
crud(
    router,
    Resource(
        path="/product-categories", singular="product_category", plural="product_categories",
        label="ProductCategory", shape=CATEGORY, scope=scoped(ProductCategory),
        create_schema=CategoryCreate, update_schema=CategoryUpdate,
        create=lambda tenant, values: services.create_category(tenant=tenant, **values),
        update=services.update_category, delete=services.delete_category,
        filters={"id": "id__in", "handle": "handle__in", "parent_category_id": "parent_category_id__in"},
        search=("name", "handle"), orderable=frozenset({"id", "name", "rank", "created_at", "updated_at"}),
    ),
)  # fmt: skip
crud(
    router,
    Resource(
        path="/product-tags", singular="product_tag", plural="product_tags", label="ProductTag",
        shape=TAG, scope=scoped(ProductTag), create_schema=ValueCreate, update_schema=ValueUpdate,
        create=lambda tenant, values: services.create_tag(tenant=tenant, **values),
        update=services.update_tag, delete=services.delete_tag,
        filters={"id": "id__in", "value": "value__in"}, search=("value",),
    ),
)  # fmt: skip
crud(
    router,
    Resource(
        path="/product-types", singular="product_type", plural="product_types", label="ProductType",
        shape=TYPE, scope=scoped(ProductType), create_schema=ValueCreate, update_schema=ValueUpdate,
        create=lambda tenant, values: services.create_type(tenant=tenant, **values),
        update=services.update_type, delete=services.delete_type,
        filters={"id": "id__in", "value": "value__in"}, search=("value",),
    ),
)  # fmt: skip
