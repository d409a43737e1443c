"""The OpenAPI description of every collection, generated from the same field declarations that check
write bodies, so ``/api-docs`` names each collection's routes, parameters and document shape.

The REST routes themselves are generic (``/api/{slug}``); these paths replace them in the schema.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cityos.content.payload import declared, writing
from cityos.content.payload.collections import REGISTRY, Collection
from cityos.content.payload.writing import Field
from cityos.content.tenants.collection import domain_list

STRING, INTEGER, OBJECT = {"type": "string"}, {"type": "integer"}, {"type": "object"}
# a body field's parse function → the JSON Schema of its value
TYPES: dict[Callable[[Any], Any], dict[str, Any]] = {
    writing.text: STRING,
    writing.rich_text: {"type": "string", "description": "Markdown or HTML in; sanitized HTML out."},
    writing.listing: {"type": "array", "items": {}},
    writing.strings: {"type": "array", "items": STRING},
    writing.mapping: OBJECT,
    writing.tenant_reference: {
        "type": ["string", "integer", "null"],
        "description": "The tenant: its id, its commerce id (`ten_…`) or its slug.",
    },
    domain_list: {
        "type": "array",
        "items": {"anyOf": [STRING, {"type": "object", "properties": {"id": INTEGER, "domain": STRING}}]},
        "description": "Host names in; answered as Payload's array rows {id, domain}.",
    },
    declared.moment: {"type": "string", "format": "date-time"},
    declared.whole: INTEGER,
    declared.money: {"type": "string", "description": "An exact decimal amount."},
    declared.flag: {"type": "boolean"},
    declared.image_id: {"type": "integer", "description": "A media id; a media document at depth >= 1."},
}
ERROR = {"$ref": "#/components/schemas/PayloadErrors"}
WHERE = {
    "name": "where",
    "in": "query",
    "style": "deepObject",
    "explode": True,
    "schema": OBJECT,
    "description": "Payload's qs query: where[field][operator]=value, with and/or.",
}
DEPTH = {
    "name": "depth",
    "in": "query",
    "schema": {"type": "integer", "minimum": 0, "maximum": 10, "default": 2},
}
LIST_PARAMETERS = [
    WHERE,
    DEPTH,
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 10}},
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "sort", "in": "query", "schema": STRING, "description": "A field, or -field for descending."},
    {"name": "select", "in": "query", "style": "deepObject", "explode": True, "schema": OBJECT},
    {"name": "pagination", "in": "query", "schema": {"type": "boolean", "default": True}},
    {"name": "draft", "in": "query", "schema": {"type": "boolean", "default": False}},
    {"name": "tenant", "in": "query", "schema": STRING, "description": "Only this tenant's documents."},
]
ID = {"name": "id", "in": "path", "required": True, "schema": INTEGER}
TEXT_ID = {**ID, "schema": STRING}


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


NEVER_NULL = {"array", "boolean"}  # lists answer [] and flags false when empty


def field_schema(field: Field) -> dict[str, Any]:
    """A field's value as answered: nullable unless a list or flag; a relation (``to``) is the related
    key at ``depth`` 0 and the related document deeper, so both are declared."""
    if field.group:
        return _object(**{name: {"type": ["string", "null"]} for name in field.group})
    schema = dict(TYPES.get(field.parse, {}))
    if field.to:
        related = {"$ref": f"#/components/schemas/{REGISTRY[field.to].singular.replace(' ', '')}"}
        key = {k: v for k, v in schema.items() if k != "description"} or STRING
        if schema.get("type") == "array":
            schema["items"] = {"anyOf": [schema.get("items", STRING), related]}
        else:
            schema = {"anyOf": [key, related, {"type": "null"}], **_described(schema)}
    elif isinstance(schema.get("type"), str) and schema["type"] not in NEVER_NULL:
        schema = {**schema, "type": [schema["type"], "null"]}
    if field.commerce:
        schema["description"] = "Owned by commerce: written only by its integration key."
    return schema


def _described(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": schema["description"]} if "description" in schema else {}


def document_schema(collection: Collection) -> dict[str, Any]:
    moment = {"type": "string", "format": "date-time"}
    properties: dict[str, Any] = {"id": STRING if collection.text_ids else INTEGER}
    properties |= {name: field_schema(field) for name, field in collection.writable.items()}
    if collection.has_drafts:
        properties["_status"] = {"type": "string", "enum": ["draft", "published"]}
    return _object(**properties, createdAt=moment, updatedAt=moment)


def _answers(ok: dict[str, Any], status: str = "200") -> dict[str, Any]:
    failures = {"400": "Bad request", "403": "Forbidden", "404": "Not Found"}
    error = {"content": {"application/json": {"schema": ERROR}}}
    return {
        status: {"description": "OK", "content": {"application/json": {"schema": ok}}},
        **{code: {"description": text, **error} for code, text in failures.items()},
    }


def _list_of(doc: dict[str, Any]) -> dict[str, Any]:
    """Payload's paginated list shape."""
    counters = dict.fromkeys(("totalDocs", "limit", "totalPages", "page", "pagingCounter"), INTEGER)
    flags = {name: {"type": "boolean"} for name in ("hasPrevPage", "hasNextPage")}
    pages = {name: {"type": ["integer", "null"]} for name in ("prevPage", "nextPage")}
    return _object(docs={"type": "array", "items": doc}, **counters, **flags, **pages)


