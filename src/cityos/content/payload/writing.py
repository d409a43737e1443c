"""Reading a Payload write body into model values: declared fields only, errors with Payload's paths.

Each field says which service owns it (design §4): commerce-owned fields are kept only when the
caller is commerce's integration, as Payload drops a field its access locks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cityos.content.catalog.richtext import to_storage
from cityos.content.payload.auth import Actor
from cityos.content.payload.errors import ValidationError
from cityos.content.tenants.models import Tenant
from cityos.content.tenants.naming import tenant_named

READ_ONLY = frozenset({"id", "createdAt", "updatedAt", "_status"})


class Invalid(ValueError):
    """A value a field refuses; its message goes to the client under the field's path."""


def text(value: Any) -> Any:
    if value is not None and not isinstance(value, str):
        raise Invalid("This field must be a string.")
    return value


def present(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``parse`` for a column that holds no null: an explicit null is refused, not stored."""

    def parse_present(value: Any) -> Any:
        if value is None:
            raise Invalid("This field is required.")
        return parse(value)

    return parse_present


def listing(value: Any) -> Any:
    if not isinstance(value, list):
        raise Invalid("This field must be a list.")
    return value


def strings(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Invalid("This field must be a list of strings.")
    return value


def mapping(value: Any) -> Any:
    if not isinstance(value, dict):
        raise Invalid("This field must be an object.")
    return value


def rich_text(value: Any) -> str | None:
    """Markdown or HTML in, sanitized HTML kept."""
    if value is not None and not isinstance(value, str):
        raise Invalid("Rich text must be Markdown or HTML.")
    return to_storage(value)


def tenant_reference(value: Any) -> Tenant | None:
    """The tenant a body names by content id, commerce id or slug, as every tenant-owned collection
    takes it (``tenants/naming.py``)."""
    if value is None:
        return None
    tenant = tenant_named(value)
    if tenant is None:
        raise Invalid("This relationship field has an invalid value.")
    return tenant


@dataclass(frozen=True)
class Field:
    """``parse`` turns the wire value into the column's; ``group`` nests named sub-fields (``seo``)."""

    column: str = ""
    parse: Callable[[Any], Any] = text
    commerce: bool = False
    group: Mapping[str, str] = field(default_factory=dict)
    to: str = ""  # a relation's collection: its key at depth 0, the related document deeper


def read_body(
    collection: str,
    body: Any,
    fields: Mapping[str, Field],
    actor: Actor,
    *,
    required: tuple[str, ...] = (),
    partial: bool = False,
) -> dict[str, Any]:
    """Model values of a create or (``partial``) update body, or a ValidationError naming paths. A
    ``required`` field must be given on create, and may not be emptied by an update."""  # fmt: skip
    if not isinstance(body, dict):
        raise ValidationError(collection, [{"path": "", "message": "The body must be a JSON object."}])
    values: dict[str, Any] = {}
    errors: list[dict[str, str]] = []
    for key, value in body.items():
        spec = fields.get(key)
        if key in READ_ONLY:
            continue
        if spec is None:
            errors.append({"path": key, "message": f"This field does not exist in {collection}."})
            continue
        if spec.commerce and not actor.is_integration:
            continue
        if spec.group:
            _read_group(key, value, spec, values, errors)
            continue
        try:
            values[spec.column or key] = spec.parse(value)
        except Invalid as error:
            errors.append({"path": key, "message": str(error)})
    for name in required:
        if partial and (fields[name].column or name) not in values:  # not given, or dropped as locked
            continue
        if not values.get(fields[name].column or name) and not any(e["path"] == name for e in errors):
            errors.append({"path": name, "message": "This field is required."})
    if errors:
        raise ValidationError(collection, errors)
    return values


def _read_group(
    key: str, value: Any, spec: Field, values: dict[str, Any], errors: list[dict[str, str]]
) -> None:
    if not isinstance(value, dict) or set(value) - set(spec.group):
        errors.append({"path": key, "message": f"{key} takes only {', '.join(spec.group)}."})
        return
    for name, inner in value.items():
        try:
            values[spec.group[name]] = spec.parse(inner)
        except Invalid as error:
            errors.append({"path": f"{key}.{name}", "message": str(error)})
