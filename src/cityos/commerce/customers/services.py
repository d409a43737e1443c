"""Every change to customers, their addresses and their sign-in identities goes through here."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cityos.commerce.customers.models import AuthIdentity, Customer, CustomerAddress, CustomerGroup
from cityos.commerce.errors import ErrorType, MedusaError
from cityos.commerce.records import create_record, delete_record, unique_or_422, update_record
from cityos.commerce.tenants.models import Tenant
from cityos.platform.events.outbox import emit
from cityos.platform.middleware import joins_request
from cityos.platform.prepared import PreparedModels

IDENTITY_EXISTS = "Identity with email already exists"
INVALID_CREDENTIALS = "Invalid email or password"


def normalize_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def register_identity(*, tenant: Tenant, email: str, password: str) -> AuthIdentity:
    """Medusa's first step: an identity with no customer yet (``POST /auth/customer/emailpass/register``)."""
    identity = AuthIdentity(tenant=tenant, email=normalize_email(email))
    identity.set_password(password)
    try:
        with unique_or_422("Identity"):
            identity.save()
    except MedusaError:
        raise MedusaError(ErrorType.UNAUTHORIZED, IDENTITY_EXISTS) from None
    return identity


def authenticate(*, tenant: Tenant, email: str, password: str) -> AuthIdentity:
    identity = AuthIdentity.objects.filter(tenant=tenant, email=normalize_email(email)).first()
    if identity is None or not identity.check_password(password):
        raise MedusaError(ErrorType.UNAUTHORIZED, INVALID_CREDENTIALS)
    return identity


@transaction.atomic
def create_account(identity: AuthIdentity, values: dict[str, Any]) -> Customer:
    """The second step: the registered identity becomes a customer with an account."""
    if identity.customer_id:
        raise MedusaError(ErrorType.INVALID_DATA, "Request already authenticated as a customer.")
    values = {**values, "email": normalize_email(values.get("email") or identity.email)}
    customer = create_record(
        Customer,
        "customer",
        {"tenant_id": identity.tenant_id, "has_account": True, **values},
        label="Customer",
    )
    identity.customer = customer
    identity.save(update_fields=["customer", "updated_at"])
    return customer


BY_EMAIL = PreparedModels(
    lambda tenant_ids, emails: Customer.objects.filter(tenant_id__in=tenant_ids, email__in=emails).order_by(
        "-has_account", "id"
    )[:1]
)


@joins_request
def guest_for(tenant: Tenant, email: str) -> Customer:
    """The customer behind a cart's email: its account, else its guest, reused as Medusa does."""
    email = normalize_email(email)
    found = BY_EMAIL.first([tenant.id], [email])
    return found or create_record(
        Customer, "customer", {"tenant": tenant, "email": email, "has_account": False}, label="Customer"
    )


def update_customer(customer: Customer, values: dict[str, Any]) -> Customer:
    return update_record(customer, "customer", values, label="Customer")


def delete_customer(customer: Customer) -> None:
    delete_record(customer, "customer")


@transaction.atomic
def _clear_other_defaults(address: CustomerAddress) -> None:
    """A customer has at most one default shipping and one default billing address."""
    others = CustomerAddress.objects.filter(customer_id=address.customer_id).exclude(id=address.id)
    if address.is_default_shipping:
        others.update(is_default_shipping=False)
    if address.is_default_billing:
        others.update(is_default_billing=False)


@transaction.atomic
def add_address(customer: Customer, values: dict[str, Any]) -> CustomerAddress:
    address = CustomerAddress.objects.create(customer=customer, **values)
    _clear_other_defaults(address)
    emit("customer.updated", entity_id=customer.id, tenant_id=customer.tenant_id)
    return address


@transaction.atomic
def update_address(address: CustomerAddress, values: dict[str, Any]) -> CustomerAddress:
    for name, value in values.items():
        setattr(address, name, value)
    address.save()
    _clear_other_defaults(address)
    emit("customer.updated", entity_id=address.customer_id, tenant_id=address.customer.tenant_id)
    return address


@transaction.atomic
def delete_address(address: CustomerAddress) -> None:
    customer = address.customer
    address.delete()
    emit("customer.updated", entity_id=customer.id, tenant_id=customer.tenant_id)


def create_group(tenant: Tenant, values: dict[str, Any]) -> CustomerGroup:
    return create_record(
        CustomerGroup, "customer_group", {"tenant": tenant, **values}, label="Customer group"
    )


def update_group(group: CustomerGroup, values: dict[str, Any]) -> CustomerGroup:
    return update_record(group, "customer_group", values, label="Customer group")


def delete_group(group: CustomerGroup) -> None:
    delete_record(group, "customer_group")


@transaction.atomic
def set_group_customers(group: CustomerGroup, *, add: list[Customer], remove: list[Customer]) -> None:
    group.customers.add(*add)
    group.customers.remove(*remove)
    emit("customer_group.updated", entity_id=group.id, tenant_id=group.tenant_id)


def create_customer(tenant: Tenant, values: dict[str, Any]) -> Customer:
    """A customer staff record without sign-in (Medusa's admin create): it has no account until registered."""
    values = {**values, "email": normalize_email(values["email"])}
    return create_record(
        Customer, "customer", {"tenant": tenant, "has_account": False, **values}, label="Customer"
    )