def collection_paths(collection: Collection) -> dict[str, Any]:
    doc = {"$ref": f"#/components/schemas/{collection.singular.replace(' ', '')}"}
    body = {"required": True, "content": {"application/json": {"schema": doc}}}
    changed = _object(doc=doc, message=STRING)
    many = _object(docs={"type": "array", "items": doc}, errors={"type": "array"}, message=STRING)
    base, one, plural = f"/api/{collection.slug}", collection.singular, collection.plural
    identity = TEXT_ID if collection.text_ids else ID

    def operation(summary: str, answer: dict[str, Any], **extra: Any) -> dict[str, Any]:
        operation_id = f"{collection.slug}_{summary}".replace(" ", "_")
        return {
            "tags": [plural],
            "summary": summary,
            "operationId": operation_id,
            "responses": answer,
            **extra,
        }

    paths = {
        base: {
            "get": operation(f"find {plural}", _answers(_list_of(doc)), parameters=LIST_PARAMETERS),
            "post": operation(f"create {one}", _answers(changed, "201"), requestBody=body),
            "patch": operation(
                f"update {plural} by where", _answers(many), requestBody=body, parameters=[WHERE]
            ),
            "delete": operation(f"delete {plural} by where", _answers(many), parameters=[WHERE]),
        },
        f"{base}/count": {
            "get": operation(f"count {plural}", _answers(_object(totalDocs=INTEGER)), parameters=[WHERE])
        },
        f"{base}/{{id}}": {
            "get": operation(f"get {one}", _answers(doc), parameters=[identity, DEPTH]),
            "patch": operation(f"update {one}", _answers(changed), parameters=[identity], requestBody=body),
            "delete": operation(f"delete {one}", _answers(changed), parameters=[identity]),
        },
    }
    if collection.has_drafts:
        paths[f"{base}/versions"] = {"get": operation(f"list {one} versions", _answers(_list_of(OBJECT)))}
    return paths


def with_collections(schema: dict[str, Any]) -> dict[str, Any]:
    """Ninja's schema with each registered collection's paths and document schema added."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error = _object(message=STRING, name=STRING, data=OBJECT)
    components["PayloadErrors"] = _object(errors={"type": "array", "items": error})
    for collection in REGISTRY.values():
        components[collection.singular.replace(" ", "")] = document_schema(collection)
        schema["paths"].update(collection_paths(collection))
    return schema
