"""JSON Schema for a model column as the services answer it, read from the model's own field.

Response schemas are derived from the models the answers are rendered from, so a column's type,
nullability and choices in the OpenAPI spec cannot drift from what the database hands back.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

JSON = dict[str, Any]

# Checked in order: a subclass (SlugField, PrefixedIdField) answers as its closest base.
_TYPES: tuple[tuple[type[models.Field[Any, Any]], JSON], ...] = (
    (models.BooleanField, {"type": "boolean"}),
    (models.DateTimeField, {"type": "string", "format": "date-time"}),
    (models.DateField, {"type": "string", "format": "date"}),
    (models.DecimalField, {"type": "number"}),  # amounts are JSON numbers; ``raw_*`` carry the exact value
    (models.FloatField, {"type": "number"}),
    (models.IntegerField, {"type": "integer"}),  # the small and big integer fields derive from it
    (models.UUIDField, {"type": "string", "format": "uuid"}),
    (models.JSONField, {}),  # any JSON value
    (models.CharField, {"type": "string"}),
    (models.TextField, {"type": "string"}),
    (models.ForeignKey, {"type": "string"}),  # the related row's id, answered under ``<name>_id``
)


def nullable(schema: JSON) -> JSON:
    """``schema`` or JSON ``null``, in OpenAPI 3.1's spelling."""
    if not schema:
        return schema
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        found = next((f for f in model._meta.concrete_fields if f.attname == name), None)
    return found if isinstance(found, models.Field) and found.concrete else None


def column_schema(model: type[models.Model], name: str) -> JSON | None:
    """The answered value of column ``name`` (or a foreign key's ``<name>_id``); None if not a column."""
    field = _field(model, name)
    if field is None:
        return None
    schema = next((dict(s) for kind, s in _TYPES if isinstance(field, kind)), {})
    if field.choices and not isinstance(field, models.ForeignKey):
        schema["enum"] = [value for value, _label in field.flatchoices] + ([None] if field.null else [])
    return nullable(schema) if field.null else schema


# The vocabulary of hand-declared answers (what is computed, not read from a column).
STRING: JSON = {"type": "string"}
NUMBER: JSON = {"type": "number"}
INTEGER: JSON = {"type": "integer"}
BOOLEAN: JSON = {"type": "boolean"}
TIME: JSON = {"type": "string", "format": "date-time"}
OBJECT: JSON = {"type": "object"}
NULL: JSON = {"type": "null"}
ANY: JSON = {}


def array(items: JSON) -> JSON:
    return {"type": "array", "items": items}


def record(
    properties: dict[str, JSON] | None = None, /, *, optional: dict[str, JSON] | None = None, **named: JSON
) -> JSON:
    """An object answered with exactly these keys: all of ``properties`` and ``named`` present, each of
    ``optional`` present when asked for."""
    required = {**(properties or {}), **named}
    return {
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": list(required),
        "additionalProperties": False,
    }


def column(model: type[models.Model], name: str) -> JSON:
    return columns(model, (name,))[name]


def columns(model: type[models.Model], names: tuple[str, ...], **extra: JSON) -> dict[str, JSON]:
    """The properties of ``names`` read from ``model`` (each must be a column), then ``extra``."""
    found: dict[str, JSON] = {}
    for name in names:
        schema = column_schema(model, name)
        if schema is None:
            raise LookupError(f"{model.__name__} has no column {name!r}")
        found[name] = schema
    return {**found, **extra}
