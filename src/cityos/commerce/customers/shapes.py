"""Customers and addresses on the wire."""

from __future__ import annotations

from typing import Any

from cityos.commerce.customers.models import Customer, CustomerAddress, CustomerGroup
from cityos.commerce.selection import Selection
from cityos.commerce.shapes import TIMES, Many, Shape, render
from cityos.platform.wire_schema import STRING, nullable

ADDRESS_SCALARS = (
    "id", "address_name", "is_default_shipping", "is_default_billing", "customer_id", "company",
    "first_name", "last_name", "address_1", "address_2", "city", "country_code", "province",
    "postal_code", "phone", "metadata", *TIMES,
)  # fmt: skip
ADDRESS = Shape(ADDRESS_SCALARS, model=CustomerAddress)
GROUP = Shape(("id", "name", "metadata", *TIMES), model=CustomerGroup)


def _default(kind: str) -> Any:
    def pick(customer: Customer) -> str | None:
        return next((a.id for a in customer.addresses.all() if getattr(a, f"is_default_{kind}")), None)

    return pick


CUSTOMER = Shape(
    ("id", "email", "company_name", "first_name", "last_name", "phone", "has_account", "metadata", *TIMES),
    {
        "addresses": (Many("addresses"), ADDRESS),
        "groups": (Many("groups"), GROUP),
    },
    derived={
        "default_billing_address_id": _default("billing"),
        "default_shipping_address_id": _default("shipping"),
    },
    model=Customer,
    types=dict.fromkeys(("default_billing_address_id", "default_shipping_address_id"), nullable(STRING)),
)
STORE_CUSTOMER = Selection(star=True, relations={"addresses": Selection(star=True)})


def store_customer(customer: Customer) -> dict[str, Any]:
    return render(customer, STORE_CUSTOMER, CUSTOMER)
