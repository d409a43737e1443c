"""Applying commerce's product events: newest wins, once, within its tenant, without an echo."""

import pytest

from cityos.content.catalog.models import Product
from cityos.content.editorial.models import OrderSummary
from cityos.content.sync import apply_inbox, apply_mirror, apply_order_summary, apply_product_batch
from cityos.platform.events.models import InboxMessage, OutboxEvent

pytestmark = pytest.mark.django_db

SNAPSHOT = {
    "id": "prod_1",
    "tenant": "acme",
    "handle": "trail-shirt",
    "title": "Trail Shirt",
    "subtitle": None,
    "status": "published",
    "options": [{"id": "opt_1", "title": "Size", "values": ["S", "M"]}],
    "variants": [
        {
            "id": "variant_1",
            "title": "S",
            "sku": "TS-S",
            "options": [{"option_id": "opt_1", "option": "Size", "value": "S"}],
        }
    ],
}
T1, T2, T3 = "2026-11-22T10:00:00.000001Z", "2026-11-22T10:00:00.000002Z", "2026-11-22T10:00:00.000003Z"


def test_a_created_product_appears_published_with_its_mirror(tenants):
    assert apply_mirror("product.created", T1, SNAPSHOT) == "applied"
    product = Product.objects.get(medusa_id="prod_1")
    assert (product.live, product.title, product.tenant.slug) == (True, "Trail Shirt", "acme")
    assert product.variants[0]["option_values"][0]["value"] == "S"


def test_applying_emits_nothing_commerce_subscribes_to(tenants):
    from cityos.platform.events.delivery import matches
    from cityos.platform.events.models import Subscription
    from cityos.sync_contract import subscriptions

    commerce = Subscription(events=subscriptions("content"))
    OutboxEvent.objects.all().delete()  # the fixture's tenants announced themselves
    apply_mirror("product.created", T1, SNAPSHOT)
    apply_mirror("product.updated", T2, {**SNAPSHOT, "title": "Renamed"})
    apply_mirror("product.deleted", T3, {"id": "prod_1", "tenant": "acme"})
    names = set(OutboxEvent.objects.values_list("name", flat=True))
    assert names == {"product.synced"}
    assert not any(matches(commerce, name) for name in names)


def test_an_older_event_after_a_newer_one_changes_nothing(tenants):
    apply_mirror("product.created", T1, SNAPSHOT)
    apply_mirror("product.updated", T3, {**SNAPSHOT, "title": "Newest"})
    assert apply_mirror("product.updated", T2, {**SNAPSHOT, "title": "Older"}) == "stale"
    assert Product.objects.get().title == "Newest"


def test_the_same_content_again_is_not_rewritten(tenants):
    apply_mirror("product.created", T1, SNAPSHOT)
    revisions = Product.objects.get().revisions.count()
    assert apply_mirror("product.updated", T2, SNAPSHOT) == "unchanged"
    assert Product.objects.get().revisions.count() == revisions


def test_another_tenants_event_never_writes_this_tenants_document(tenants):
    apply_mirror("product.created", T1, SNAPSHOT)
    assert (
        apply_mirror("product.updated", T2, {**SNAPSHOT, "tenant": "globex", "title": "Stolen"}) == "ignored"
    )
    assert Product.objects.get().title == "Trail Shirt"


def test_a_deletion_unpublishes_and_keeps_the_editorial_work(tenants):
    apply_mirror("product.created", T1, SNAPSHOT)
    Product.objects.filter(medusa_id="prod_1").update(seo_meta_title="Kept")
    apply_mirror("product.deleted", T2, {"id": "prod_1", "tenant": "acme"})
    product = Product.objects.get()
    assert (product.live, product.seo_meta_title) == (False, "Kept")
    assert product.deleted_in_commerce_at is not None


def test_commerce_keeps_an_editors_pending_draft(tenants):
    from cityos.content.catalog import services

    apply_mirror("product.created", T1, SNAPSHOT)
    services.update_product(Product.objects.get(), {"seo_meta_title": "Draft"}, user=None, publish=False)
    apply_mirror("product.updated", T2, {**SNAPSHOT, "title": "Renamed"})
    product = Product.objects.get()
    assert (product.title, product.seo_meta_title) == ("Renamed", None)
    assert product.latest_revision.as_object().seo_meta_title == "Draft"


def test_the_inbox_is_applied_in_order_and_once(tenants):
    for number, (name, stamp, title) in enumerate(
        [("product.created", T1, "A"), ("product.updated", T2, "B")]
    ):
        InboxMessage.objects.create(
            id=f"evt_{number}",
            name=name,
            payload={"type": name, "timestamp": stamp, "data": {**SNAPSHOT, "title": title}},
        )
    InboxMessage.objects.create(
        id="evt_x", name="order.placed", payload={"type": "order.placed", "timestamp": T3, "data": {}}
    )
    assert apply_inbox() == {"applied": 2, "ignored": 1}
    assert apply_inbox() == {}
    assert Product.objects.get().title == "B"


def test_order_summaries_keep_the_newest_of_each_day(tenants) -> None:
    data = {
        "tenant": "acme",
        "date": "2026-11-21",
        "orders_count": 3,
        "revenue": "99.90",
        "currency_code": "eur",
    }
    assert apply_order_summary("order_summary.daily", "2026-11-22T00:05:00Z", data) == "applied"
    older = {**data, "orders_count": 1}
    assert apply_order_summary("order_summary.daily", "2026-11-22T00:04:00Z", older) == "stale"
    summary = OrderSummary.objects.get(tenant__slug="acme", date="2026-11-21")
    assert (summary.orders_count, str(summary.revenue.normalize())) == (3, "99.9")


