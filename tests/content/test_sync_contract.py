"""Content's side of the sync contract (``cityos/sync_contract.py``): it handles exactly what commerce
sends, its builders exist, and publishing announces every key commerce reads."""

from __future__ import annotations

import pytest
from django.utils.module_loading import import_string

from cityos.content.announcements import announce
from cityos.content.catalog.models import Category, Product
from cityos.content.sync import HANDLERS, apply_mirror, resend_editorial
from cityos.content.tenants.models import Store, Tenant
from cityos.platform.events.models import OutboxEvent
from cityos.sync_contract import COMMERCE_TO_CONTENT, CONTENT_TO_COMMERCE

pytestmark = pytest.mark.django_db
TENANT = {"id": "ten_1", "tenant": "acme", "slug": "acme", "name": "Acme", "status": "active",
          "default_currency_code": "eur"}  # fmt: skip
STORE = {"id": "store_1", "tenant": "acme", "name": "Acme", "handle": "acme", "sales_channel_id": "sc_1",
         "publishable_keys": ["pk_1"], "region_ids": ["reg_1"], "default_region_id": None}  # fmt: skip
CATEGORY = {"id": "pcat_1", "tenant": "acme", "handle": "shirts", "name": "Shirts", "parent_id": None,
            "rank": 0, "is_active": True, "is_internal": False}  # fmt: skip
PRODUCT = {"id": "prod_1", "tenant": "acme", "handle": "shirt", "title": "Shirt", "subtitle": None,
           "status": "published", "categories": [{"id": "pcat_1"}], "options": [],
           "variants": []}  # fmt: skip


def resolve(path: str) -> object:
    return import_string(path.replace(":", "."))


def test_content_handles_exactly_what_commerce_sends() -> None:
    assert set(HANDLERS) == {crossing.event for crossing in COMMERCE_TO_CONTENT}
    for crossing in COMMERCE_TO_CONTENT:
        assert HANDLERS[crossing.event] is resolve(crossing.handler), crossing.event


def test_every_payload_content_sends_has_its_builder() -> None:
    for crossing in CONTENT_TO_COMMERCE:
        assert callable(resolve(crossing.builder)), crossing.builder


def test_what_content_emits_carries_what_commerce_reads(tenants: dict[str, Tenant]) -> None:
    """Every crossing is announced by content's builders, always with every key commerce reads."""
    version = "2026-12-02T00:00:00.000001Z"
    for name, snapshot in (
        ("tenant.created", TENANT),
        ("store.created", STORE),
        ("product_category.created", CATEGORY),
        ("product.created", PRODUCT),
    ):
        assert apply_mirror(name, version, snapshot) == "applied"  # fmt: skip
    documents = [Product.objects.get(), Category.objects.get()]
    for document in documents:
        announce(document, "published")
        announce(document, "unpublished")
    announce(Store.objects.get(), "updated")
    announce(Tenant.objects.get(slug="acme"), "updated")
    resend_editorial(Tenant.objects.get(slug="acme"))

    contract = {crossing.event: crossing for crossing in CONTENT_TO_COMMERCE}
    seen = set()
    for event in OutboxEvent.objects.filter(name__in=list(contract)):
        missing = set(contract[event.name].carries) - set(event.data)
        assert not missing, (event.name, missing)
        seen.add(event.name)
    assert seen == set(contract)
