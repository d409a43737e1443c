"""The seed's PayloadModuleService call patterns, as recorded from a real Payload 3.90."""

import pytest

from cityos.content.catalog.models import Product
from cityos.platform.events.models import OutboxEvent
from tests.content.conftest import recorded

pytestmark = pytest.mark.django_db

SHIRT = {
    "medusa_id": "prod_01SHIRT",
    "title": "Shirt",
    "subtitle": "held out",
    "description": "**bold** text",
    "tenant": "acme",
}


def test_create_as_the_seed_does(integration):
    call = recorded("01-create.json")
    response = integration.post("/api/products/?is_from_medusa=true", call["request_body"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["message"] == "Product successfully created."
    assert set(call["response_body"]["doc"]) <= set(body["doc"])
    assert body["doc"]["description"] == "<p><strong>bold</strong> text</p>"
    assert body["doc"]["_status"] == "published"
    assert OutboxEvent.objects.filter(name="product.published", entity_id=str(body["doc"]["id"])).exists()


def test_find_by_medusa_ids_has_payloads_list_shape(integration):
    integration.post("/api/products?is_from_medusa=true", SHIRT)
    call = recorded("02-find-medusa-id-in.json")
    body = integration.get(
        "/api/products?where[medusa_id][in]=prod_01SHIRT,prod_other&depth=2&is_from_medusa=true"
    ).json()
    assert body.keys() == call["response_body"].keys()
    assert [doc["medusa_id"] for doc in body["docs"]] == ["prod_01SHIRT"]
    assert (body["totalDocs"], body["page"], body["totalPages"], body["limit"]) == (1, 1, 1, 10)


def test_update_and_delete_by_where(integration):
    integration.post("/api/products?is_from_medusa=true", SHIRT)
    updated = integration.patch(
        "/api/products/?where[medusa_id][equals]=prod_01SHIRT&is_from_medusa=true", {"subtitle": "updated"}
    )
    assert updated.json()["message"] == "Updated 1 Product successfully."
    assert updated.json()["docs"][0]["subtitle"] == "updated"
    doc_id = updated.json()["docs"][0]["id"]
    deleted = integration.delete(f"/api/products/?where[id][in]={doc_id}&is_from_medusa=true")
    assert deleted.json() == {**deleted.json(), "errors": [], "message": "Deleted 1 Product successfully."}
    assert not Product.objects.exists()


def test_page_beyond_the_end(integration):
    integration.post("/api/products?is_from_medusa=true", SHIRT)
    body = integration.get("/api/products?limit=5&page=100000").json()
    assert body["docs"] == []
    assert (body["hasPrevPage"], body["prevPage"], body["pagingCounter"]) == (True, 99999, 499996)


def test_like_and_select(integration):
    integration.post("/api/products?is_from_medusa=true", SHIRT)
    integration.post("/api/products?is_from_medusa=true", {**SHIRT, "medusa_id": "prod_02", "title": "Mug"})
    body = integration.get(
        "/api/products?where[title][like]=shi&select[title]=true&select[medusa_id]=true"
    ).json()
    assert body["docs"] == [{"id": body["docs"][0]["id"], "medusa_id": "prod_01SHIRT", "title": "Shirt"}]


def test_count(integration):
    integration.post("/api/products?is_from_medusa=true", SHIRT)
    assert integration.get("/api/products/count?where[tenant][equals]=acme").json() == {"totalDocs": 1}
    assert integration.get("/api/products/count?where[tenant][equals]=globex").json() == {"totalDocs": 0}


@pytest.mark.parametrize(
    "query",
    [
        "where[nope][equals]=1",
        "where[title][near]=1",
        "where[or]=x",
        "where[id][equals]=abc",
        "sort=password",
        "limit=-1",
        "depth=11",
        "where[createdAt][greater_than]=yesterday",
    ],
)
def test_bad_queries_are_400_not_500(integration, query):
    response = integration.get(f"/api/products?{query}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"]


def test_validation_errors_name_their_paths_and_write_nothing(integration):
    response = integration.post("/api/products", {"title": 5, "seo": {"meta_title": 1}, "colour": "red"})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["name"] == "ValidationError"
    paths = {e["path"] for e in error["data"]["errors"]}
    assert paths == {"title", "seo.meta_title", "colour", "medusa_id"}
    assert not Product.objects.exists()


def test_duplicate_medusa_id_is_a_validation_error(integration):
    integration.post("/api/products", SHIRT)
    response = integration.post("/api/products", SHIRT)
    assert response.status_code == 400
    assert response.json()["errors"][0]["data"]["errors"] == [
        {"path": "medusa_id", "message": "Value must be unique"}
    ]


def test_unknown_collection_and_id_are_404(integration):
    assert integration.get("/api/nothing").json() == {
        "errors": [{"name": "NotFound", "message": "Not Found"}]
    }
    assert integration.get("/api/products/999").status_code == 404


def test_a_depth_2_list_costs_the_same_queries_whatever_its_length(integration, anonymous):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count: int) -> int:
        for number in range(count - Product.objects.count()):
            integration.post("/api/products", {**SHIRT, "medusa_id": f"prod_N{count}_{number}"})
        with CaptureQueriesContext(connection) as queries:
            assert len(anonymous.get("/api/products?depth=2&limit=100").json()["docs"]) == count
        return len(queries)

    assert queries_for(2) == queries_for(12)


@pytest.mark.parametrize(
    "query",
    ["where[createdAt][greater_than]=2026-13-45T00:00:00", "where[id][equals]=nan", "where[id][in]=1,inf"],
)
def test_impossible_dates_and_numbers_are_400(integration, query):
    assert integration.get(f"/api/products?{query}").status_code == 400
