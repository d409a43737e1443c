import pytest
from django.db import transaction

from cityos.commerce.tenants import services as tenants
from cityos.commerce.tenants.models import Tenant
from cityos.platform.events.models import OutboxEvent
from cityos.platform.events.outbox import OutsideTransactionError, emit

pytestmark = pytest.mark.django_db(transaction=True)


def test_change_and_event_are_written_together():
    tenant = tenants.create_tenant(slug="acme", name="Acme")
    names = set(OutboxEvent.objects.filter(tenant_id=tenant.id).values_list("name", flat=True))
    assert {"tenant.created", "store.created"} <= names


def test_a_failed_change_leaves_no_event():
    class Boom(Exception):
        pass

    def create_then_fail() -> None:
        with transaction.atomic():
            tenants.create_tenant(slug="acme", name="Acme")
            raise Boom

    with pytest.raises(Boom):
        create_then_fail()
    assert not Tenant.objects.exists()
    assert not OutboxEvent.objects.exists()


def test_emit_outside_a_transaction_is_refused():
    with pytest.raises(OutsideTransactionError):
        emit("product.created", entity_id="prod_1")


def test_product_events_carry_what_content_mirrors():
    from cityos.commerce.catalog import services as catalog
    from tests.commerce.factories import make_shop

    shop = make_shop()
    event = OutboxEvent.objects.get(name="product.created", entity_id=shop.product.id)
    assert event.data["tenant"] == "acme"
    assert [v["sku"] for v in event.data["variants"]] == ["acme-SHIRT-S", "acme-SHIRT-M"]
    assert event.data["options"][0]["values"] == ["S", "M"]
    product_id = shop.product.id
    catalog.delete_product(shop.product)
    deleted = OutboxEvent.objects.get(name="product.deleted")
    assert deleted.data == {"id": product_id, "tenant": "acme"}
