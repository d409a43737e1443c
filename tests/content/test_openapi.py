"""/api-docs describes each collection: its routes and a document shape that matches what it answers."""

from __future__ import annotations

import pytest
from django.test import Client

from cityos.content.payload.collections import REGISTRY
from cityos.content.sync import apply_mirror
from tests.content.conftest import Api
from tests.content.test_mirrors import APPAREL, STORE, T1
from tests.content.test_sync_apply import SNAPSHOT

pytestmark = pytest.mark.django_db


def test_every_collection_has_its_routes_and_document_schema(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    for slug, collection in REGISTRY.items():
        assert {"get", "post", "patch", "delete"} <= set(schema["paths"][f"/api/{slug}"]), slug
        assert {"get", "patch", "delete"} <= set(schema["paths"][f"/api/{slug}/{{id}}"]), slug
        assert collection.singular.replace(" ", "") in schema["components"]["schemas"], slug
    assert "/api/{slug}" not in schema["paths"]  # the generic route is described per collection


@pytest.mark.parametrize(("slug", "name", "snapshot"), [
    ("products", "product.created", SNAPSHOT),
    ("categories", "product_category.created", APPAREL),
    ("stores", "store.created", STORE),
])  # fmt: skip
def test_a_documents_keys_are_the_ones_its_schema_names(
    client: Client, anonymous: Api, tenants: object, slug: str, name: str, snapshot: dict[str, object]
) -> None:
    apply_mirror(name, T1, snapshot)
    doc = anonymous.get(f"/api/{slug}").json()["docs"][0]
    properties = client.get("/api/openapi.json").json()["components"]["schemas"][REGISTRY[slug].singular]
    assert set(properties["properties"]) <= set(doc)
    if slug == "products":
        assert set(properties["properties"]) == set(doc)
