"""Customer sign-up, sign-in and self-service: ``/auth/customer/emailpass*`` and ``/store/customers``.

Medusa's token flow: register an identity (token without actor), create the customer with that
token, then sign in again for a token that names the customer.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from pydantic import EmailStr, Field

from cityos.commerce.admin_routes import Strict, changes, deleted
from cityos.commerce.auth import store_context
from cityos.commerce.customers import services
from cityos.commerce.customers.models import Customer, CustomerAddress
from cityos.commerce.customers.shapes import ADDRESS, store_customer
from cityos.commerce.customers.shapes import CUSTOMER as CUSTOMER_SHAPE
from cityos.commerce.customers.tokens import bearer_identity, issue_customer_token, require_customer
from cityos.commerce.errors import ErrorType, MedusaError, not_found
from cityos.commerce.openapi import answers, component, deletion, listing
from cityos.commerce.params import refuse_unknown, require_json
from cityos.commerce.selection import Selection
from cityos.commerce.shapes import render, shape_schema
from cityos.platform.wire_schema import STRING

auth_router = Router(tags=["Auth"])
router = Router(tags=["Store customers"])
CUSTOMER = component("StoreCustomer", lambda: shape_schema(CUSTOMER_SHAPE))
ADDRESS_ANSWER = component("CustomerAddress", lambda: shape_schema(ADDRESS))
Metadata = dict[str, Any] | None
Text = str | None


class Credentials(Strict):
    email: EmailStr
    password: str = Field(min_length=1, max_length=200)


class CustomerIn(Strict):
    email: EmailStr | None = None
    first_name: Text = None
    last_name: Text = None
    company_name: Text = None
    phone: Text = None
    metadata: Metadata = None


class CustomerUpdate(Strict):
    first_name: Text = None
    last_name: Text = None
    company_name: Text = None
    phone: Text = None
    metadata: Metadata = None


class PostalAddress(Strict):
    """An address as carts and customers take it (Medusa's address fields)."""

    first_name: Text = None
    last_name: Text = None
    company: Text = None
    address_1: Text = None
    address_2: Text = None
    city: Text = None
    country_code: str | None = Field(default=None, min_length=2, max_length=2)
    province: Text = None
    postal_code: Text = None
    phone: Text = None
    metadata: Metadata = None


class AddressIn(PostalAddress):
    """A customer's saved address: a postal address with a name and default flags."""

    address_name: Text = None
    is_default_shipping: bool = False
    is_default_billing: bool = False


@auth_router.post(
    "/customer/emailpass/register",
    summary="Register a customer identity",
    response=dict,
    openapi_extra=answers(token=STRING),
)
def register(request: HttpRequest, body: Credentials) -> dict[str, str]:
    require_json(request)
    identity = services.register_identity(
        tenant=store_context(request).tenant, email=body.email, password=body.password
    )
    return {"token": issue_customer_token(identity)}


@auth_router.post(
    "/customer/emailpass", summary="Sign in a customer", response=dict, openapi_extra=answers(token=STRING)
)
def sign_in(request: HttpRequest, body: Credentials) -> dict[str, str]:
    require_json(request)
    identity = services.authenticate(
        tenant=store_context(request).tenant, email=body.email, password=body.password
    )
    return {"token": issue_customer_token(identity)}


@auth_router.post(
    "/token/refresh", summary="Refresh a customer token", response=dict, openapi_extra=answers(token=STRING)
)
def refresh(request: HttpRequest) -> dict[str, str]:
    identity = bearer_identity(request, store_context(request))
    if identity is None:
        raise MedusaError(ErrorType.UNAUTHORIZED, "Unauthorized")
    return {"token": issue_customer_token(identity)}


@router.post(
    "/customers",
    summary="Create the signed-up customer",
    response=dict,
    openapi_extra=answers(customer=CUSTOMER),
)
def create_customer(request: HttpRequest, body: CustomerIn) -> dict[str, Any]:
    identity = bearer_identity(request, store_context(request))
    if identity is None:
        raise MedusaError(ErrorType.UNAUTHORIZED, "Unauthorized")
    customer = services.create_account(identity, changes(body))
    return {"customer": store_customer(customer)}


@router.get(
    "/customers/me", summary="The signed-in customer", response=dict, openapi_extra=answers(customer=CUSTOMER)
)
def me(request: HttpRequest) -> dict[str, Any]:
    refuse_unknown(request, paged=False)
    return {"customer": store_customer(require_customer(request, store_context(request)))}


@router.post(
    "/customers/me",
    summary="Update the signed-in customer",
    response=dict,
    openapi_extra=answers(customer=CUSTOMER),
)
def update_me(request: HttpRequest, body: CustomerUpdate) -> dict[str, Any]:
    customer = require_customer(request, store_context(request))
    return {"customer": store_customer(services.update_customer(customer, changes(body)))}


def _address(customer: Customer, address_id: str) -> CustomerAddress:
    address = customer.addresses.filter(id=address_id).first()
    if address is None:
        raise not_found("Address", address_id)
    return address


def _fresh(customer: Customer) -> dict[str, Any]:
    return {"customer": store_customer(Customer.objects.get(pk=customer.pk))}


@router.get(
    "/customers/me/addresses",
    summary="List the customer's addresses",
    response=dict,
    openapi_extra=listing("addresses", ADDRESS_ANSWER),
)
def list_addresses(request: HttpRequest) -> dict[str, Any]:
    refuse_unknown(request)
    customer = require_customer(request, store_context(request))
    addresses = store_customer(customer)["addresses"]
    return {"addresses": addresses, "count": len(addresses), "offset": 0, "limit": len(addresses)}


@router.post(
    "/customers/me/addresses",
    summary="Add an address",
    response=dict,
    openapi_extra=answers(customer=CUSTOMER),
)
def add_address(request: HttpRequest, body: AddressIn) -> dict[str, Any]:
    customer = require_customer(request, store_context(request))
    services.add_address(customer, changes(body))
    return _fresh(customer)


@router.get(
    "/customers/me/addresses/{address_id}",
    summary="Retrieve an address",
    response=dict,
    openapi_extra=answers(address=ADDRESS_ANSWER),
)
def retrieve_address(request: HttpRequest, address_id: str) -> dict[str, Any]:
    refuse_unknown(request, paged=False)
    customer = require_customer(request, store_context(request))
    return {"address": render(_address(customer, address_id), Selection(star=True), ADDRESS)}


@router.post(
    "/customers/me/addresses/{address_id}",
    summary="Update an address",
    response=dict,
    openapi_extra=answers(customer=CUSTOMER),
)
def update_address(request: HttpRequest, address_id: str, body: AddressIn) -> dict[str, Any]:
    customer = require_customer(request, store_context(request))
    services.update_address(_address(customer, address_id), changes(body))
    return _fresh(customer)


@router.delete(
    "/customers/me/addresses/{address_id}",
    summary="Delete an address",
    response=dict,
    openapi_extra=deletion(parent=CUSTOMER),
)
def delete_address(request: HttpRequest, address_id: str) -> dict[str, Any]:
    customer = require_customer(request, store_context(request))
    services.delete_address(_address(customer, address_id))
    return deleted(address_id, "customer_address", parent=_fresh(customer)["customer"])