def test_a_batch_repairs_fields_changed_in_the_database_directly(tenants) -> None:
    snapshot = {"id": "prod_1", "tenant": "acme", "title": "Shirt", "handle": "shirt", "status": "published"}
    apply_mirror("product.created", "2026-11-22T10:00:00Z", snapshot)
    Product.objects.filter(medusa_id="prod_1").update(title="Drifted")  # not through any service
    batch = {"tenant": "acme", "products": [snapshot]}
    assert apply_product_batch("product.batch", "2026-11-22T11:00:00Z", batch) == "applied"
    assert Product.objects.get(medusa_id="prod_1").title == "Shirt"
    assert apply_product_batch("product.batch", "2026-11-22T12:00:00Z", batch) == "unchanged"


def test_a_batch_writes_in_bulk_what_a_single_event_would(tenants, anonymous) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import ModelLogEntry

    from cityos.content.catalog.services import update_product

    apply_mirror("product.created", T1, SNAPSHOT)
    drafted = {**SNAPSHOT, "id": "prod_2", "handle": "drafted"}
    apply_mirror("product.created", T1, drafted)
    draft = Product.objects.get(medusa_id="prod_2")
    update_product(draft, {"seo_meta_title": "Editor's draft"}, user=None, publish=False)
    OutboxEvent.objects.all().delete()
    fresh = [{**SNAPSHOT, "id": f"prod_new_{n}", "handle": f"new-{n}"} for n in range(20)]
    stranger = {
        **SNAPSHOT,
        "tenant": "globex",
        "title": "Stolen",
    }  # another tenant's event for acme's product
    renamed, also = {**SNAPSHOT, "title": "Renamed"}, {**drafted, "title": "Also"}
    batch = {"tenant": "acme", "products": [stranger, renamed, also, *fresh]}
    with CaptureQueriesContext(connection) as queries:
        assert apply_product_batch("product.batch", T2, batch) == "applied"
    more = {"tenant": "acme", "products": [{**p, "id": f"{p['id']}_{n}"} for n, p in enumerate(fresh * 2)]}
    with CaptureQueriesContext(connection) as more_queries:
        apply_product_batch("product.batch", T2, more)
    assert len(more_queries) < len(queries)  # 40 new products cost no more than 20 and two others
    assert Product.objects.get(medusa_id="prod_1").title == "Renamed"
    new = Product.objects.get(medusa_id="prod_new_3")
    assert (new.live, new.live_revision_id, new.latest_revision_id) == (
        True,
        new.live_revision_id,
        new.live_revision_id,
    )
    assert new.live_revision.as_object().title == "Trail Shirt"
    assert ModelLogEntry.objects.filter(object_id=str(new.pk), action="wagtail.publish").exists()
    kept = Product.objects.get(medusa_id="prod_2")
    assert (kept.title, kept.latest_revision.as_object().seo_meta_title) == ("Also", "Editor's draft")
    assert set(OutboxEvent.objects.values_list("name", flat=True)) == {"product.synced"}
    doc = anonymous.get("/api/products?where[medusa_id][equals]=prod_new_3").json()["docs"][0]
    assert (doc["_status"], doc["title"]) == ("published", "Trail Shirt")


def test_a_batch_naming_a_product_twice_applies_the_last(tenants) -> None:
    twice = {"tenant": "acme", "products": [SNAPSHOT, {**SNAPSHOT, "title": "Second"}]}
    assert apply_product_batch("product.batch", T1, twice) == "applied"
    assert Product.objects.get(medusa_id="prod_1").title == "Second"


def test_an_unchanged_batch_records_its_version_in_one_update(tenants) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    snapshots = [{**SNAPSHOT, "id": f"prod_{n}", "handle": f"p{n}"} for n in range(30)]
    apply_product_batch("product.batch", T1, {"tenant": "acme", "products": snapshots})
    with CaptureQueriesContext(connection) as queries:
        assert (
            apply_product_batch("product.batch", T3, {"tenant": "acme", "products": snapshots}) == "unchanged"
        )
    assert len(queries) < 10  # not one update per product
    assert apply_mirror("product.updated", T2, {**snapshots[0], "title": "Older"}) == "stale"


@pytest.mark.parametrize("data", [{"id": "prod_1", "tenant": "globex"}, {"id": "prod_1"}])
def test_a_deletion_naming_another_tenant_changes_nothing(tenants, data):
    apply_mirror("product.created", T1, SNAPSHOT)
    assert apply_mirror("product.deleted", T2, data) == "ignored"
    product = Product.objects.get(medusa_id="prod_1")
    assert (product.live, product.deleted_in_commerce_at) == (True, None)


def test_an_event_whose_data_cannot_be_read_is_set_aside_not_retried_for_ever(tenants):
    InboxMessage.objects.create(
        id="evt_bad",
        name="order_summary.daily",
        payload={"type": "order_summary.daily", "timestamp": T1, "data": {}},
    )
    assert apply_inbox() == {"invalid": 1}
    message = InboxMessage.objects.get()
    assert message.applied_at is not None
    assert message.error.startswith("invalid: KeyError")
    assert apply_inbox() == {}
