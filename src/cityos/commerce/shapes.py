"""Turn model rows into Medusa's JSON by a ``Selection``: declared shapes, no per-entity code paths."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cityos.commerce.selection import Selection

TIMES = ("created_at", "updated_at", "deleted_at")


@dataclass(frozen=True)
class Shape:
    """``derived`` fields come with the entity's own fields; ``computed`` ones only when asked for by name."""

    scalars: tuple[str, ...]
    relations: dict[str, tuple[Callable[[Any], Any], Shape]] = field(default_factory=dict)
    computed: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    derived: dict[str, Callable[[Any], Any]] = field(default_factory=dict)


def scalar(obj: Any, name: str) -> Any:
    return getattr(obj, name, None)


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
