from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from cityos.commerce.catalog import services
from cityos.commerce.catalog.models import (
    Product,
    ProductCategory,
    ProductCollection,
    ProductImage,
    ProductOption,
    ProductTag,
    ProductType,
    ProductVariant,
)
from cityos.commerce.tenant_admin import TenantScopedAdmin, TenantScopedInline


class ImageInline(TenantScopedInline):
    model = ProductImage


class OptionInline(TenantScopedInline):
    model = ProductOption
    fields = ("title",)


class VariantInline(TenantScopedInline):
    model = ProductVariant
    fields = ("title", "sku", "manage_inventory", "allow_backorder", "variant_rank")
    show_change_link = True


@admin.register(Product)
class ProductAdmin(TenantScopedAdmin):
    event = "product"
    list_display = ("title", "handle", "status", "collection", "tenant", "updated_at")
    list_filter = ("status", "tenant")
    search_fields = ("title", "handle", "id")
    filter_horizontal = ("tags", "categories", "sales_channels")
    inlines = (OptionInline, VariantInline, ImageInline)


@admin.register(ProductVariant)
class VariantAdmin(TenantScopedAdmin):
    """A variant saved on its own page changes its product's snapshot too."""

    event = "product_variant"
    list_display = ("title", "sku", "product", "manage_inventory")
    search_fields = ("title", "sku", "id")
    list_select_related = ("product",)
    filter_horizontal = ("options",)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.announce_product_changed(form.instance.product_id, form.instance.tenant_id)


@admin.register(ProductCategory)
class CategoryAdmin(TenantScopedAdmin):
    event = "product_category"
    list_display = ("name", "handle", "parent_category", "is_active", "is_internal", "rank")
    list_filter = ("is_active", "is_internal", "tenant")
    search_fields = ("name", "handle")
    exclude = ("mpath",)


@admin.register(ProductCollection)
class CollectionAdmin(TenantScopedAdmin):
    event = "product_collection"
    list_display = ("title", "handle", "tenant")
    search_fields = ("title", "handle")


@admin.register(ProductTag)
class TagAdmin(TenantScopedAdmin):
    event = "product_tag"
    list_display = ("value", "tenant")
    search_fields = ("value",)


@admin.register(ProductType)
class TypeAdmin(TenantScopedAdmin):
    event = "product_type"
    list_display = ("value", "tenant")
    search_fields = ("value",)
