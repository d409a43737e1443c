"""Store API for products: ``GET /store/products`` and ``/store/products/{id}``, scoped by publishable key."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from cityos.commerce.auth import StoreContext, store_context
from cityos.commerce.catalog.models import Product
from cityos.commerce.catalog.reads import Row, load_prices, load_products
from cityos.commerce.catalog.shapes import (
    STORE_PRODUCT_DEFAULTS,
    STORE_PRODUCT_RETRIEVE_DEFAULTS,
    product_shape,
)
from cityos.commerce.errors import ErrorType, MedusaError, invalid
from cityos.commerce.inventory.reads import available_by_variant
from cityos.commerce.openapi import answers, component, listing
from cityos.commerce.params import int_param, query_values, refuse_unknown
from cityos.commerce.pricing.calculator import CALCULATED_PRICE, PricingContext, calculate
from cityos.commerce.regions.models import Region
from cityos.commerce.selection import Selection, parse_fields
from cityos.commerce.shapes import Shape, render, shape_schema
from cityos.commerce.store_cache import cached_store_response
from cityos.platform.prepared import PreparedRead
from cityos.platform.wire_schema import INTEGER, JSON, OBJECT, nullable

router = Router(tags=["Store products"])

ORDERABLE = {"id", "title", "handle", "created_at", "updated_at"}
LIST_FILTERS = {
    "id": "id__in",
    "handle": "handle__in",
    "category_id": "categories__id__in",
    "collection_id": "collection_id__in",
    "tag_id": "tags__id__in",
    "type_id": "type_id__in",
    "sales_channel_id": "sales_channels__id__in",  # within the publishable key's channels
}
MANY_TO_MANY_FILTERS = {"category_id", "tag_id", "sales_channel_id"}  # these join rows that can repeat
# Pricing context (``calculated_price``) and the seed's tenant hint; lists take the filters as well.
PRICING_PARAMETERS = frozenset(
    {"region_id", "country_code", "currency_code", "province", "cart_id", "tenant_id"}
)
LIST_PARAMETERS = frozenset({*LIST_FILTERS, *PRICING_PARAMETERS})
MAX_LIMIT = 1000


REGION_FIELDS = {name: name for name in ("id", "currency_code", "is_tax_inclusive")}
REGION_BY_ID = PreparedRead(
    lambda ids, tenant: Region.objects.filter(id__in=ids, tenant_id__in=tenant), REGION_FIELDS
)
REGION_BY_COUNTRY = PreparedRead(
    lambda codes, tenant: Region.objects.filter(countries__iso_2__in=codes, tenant_id__in=tenant),
    REGION_FIELDS,
)


def pricing_context(request: HttpRequest, ctx: StoreContext) -> PricingContext | None:
    region_id = request.GET.get("region_id")
    country = (request.GET.get("country_code") or "").lower()
    currency = (request.GET.get("currency_code") or "").lower()
    region = None
    if region_id:
        region = next(iter(REGION_BY_ID([region_id], [ctx.tenant.id])), None)
        if region is None:
            raise MedusaError(ErrorType.NOT_FOUND, f"Region with id: {region_id} was not found")
    elif country:
        region = next(iter(REGION_BY_COUNTRY([country], [ctx.tenant.id])), None)
    if region is not None:
        return PricingContext(
            currency_code=region.currency_code, region_id=region.id, tax_inclusive=region.is_tax_inclusive
        )
    if currency:
        return PricingContext(currency_code=currency)
    return None


def visible_products(ctx: StoreContext) -> QuerySet[Product]:
    """Published products in one of the key's sales channels: an EXISTS, never a list of every id."""
    in_channel = Product.sales_channels.through.objects.filter(
        product_id=OuterRef("pk"), saleschannel_id__in=ctx.sales_channel_ids
    )
    return Product.objects.filter(tenant=ctx.tenant, status=Product.Status.PUBLISHED).filter(
        Exists(in_channel)
    )


def asked_for_another_tenant(request: HttpRequest, ctx: StoreContext) -> bool:
    """The seed's ``tenant_id`` hint (its id or slug): naming a tenant other than the key's shows
    nothing, never that tenant's rows."""
    asked = request.GET.get("tenant_id")
    return asked is not None and asked not in (ctx.tenant.id, ctx.tenant.slug)


def cms_product(product: Row) -> dict[str, Any] | None:
    """``fields=*cms_product``: the editorial fields content published, from commerce's own row."""
    cms = (product.metadata or {}).get("cms")
    if not cms or not cms.get("published"):
        return None
    return {k: v for k, v in cms.items() if k not in ("version", "hash", "published")}


# What the computed fields answer, built once: a page's shape is made per request.
CALCULATED_PRICE_ANSWER, STOCK_ANSWER, CMS_PRODUCT_ANSWER = (
    nullable(CALCULATED_PRICE),
    nullable(INTEGER),
    nullable(OBJECT),
)


