"""Turn model rows into Medusa's JSON by a ``Selection``: declared shapes, no per-entity code paths.

A shape also says what it answers: ``shape_schema`` reads each field's type from the shape's model
(or from ``types`` for what is not a column), so the OpenAPI spec is generated from the very
declaration ``render`` follows and cannot drift from it. Nothing is validated while answering.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from cityos.commerce.selection import Selection
from cityos.platform.wire_schema import JSON, TIME, column_schema, nullable

TIMES = ("created_at", "updated_at", "deleted_at")
# What commerce answers for every record but keeps no column for (it deletes rows, Medusa soft-deletes).
COMMON: dict[str, JSON] = {"deleted_at": nullable(TIME)}


class Many:
    """A to-many relation: a list already loaded on a plain row, or a model's related manager."""

    __slots__ = ("attr",)

    def __init__(self, attr: str) -> None:
        self.attr = attr

    def __call__(self, obj: Any) -> list[Any]:
        value = getattr(obj, self.attr)
        return value if isinstance(value, list) else list(value.all())


class One:
    """A to-one relation (a foreign key, or a row loaded beside a plain one); it may be null."""

    __slots__ = ("attr",)

    def __init__(self, attr: str) -> None:
        self.attr = attr

    def __call__(self, obj: Any) -> Any:
        return getattr(obj, self.attr)


@dataclass(frozen=True)
class Shape:
    """``derived`` fields come with the entity's own fields; ``computed`` ones only when asked for by name.

    ``model`` gives the scalars' types (a label such as ``"pricing.Price"`` where importing the model
    would make an app import one above it); ``types`` those of derived, computed and non-column fields.
    """

    scalars: tuple[str, ...]
    relations: dict[str, tuple[Many | One, Shape]] = field(default_factory=dict)
    computed: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    derived: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    model: type[models.Model] | str | None = None
    types: Mapping[str, JSON] = field(default_factory=dict)


def scalar(obj: Any, name: str) -> Any:
    return getattr(obj, name, None)


def pick(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def render(obj: Any, selection: Selection, shape: Shape) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in shape.scalars:
        if selection.star or name in selection.fields:
            out[name] = scalar(obj, name)
    for name, derive in shape.derived.items():
        if selection.star or name in selection.fields:
            out[name] = derive(obj)
    for name, compute in shape.computed.items():
        if selection.wants(name):
            out[name] = compute(obj)
    for name, (get, child_shape) in shape.relations.items():
        child = selection.child(name)
        if child is None:
            continue
        value = get(obj)
        if value is None:
            out[name] = None
        elif isinstance(value, list):
            out[name] = [render(item, child, child_shape) for item in value]
        else:
            out[name] = render(value, child, child_shape)
    return out


def _field_schema(shape: Shape, name: str) -> JSON:
    if name in shape.types:
        return dict(shape.types[name])
    model = apps.get_model(shape.model) if isinstance(shape.model, str) else shape.model
    if model is not None and (schema := column_schema(model, name)) is not None:
        return schema
    if name in COMMON:
        return dict(COMMON[name])
    raise LookupError(f"{model.__name__ if model else 'A shape'} declares no type for {name!r}")


def shape_schema(shape: Shape) -> JSON:
    """What ``render`` can answer for ``shape``: every field optional, since ``fields`` selects them."""
    properties: dict[str, JSON] = {}
    for name in (*shape.scalars, *shape.derived, *shape.computed):
        properties[name] = _field_schema(shape, name)
    for name, (get, child) in shape.relations.items():
        child_schema = shape_schema(child)
        properties[name] = (
            {"type": "array", "items": child_schema} if isinstance(get, Many) else nullable(child_schema)
        )
    return {"type": "object", "properties": properties, "additionalProperties": False}
