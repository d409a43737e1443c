import pytest

from cityos.commerce.catalog import services as catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(shop):
    clothing = catalog.create_category(tenant=shop.tenant, name="Clothing")
    shirts = catalog.create_category(tenant=shop.tenant, name="Shirts", parent=clothing)
    polos = catalog.create_category(tenant=shop.tenant, name="Polos", parent=shirts)
    catalog.create_category(tenant=shop.tenant, name="Hidden", parent=clothing, is_internal=True)
    return clothing, shirts, polos


def test_categories_hide_internal_ones_and_list_children(client, shop, tree):
    _, shirts, _ = tree
    body = client.get("/store/product-categories?parent_category_id=null", **shop.headers).json()
    assert [c["handle"] for c in body["product_categories"]] == ["clothing"]
    assert [c["id"] for c in body["product_categories"][0]["category_children"]] == [shirts.id]
    assert body["count"] == 1


def test_descendants_tree_nests_all_the_way_down(client, shop, tree):
    clothing, _, polos = tree
    url = f"/store/product-categories/{clothing.id}?include_descendants_tree=true"
    category = client.get(url, **shop.headers).json()["product_category"]
    assert category["category_children"][0]["category_children"][0]["id"] == polos.id


def test_ancestors_tree_nests_all_the_way_up(client, shop, tree):
    clothing, _, polos = tree
    url = f"/store/product-categories/{polos.id}?include_ancestors_tree=true"
    category = client.get(url, **shop.headers).json()["product_category"]
    assert category["parent_category"]["parent_category"]["id"] == clothing.id
    assert category["parent_category"]["parent_category"]["parent_category"] is None


def test_another_tenants_category_is_not_found(client, shop):
    from tests.commerce.factories import make_shop

    theirs = catalog.create_category(tenant=make_shop("globex").tenant, name="Theirs")
    response = client.get(f"/store/product-categories/{theirs.id}", **shop.headers)
    assert response.status_code == 404
    assert response.json()["type"] == "not_found"


def test_collections_list_and_retrieve(client, shop):
    collection = catalog.create_collection(tenant=shop.tenant, title="Summer")
    body = client.get("/store/collections", **shop.headers).json()
    assert body == {
        "collections": [body["collections"][0]],
        "count": 1,
        "offset": 0,
        "limit": 50,
    }
    assert body["collections"][0].keys() == {"id", "title", "handle", "created_at", "updated_at", "metadata"}
    one = client.get(f"/store/collections/{collection.id}", **shop.headers).json()["collection"]
    assert one["handle"] == "summer"
    assert client.get("/store/collections/pcol_nope", **shop.headers).status_code == 404
