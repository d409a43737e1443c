from django.contrib import admin

from cityos.commerce.customers.models import Customer, CustomerAddress, CustomerGroup
from cityos.commerce.tenant_admin import TenantScopedAdmin, TenantScopedInline


class AddressInline(TenantScopedInline):
    model = CustomerAddress
    fields = ("address_1", "city", "postal_code", "country_code", "is_default_shipping", "is_default_billing")


@admin.register(Customer)
class CustomerAdmin(TenantScopedAdmin):
    event = "customer"
    list_display = ("email", "first_name", "last_name", "has_account", "tenant", "created_at")
    list_filter = ("has_account", "tenant")
    search_fields = ("email", "first_name", "last_name")
    readonly_fields = ("has_account",)
    filter_horizontal = ("groups",)
    inlines = (AddressInline,)


@admin.register(CustomerGroup)
class CustomerGroupAdmin(TenantScopedAdmin):
    event = "customer_group"
    list_display = ("name", "tenant")
    list_filter = ("tenant",)
    search_fields = ("name",)
