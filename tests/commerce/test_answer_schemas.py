"""Commerce's OpenAPI response schemas hold for real answers, so the spec and the renderers cannot drift.

Each answer below is fetched over the test client and validated against the schema its route
declares in ``/openapi.json``: every object is closed (``additionalProperties: false``) and lists
what it always answers as required, so a field added to or dropped from a renderer fails here.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema_rs
import pytest
from django.test import Client

from cityos.commerce.api import api
from cityos.commerce.promotions import services as promotions
from tests.commerce.conftest import AdminClient
from tests.commerce.factories import Shop
from tests.commerce.shopping import ADDRESS, Buyer, cart_ready_to_pay, variant_id

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


def template_of(spec: dict[str, Any], method: str, path: str) -> str:
    """The spec's path template a concrete request path matches (``/store/carts/{id}``)."""
    bare = path.partition("?")[0]
    for template, operations in spec["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if method in operations and re.match(pattern, bare) and "{" not in bare:
            return template
    raise AssertionError(f"no {method.upper()} {bare} in the spec")


def violations(spec: dict[str, Any], method: str, path: str, answer: Any) -> list[str]:
    operation = spec["paths"][template_of(spec, method, path)][method]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    validator = jsonschema_rs.Draft202012Validator({**schema, "components": spec["components"]})
    return [f"{error.instance_path}: {error.message}"[:300] for error in validator.iter_errors(answer)]


class Checked:
    """A client whose every 200 answer must match the route's declared response schema."""

    def __init__(self, spec: dict[str, Any], call: Any) -> None:
        self.spec, self.call = spec, call

    def __call__(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        answer = self.call(method, path, body)
        found = violations(self.spec, method, path, answer)
        assert not found, f"{method.upper()} {path}: " + "; ".join(found[:5])
        return answer


@pytest.fixture
def store(spec: dict[str, Any], buyer: Buyer) -> Checked:
    return Checked(spec, lambda method, path, body: buyer.call(method, path, body))


@pytest.fixture
def staff(spec: dict[str, Any], admin: AdminClient) -> Checked:
    def call(method: str, path: str, body: dict[str, Any] | None) -> Any:
        response = admin.get(path) if method == "get" else admin.post(path, body or {})
        assert response.status_code == 200, response.content
        return response.json()

    return Checked(spec, call)


def test_store_products_and_regions_answer_their_schemas(store: Checked, shop: Shop) -> None:
    region = shop.region.id
    store("get", "/store/products")
    store("get", "/store/products?fields=id,title")
    priced = "*variants.calculated_price,+variants.inventory_quantity,*cms_product,*categories"
    listed = store("get", f"/store/products?region_id={region}&fields={priced}")
    assert listed["products"][0]["variants"][0]["calculated_price"]["calculated_amount"] == 20
    store("get", f"/store/products/{shop.product.id}?region_id={region}&fields=+variants.calculated_price")
    store("get", "/store/regions")
    store("get", f"/store/regions/{region}")


def test_every_step_of_checkout_answers_its_schema(store: Checked, buyer: Buyer, shop: Shop) -> None:
    promotions.create_promotion(
        shop.tenant,
        {"code": "TENOFF", "method_type": "percentage", "value": 10, "target_type": "items"},
    )
    cart = store("post", "/store/carts", {"region_id": shop.region.id})["cart"]
    lines = f"/store/carts/{cart['id']}/line-items"
    added = store("post", lines, {"variant_id": variant_id(shop, "M"), "quantity": 1})["cart"]
    store("post", f"{lines}/{added['items'][0]['id']}", {"quantity": 2})
    store("delete", f"{lines}/{added['items'][0]['id']}")
    cart_id = cart_ready_to_pay(buyer)
    store("post", f"/store/carts/{cart_id}/promotions", {"promo_codes": ["TENOFF"]})
    store("get", f"/store/carts/{cart_id}?fields=*items.variant,+items.total")
    store("post", f"/store/carts/{cart_id}/taxes")
    store("post", f"/store/carts/{cart_id}", {"shipping_address": ADDRESS})
    collection = store("post", "/store/payment-collections", {"cart_id": cart_id})["payment_collection"]
    sessions = f"/store/payment-collections/{collection['id']}/payment-sessions"
    store("post", sessions, {"provider_id": "pp_system_default"})
    order = store("post", f"/store/carts/{cart_id}/complete")["order"]
    assert order["discount_total"] > 0
    store("get", f"/store/orders/{order['id']}")


def test_customer_answers_match_their_schemas(store: Checked, buyer: Buyer) -> None:
    credentials = {"email": "max@example.com", "password": "correct horse"}
    buyer.token = store("post", "/auth/customer/emailpass/register", credentials)["token"]
    store("post", "/store/customers", {"email": "max@example.com", "first_name": "Max"})
    buyer.token = store("post", "/auth/customer/emailpass", credentials)["token"]
    with_address = store("post", "/store/customers/me/addresses", {**ADDRESS, "is_default_shipping": True})
    address_id = with_address["customer"]["addresses"][0]["id"]
    store("get", "/store/customers/me")
    store("get", "/store/customers/me/addresses")
    store("get", f"/store/customers/me/addresses/{address_id}")
    store("post", f"/store/customers/me/addresses/{address_id}", {"city": "Hamburg"})
    store("post", f"/store/carts/{cart_ready_to_pay(buyer)}/complete")
    store("get", "/store/orders")
    store("delete", f"/store/customers/me/addresses/{address_id}")


def test_admin_orders_answer_their_schema_through_fulfilment_and_return(
    staff: Checked, client: Client, shop: Shop
) -> None:
    buyer = Buyer(client, shop)
    order = buyer.call("post", f"/store/carts/{cart_ready_to_pay(buyer)}/complete")["order"]
    line = order["items"][0]["id"]
    fulfilled = staff(
        "post", f"/admin/orders/{order['id']}/fulfillments", {"items": [{"id": line, "quantity": 2}]}
    )
    fulfillment = fulfilled["order"]["fulfillments"][0]
    shipment = f"/admin/orders/{order['id']}/fulfillments/{fulfillment['id']}"
    staff("post", f"{shipment}/shipments", {"labels": [{"tracking_number": "DHL123"}]})
    staff("post", f"{shipment}/mark-as-delivered", {})
    staff("get", "/admin/orders")
    staff("get", f"/admin/orders/{order['id']}")
    staff("post", f"/admin/orders/{order['id']}/complete", {})


def test_every_admin_list_and_record_answers_its_schema(
    staff: Checked, spec: dict[str, Any], shop: Shop
) -> None:
    product = staff("get", f"/admin/products/{shop.product.id}")["product"]
    staff("post", f"/admin/products/{product['id']}", {"subtitle": "Breathes"})
    staff("post", "/admin/products/batch", {"update": [{"id": product["id"], "title": "Trail Tee"}]})
    lists = [
        template
        for template, operations in spec["paths"].items()
        if template.startswith("/admin/") and "{" not in template and "get" in operations
        and "count" in json.dumps(operations["get"]["responses"]["200"].get("content", {}))
    ]  # fmt: skip
    assert {"/admin/products", "/admin/regions", "/admin/customers", "/admin/orders"} <= set(lists)
    for template in lists:
        listed = staff("get", template)
        plural = next(key for key in listed if key not in ("count", "offset", "limit"))
        retrieve = f"{template}/{{id}}"
        if listed[plural] and "get" in spec["paths"].get(retrieve, {}):
            staff("get", f"{template}/{listed[plural][0]['id']}")
