"""Orders in the Django admin: read as placed, changed only through the order actions (cancel, complete)."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from cityos.commerce.errors import MedusaError
from cityos.commerce.orders import services
from cityos.commerce.orders.models import Order, OrderLineItem, OrderShippingMethod
from cityos.commerce.tenant_admin import TenantScopedAdmin, TenantScopedInline, is_member


class ReadOnlyInline(TenantScopedInline):
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LineInline(ReadOnlyInline):
    model = OrderLineItem
    fields = ("title", "variant_sku", "quantity", "unit_price", "fulfilled_quantity", "shipped_quantity")
    readonly_fields = fields


class ShippingInline(ReadOnlyInline):
    model = OrderShippingMethod
    fields = ("name", "amount")
    readonly_fields = fields


def _apply(request: HttpRequest, queryset: QuerySet[Order], action: Any, done: str) -> None:
    for order in queryset:
        try:
            action(order)
        except MedusaError as error:
            messages.error(request, f"#{order.display_id}: {error.message}")
        else:
            messages.success(request, f"#{order.display_id} {done}")


@admin.action(description="Cancel the selected orders (release stock, void or refund payments)")
def cancel_orders(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Order]) -> None:
    _apply(request, queryset, services.cancel, "canceled")


@admin.action(description="Mark the selected orders completed")
def complete_orders(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Order]) -> None:
    _apply(request, queryset, services.complete, "completed")


@admin.register(Order)
class OrderAdmin(TenantScopedAdmin):
    list_display = ("display_id", "email", "status", "total", "currency_code", "created_at", "tenant")
    list_filter = ("status", "tenant")
    search_fields = ("email", "id")
    readonly_fields = [f.name for f in Order._meta.fields]
    inlines = (LineInline, ShippingInline)
    actions = (cancel_orders, complete_orders)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_member(request) and obj is None  # the list and its actions, never the form

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
