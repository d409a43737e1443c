"""Response schemas in commerce's OpenAPI spec, declared on the routes, built from the shapes they render.

A route says what it answers with ``answers(...)`` (ninja's ``openapi_extra``) naming components; a
component's schema is built from its renderer's declaration (``shapes.shape_schema``, ``cart_schema``,
…) only when the spec is asked for. Answers are never validated on the way out: the renderers and
their schemas are held together by ``tests/commerce/test_answer_schemas.py`` and schemathesis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cityos.platform.wire_schema import BOOLEAN, INTEGER, JSON, STRING, array, record

COMPONENTS: dict[str, Callable[[], JSON]] = {}


def component(name: str, build: Callable[[], JSON]) -> JSON:
    """A named schema in ``#/components/schemas``, built lazily; the reference to use in ``answers``."""
    if COMPONENTS.setdefault(name, build) is not build:
        raise ValueError(f"two schemas are named {name}")
    return {"$ref": f"#/components/schemas/{name}"}


def answering(schema: JSON) -> dict[str, Any]:
    """A route's ``openapi_extra``: what its 200 answer holds."""
    return {"responses": {200: {"description": "OK", "content": {"application/json": {"schema": schema}}}}}


def answers(**members: JSON) -> dict[str, Any]:
    """A route whose 200 answer is an object of exactly these members."""
    return answering(record(**members))


def deletion(**members: JSON) -> dict[str, Any]:
    """Medusa's answer to a delete: the id, the kind of object, and ``deleted: true``."""
    return answers(id=STRING, object=STRING, deleted=BOOLEAN, **members)


def listing(plural: str, item: JSON) -> dict[str, Any]:
    """A Medusa list answer: the page of records with its count, offset and limit."""
    return answers(**{plural: array(item)}, count=INTEGER, offset=INTEGER, limit=INTEGER)


def with_components(spec: dict[str, Any]) -> dict[str, Any]:
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for name, build in sorted(COMPONENTS.items()):
        schemas[name] = build()
    return spec
