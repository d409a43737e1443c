"""Commerce's side of the sync contract (``cityos/sync_contract.py``): it handles exactly what content
sends, its builders exist, and every writer path (services, ``/app``, batch routes) emits the mirrored
events with every key content reads."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

from cityos.commerce import resync
from cityos.commerce.catalog import services as catalog
from cityos.commerce.orders.summaries import send_day
from cityos.commerce.sync import HANDLERS
from cityos.commerce.tenants import services as tenants
from cityos.platform.events.models import OutboxEvent
from cityos.sync_contract import COMMERCE_TO_CONTENT, CONTENT_TO_COMMERCE
from tests.commerce.conftest import AdminClient
from tests.commerce.factories import Shop
from tests.commerce.shopping import Buyer, cart_ready_to_pay

pytestmark = pytest.mark.django_db


def resolve(path: str) -> object:
    return import_string(path.replace(":", "."))


def test_commerce_handles_exactly_what_content_sends() -> None:
    assert set(HANDLERS) == {crossing.event for crossing in CONTENT_TO_COMMERCE}
    for crossing in CONTENT_TO_COMMERCE:
        assert HANDLERS[crossing.event] is resolve(crossing.handler), crossing.event


def test_every_payload_commerce_sends_has_its_builder() -> None:
    for crossing in COMMERCE_TO_CONTENT:
        assert callable(resolve(crossing.builder)), crossing.builder


def test_every_writer_emits_what_content_reads(shop: Shop, admin: AdminClient, buyer: Buyer) -> None:
    """Each crossing is emitted by some writer below, and always with every key it carries."""
    tenant = tenants.create_tenant(slug="globex", name="Globex")
    tenants.update_tenant(tenant, {"name": "Globex Inc"})
    store = tenant.stores.get()
    tenants.update_store(store, {"name": "Globex Store"})
    category = catalog.create_category(tenant=tenant, name="Shirts")
    catalog.update_category(category, {"name": "T-Shirts"})
    admin.post(f"/admin/products/{shop.product.id}", {"title": "Trail Tee"})
    created = admin.post("/admin/products/batch", {"create": [{"title": "Cap", "status": "published"}]})
    admin.delete(f"/admin/products/{created.json()['created'][0]['id']}")
    catalog.delete_category(category)
    list(resync.resend_products(tenant=shop.tenant))
    resync.request_from_content(shop.tenant, "product", None)
    buyer.call("post", f"/store/carts/{cart_ready_to_pay(buyer)}/complete")
    send_day(timezone.now().date())
    tenants.delete_store(store)

    contract = {crossing.event: crossing for crossing in COMMERCE_TO_CONTENT}
    seen = set()
    for event in OutboxEvent.objects.filter(name__in=list(contract)):
        missing = set(contract[event.name].carries) - set(event.data)
        assert not missing, (event.name, missing)
        seen.add(event.name)
    never = set(contract) - seen
    assert not never, f"no writer emitted {sorted(never)}"
