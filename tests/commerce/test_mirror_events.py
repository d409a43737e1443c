"""Tenant, store and category events carry what content mirrors, read in the change's transaction."""

from __future__ import annotations

from typing import Any

import pytest

from cityos.commerce.catalog import services as catalog
from cityos.commerce.tenants import services as tenants
from cityos.commerce.tenants.models import ApiKey, Store
from cityos.platform.events.models import OutboxEvent
from tests.commerce.factories import Shop

pytestmark = pytest.mark.django_db


def last(name: str, entity_id: str) -> dict[str, Any]:
    return OutboxEvent.objects.filter(name=name, entity_id=entity_id).order_by("-id").first().data


def test_a_new_tenant_announces_itself_and_its_store_with_the_publishable_key() -> None:
    tenant = tenants.create_tenant(slug="acme", name="Acme", default_currency_code="USD")
    store = Store.objects.get(tenant=tenant)
    key = ApiKey.objects.get(tenant=tenant, type=ApiKey.Type.PUBLISHABLE)
    assert last("tenant.created", tenant.id) == {
        "id": tenant.id, "tenant": "acme", "slug": "acme", "name": "Acme", "status": "active",
        "default_currency_code": "usd",
    }  # fmt: skip
    announced = last("store.updated", store.id)
    assert announced["publishable_keys"] == [key.token]
    assert (announced["tenant"], announced["sales_channel_id"]) == ("acme", store.default_sales_channel_id)


def test_a_revoked_key_leaves_the_stores_it_opened(shop: Shop) -> None:
    key = ApiKey.objects.get(tenant=shop.tenant, type=ApiKey.Type.PUBLISHABLE)
    tenants.revoke_api_key(key)
    store = Store.objects.get(tenant=shop.tenant)
    assert last("store.updated", store.id)["publishable_keys"] == []
    assert last("store.updated", store.id)["region_ids"] == [shop.region.id]


def test_category_events_carry_the_tree_and_a_deletion_its_tenant(shop: Shop) -> None:
    parent = catalog.create_category(tenant=shop.tenant, name="Apparel")
    child = catalog.create_category(tenant=shop.tenant, name="Shirts", parent=parent, rank=2)
    created = last("product_category.created", child.id)
    assert (created["parent_id"], created["handle"], created["rank"]) == (parent.id, "shirts", 2)
    catalog.update_category(child, {"name": "Tees"})
    assert last("product_category.updated", child.id)["name"] == "Tees"
    child_id = child.id  # deleting clears the instance's pk
    catalog.delete_category(child)
    assert last("product_category.deleted", child_id) == {"id": child_id, "tenant": shop.tenant.slug}
