"""Admin API for customers and their groups: Medusa's ``/admin/customers`` and ``/admin/customer-groups``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from pydantic import EmailStr, Field

from cityos.commerce.admin_routes import Resource, Strict, acting, admin_router, crud, fetch
from cityos.commerce.customers import services
from cityos.commerce.customers.models import Customer, CustomerGroup
from cityos.commerce.customers.shapes import CUSTOMER, GROUP
from cityos.commerce.records import in_tenant
from cityos.commerce.selection import Selection
from cityos.commerce.shapes import render

router = admin_router("Admin customers")
Text = str | None


class CustomerUpdate(Strict):
    first_name: Text = None
    last_name: Text = None
    company_name: Text = None
    phone: Text = None
    metadata: dict[str, Any] | None = None


class CustomerCreate(CustomerUpdate):
    email: EmailStr


class GroupIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    metadata: dict[str, Any] | None = None


class Membership(Strict):
    add: list[str] = []
    remove: list[str] = []


crud(
    router,
    Resource(
        path="/customers", singular="customer", plural="customers", label="Customer", shape=CUSTOMER,
        scope=lambda tenant: Customer.objects.filter(tenant=tenant).prefetch_related("addresses", "groups"),
        create_schema=CustomerCreate, update_schema=CustomerUpdate,
        create=lambda tenant, values: services.create_customer(tenant, values),
        update=services.update_customer, delete=services.delete_customer,
        defaults=("*", "*addresses", "*groups"), filters={"id": "id__in", "email": "email__in"},
        search=("email", "first_name", "last_name"),
        orderable=frozenset({"id", "email", "created_at", "updated_at"}),
    ),
)  # fmt: skip
crud(
    router,
    Resource(
        path="/customer-groups", singular="customer_group", plural="customer_groups",
        label="Customer group", shape=GROUP,
        scope=lambda tenant: CustomerGroup.objects.filter(tenant=tenant),
        create_schema=GroupIn, update_schema=GroupIn, create=services.create_group,
        update=services.update_group, delete=services.delete_group, search=("name",),
    ),
)  # fmt: skip


@router.post("/customer-groups/{id}/customers", summary="Add or remove customers of a group", response=dict)
def group_members(request: HttpRequest, id: str, body: Membership) -> dict[str, Any]:
    tenant = acting(request).tenant
    group = fetch(CustomerGroup.objects.filter(tenant=tenant), id, "Customer group")
    add = in_tenant(Customer, tenant, body.add, "Customer")
    remove = in_tenant(Customer, tenant, body.remove, "Customer")
    services.set_group_customers(group, add=add, remove=remove)
    return {"customer_group": render(group, Selection(star=True), GROUP)}