def store_product_shape(
    calculated_price: Callable[[Row], Any], inventory_quantity: Callable[[Row], Any]
) -> Shape:
    """The Store product shape, with a page's own price and stock lookups (``ProductPage``)."""
    return product_shape(
        {
            "calculated_price": (calculated_price, CALCULATED_PRICE_ANSWER),
            "inventory_quantity": (inventory_quantity, STOCK_ANSWER),
        },
        # ``payload_product`` is seed 002's name for the same fields.
        {
            "cms_product": (cms_product, CMS_PRODUCT_ANSWER),
            "payload_product": (cms_product, CMS_PRODUCT_ANSWER),
        },
    )


class ProductPage:
    """Everything one page of products needs beyond the rows: prices and stock, each in one query."""

    def __init__(
        self, request: HttpRequest, ctx: StoreContext, products: list[Row], selection: Selection
    ) -> None:
        self.selection = selection
        variant_selection = selection.child("variants") or Selection()
        variant_ids = (
            [v.id for p in products for v in p.variants] if "variants" in selection.relations else []
        )
        self.prices: dict[str, list[Row]] = defaultdict(list)
        self.price_set_ids: dict[str, str] = {}
        self.pricing = None
        if variant_selection.wants("calculated_price"):
            self.pricing = pricing_context(request, ctx)
            if self.pricing is None:
                raise invalid(
                    "Missing required pricing context to calculate prices - currency_code or region_id"
                )
            for price in load_prices(variant_ids, self.pricing.currency_code):
                self.prices[price.owner_key].append(price)
                self.price_set_ids[price.owner_key] = price.price_set_id
        self.stock: dict[str, int] = {}
        if variant_selection.wants("inventory_quantity"):
            self.stock = available_by_variant(variant_ids, ctx.sales_channel_ids)
        self.now = timezone.now()
        self.shape = store_product_shape(self.calculated_price, self.inventory_quantity)

    def calculated_price(self, variant: Row) -> dict[str, Any] | None:
        assert self.pricing is not None
        result = calculate(
            self.price_set_ids.get(variant.id, ""), self.prices.get(variant.id, ()), self.pricing, self.now
        )
        return result.as_medusa() if result else None

    def inventory_quantity(self, variant: Row) -> int | None:
        return self.stock.get(variant.id, 0) if variant.manage_inventory else None

    def render(self, product: Row) -> dict[str, Any]:
        return render(product, self.selection, self.shape)


STORE_PRODUCT = component("StoreProduct", lambda: store_product_schema())


@router.get(
    "/products", summary="List products", response=dict, openapi_extra=listing("products", STORE_PRODUCT)
)
@cached_store_response
def list_products(request: HttpRequest) -> dict[str, Any]:
    ctx = store_context(request)
    refuse_unknown(request, LIST_PARAMETERS)
    selection = parse_fields(request.GET.get("fields"), STORE_PRODUCT_DEFAULTS)
    limit = min(int_param(request, "limit", 50), MAX_LIMIT)
    offset = int_param(request, "offset", 0)
    queryset = visible_products(ctx)
    if asked_for_another_tenant(request, ctx):
        queryset = queryset.none()
    joined = False
    for name, lookup in LIST_FILTERS.items():
        if values := query_values(request, name):
            queryset = queryset.filter(**{lookup: values})
            joined |= name in MANY_TO_MANY_FILTERS
    if joined:
        queryset = queryset.distinct()
    if query := request.GET.get("q", "").strip():
        queryset = queryset.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Q(handle__icontains=query)
        )
    order = request.GET.get("order") or "created_at"
    if order.lstrip("-") not in ORDERABLE:
        raise invalid(f"Invalid request: cannot order by {order.lstrip('-')}")
    count = queryset.count()
    page = load_products(queryset.order_by(order, "id")[offset : offset + limit], selection)
    context = ProductPage(request, ctx, page, selection)
    return {"products": [context.render(p) for p in page], "count": count, "offset": offset, "limit": limit}


@router.get(
    "/products/{id}",
    summary="Retrieve a product",
    response=dict,
    openapi_extra=answers(product=STORE_PRODUCT),
)
@cached_store_response
def retrieve_product(request: HttpRequest, id: str) -> dict[str, Any]:
    ctx = store_context(request)
    refuse_unknown(request, PRICING_PARAMETERS, paged=False)
    selection = parse_fields(request.GET.get("fields"), STORE_PRODUCT_RETRIEVE_DEFAULTS)
    visible = (
        visible_products(ctx).none() if asked_for_another_tenant(request, ctx) else visible_products(ctx)
    )
    found = load_products(visible.filter(id=id), selection)
    if not found:
        raise MedusaError(ErrorType.NOT_FOUND, f"Product with id: {id} was not found")
    return {"product": ProductPage(request, ctx, found, selection).render(found[0])}


def store_product_schema() -> JSON:
    """What the Store product routes answer: the shape ``ProductPage`` renders (its lookups uncalled)."""
    return shape_schema(store_product_shape(ProductPage.calculated_price, ProductPage.inventory_quantity))
