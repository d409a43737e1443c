"""``/app``: a staff member sees and changes only their tenants' rows, and changes emit events."""

import pytest

from cityos.commerce.tenants import services as tenants
from cityos.commerce.users.models import User
from cityos.platform.events.models import OutboxEvent
from tests.commerce.factories import make_shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, shop):
    user = User.objects.create_user(email="staff@acme.test", password="pw-123456", is_staff=True)
    tenants.add_member(tenant=shop.tenant, user=user)
    client.force_login(user)
    return user


def test_product_list_shows_only_own_tenant(client, staff, shop):
    other = make_shop("globex")
    other.product.title = "Globex Secret"
    other.product.save()
    page = client.get("/app/catalog/product/").content.decode()
    assert shop.product.title in page
    assert "Globex Secret" not in page


def test_another_tenants_product_cannot_be_opened(client, staff):
    other = make_shop("globex")
    response = client.get(f"/app/catalog/product/{other.product.id}/change/")
    assert response.status_code == 302  # Django admin's answer for an object outside the queryset


def test_saving_through_the_admin_emits_the_event(client, staff, shop):
    collection = shop.tenant.id
    response = client.post(
        "/app/catalog/productcollection/add/", {"tenant": collection, "title": "Autumn", "handle": "autumn"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert OutboxEvent.objects.filter(name="product_collection.created", tenant_id=shop.tenant.id).exists()


def test_tenant_choices_are_limited_to_memberships(client, staff):
    make_shop("globex")
    form = client.get("/app/catalog/productcollection/add/").content.decode()
    assert "Acme" in form
    assert "Globex" not in form


def test_staff_cannot_create_tenants(client, staff):
    assert client.get("/app/tenants/tenant/add/").status_code == 403


def test_a_staff_member_without_tenants_sees_nothing(client, db):
    user = User.objects.create_user(email="nobody@example.com", password="pw-123456", is_staff=True)
    client.force_login(user)
    assert client.get("/app/catalog/product/").status_code == 403


def change_form_data(response) -> dict[str, object]:
    """What the change form would post back unchanged: the main form and every inline formset."""
    data: dict[str, object] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        forms += list(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            if hasattr(field, "queryset") and isinstance(value, list | tuple):
                value = [getattr(item, "pk", item) for item in value]
            data[form.add_prefix(name)] = value
    return data


def test_a_product_edited_in_the_admin_sends_its_full_snapshot(client, staff, shop):
    """What content mirrors comes with the event, title and variants included, as the API's edits do."""
    path = f"/app/catalog/product/{shop.product.id}/change/"
    data = change_form_data(client.get(path))
    data["title"] = "Trail Shirt Pro"
    response = client.post(path, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = OutboxEvent.objects.filter(name="product.updated", entity_id=shop.product.id).latest("id")
    assert event.data["title"] == "Trail Shirt Pro"
    assert {variant["title"] for variant in event.data["variants"]} == {"S", "M"}
    assert event.data["tenant"] == shop.tenant.slug
