"""Collections declared by their attributes: one declaration gives the document, the writable fields,
the queryable fields and the tenant rules, for the many tenant-owned collections that need nothing more.

An editor reads and writes documents of their own tenants; anonymous callers read published ones;
commerce's integration and superusers act everywhere. Image attributes are populated as media
documents for a whole list in two queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models, transaction
from django.db.models import Q, QuerySet

from cityos.content.catalog.richtext import to_wire
from cityos.content.library.collection import to_doc as media_doc
from cityos.content.library.models import MediaImage
from cityos.content.payload.auth import Actor
from cityos.content.payload.collections import Collection, register, related_docs
from cityos.content.payload.errors import Forbidden, ValidationError
from cityos.content.payload.query import TENANT, QueryField, as_date, as_number
from cityos.content.payload.query import moment as parse_moment
from cityos.content.payload.writing import (
    Field,
    Invalid,
    listing,
    mapping,
    read_body,
    rich_text,
    strings,
    tenant_reference,
    text,
)
from cityos.content.publishing import create_document, delete_document, update_document
from cityos.content.tenants.models import Tenant


def moment(value: Any) -> datetime | None:
    if value is None:
        return None
    parsed = parse_moment(value) if isinstance(value, str) else None
    if parsed is None:
        raise Invalid("This field must be an ISO 8601 date and time.")
    return parsed


def whole(value: Any) -> int | None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise Invalid("This field must be a whole number.")
    return value


def money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise Invalid("This field must be an amount.") from None
    if not amount.is_finite():
        raise Invalid("This field must be an amount.")
    return amount


def money_text(value: Decimal) -> str:
    """Amounts travel as exact strings with at least cents: ``"345.60"``, ``"0.125"``."""
    value = Decimal(value).normalize()
    return format(value.quantize(Decimal("0.01")) if value.as_tuple().exponent > -2 else value, "f")


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("This field must be true or false.")
    return value


def image_id(value: Any) -> int | None:
    value = value.get("id") if isinstance(value, dict) else value
    if value is None:
        return None
    if not isinstance(value, int) or not MediaImage.objects.filter(pk=value).exists():
        raise Invalid("This relationship field has an invalid value.")
    return value


# kind → (parse on write, render on read, parse in where); relations render through ``populate``
KINDS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any], Callable[[str], Any]]] = {
    "text": (text, lambda v: v, str),
    "rich": (rich_text, to_wire, str),
    "json": (mapping, lambda v: v, str),
    "list": (listing, lambda v: v, str),
    "datetime": (moment, lambda v: v, as_date),
    "int": (whole, lambda v: v, as_number),
    "money": (money, money_text, str),
    "bool": (flag, lambda v: v, lambda raw: raw.lower() == "true"),
    "image": (image_id, lambda v: v, as_number),
    "relation": (text, lambda v: v, str),  # another collection's document by its key (``Attr.by``)
    "relations": (strings, lambda v: v, str),
}
RELATIONS = ("relation", "relations")


@dataclass(frozen=True)
class Attr:
    column: str
    kind: str = "text"
    required: bool = False
    commerce: bool = False  # written only by commerce's integration
    parse: Callable[[Any], Any] | None = None  # instead of the kind's own check
    to: str = ""  # relations: the target collection's slug
    by: str = "medusa_id"  # relations: the target's column the stored keys name


def declare(
    *, slug: str, singular: str, plural: str, model: type[models.Model], attrs: dict[str, Attr],
    drafts: bool, unique_per_tenant: str | None = None, unique: tuple[str, ...] = (),
    one_per_tenant: bool = False, writers: str = "editors", born_in_commerce: bool = False,
    groups: dict[str, dict[str, str]] | None = None,
) -> Collection:  # fmt: skip
    """A tenant-owned collection from its attributes. ``writers`` is ``editors`` or ``integration``;
    documents ``born_in_commerce`` are created and deleted only by its integration (mirrors); a
    collection ``one_per_tenant`` holds a tenant's singleton (a global, as ``site-settings``)."""
    groups = groups or {}  # nested text fields, as ``seo: {meta_title, …}``
    writable = (
        {"tenant": Field(parse=tenant_reference)}
        | {
            name: Field(
                column=attr.column,
                parse=attr.parse or KINDS[attr.kind][0],
                commerce=attr.commerce,
                to="media" if attr.kind == "image" else attr.to,
            )
            for name, attr in attrs.items()
        }
        | {name: Field(group=group) for name, group in groups.items()}
    )
    fields = {
        "id": QueryField("pk", as_number),
        "tenant": TENANT,
        "createdAt": QueryField("created_at", as_date),
        "updatedAt": QueryField("updated_at", as_date),
        **({"_status": QueryField("live", lambda raw: raw == "published")} if drafts else {}),
        **{name: QueryField(attr.column + ("_id" if attr.kind == "image" else ""), KINDS[attr.kind][2])
           for name, attr in attrs.items()},
        **{f"{name}.{sub}": QueryField(column)
           for name, group in groups.items() for sub, column in group.items()},
    }  # fmt: skip
    images = [name for name, attr in attrs.items() if attr.kind == "image"]
    relations = [name for name, attr in attrs.items() if attr.kind in RELATIONS]
    required = ("tenant", *(name for name, attr in attrs.items() if attr.required))

    def scope(actor: Actor) -> QuerySet[Any]:
        return actor.scoped(model._default_manager.select_related("tenant"))

    def populate(rows: list[Any], depth: int) -> None:
        ids = {getattr(row, attrs[name].column + "_id") for row in rows for name in images} - {None}
        found = {}
        if ids and depth > 0:
            found = {
                i.pk: media_doc(i, False)
                for i in MediaImage.objects.filter(pk__in=ids).prefetch_related("renditions")
            }
        for row in rows:
            row.populated_images = found
        for name in relations:
            attr = attrs[name]
            keys = {key for row in rows for key in _keys(getattr(row, attr.column))}
            related = (
                related_docs(attr.to, Q(**{f"{attr.by}__in": keys}), depth, _by(attr.by)) if keys else {}
            )
            for row in rows:
                row.populated_relations = {**getattr(row, "populated_relations", {}), name: related}

    def to_doc(row: Any, draft: bool) -> dict[str, Any]:
        if drafts and draft and row.has_unpublished_changes and row.latest_revision:
            row = row.latest_revision.as_object()
        found = getattr(row, "populated_images", {})
        doc: dict[str, Any] = {"id": row.pk, "tenant": row.tenant.slug}
        for name, attr in attrs.items():
            if attr.kind == "image":
                image = getattr(row, attr.column + "_id")
                doc[name] = found.get(image, image)
            elif attr.kind in RELATIONS:
                doc[name] = _related(
                    attr, getattr(row, attr.column), getattr(row, "populated_relations", {}), name
                )
            else:
                doc[name] = KINDS[attr.kind][1](getattr(row, attr.column))
        for name, group in groups.items():
            doc[name] = {sub: getattr(row, column) for sub, column in group.items()}
        if drafts:
            doc["_status"] = (
                "published" if row.live and not (draft and row.has_unpublished_changes) else "draft"
            )
        return {**doc, "createdAt": row.created_at, "updatedAt": row.updated_at}

    def may_write(actor: Actor, tenant: Tenant | None, *, birth_or_end: bool = False) -> bool:
        if writers == "integration" or (birth_or_end and born_in_commerce):
            return tenant is not None and actor.sees_everything
        return actor.edits(tenant.pk if tenant else None)

    def values_of(actor: Actor, body: Any, current: Any) -> dict[str, Any]:
        """Who may write is decided first (a stranger learns nothing from validation), then the body."""
        asked = body.get("tenant") if isinstance(body, dict) else None
        tenant = Tenant.objects.filter(slug=asked).first() if isinstance(asked, str) else None
        if not may_write(
            actor, tenant or (current.tenant if current is not None else None), birth_or_end=current is None
        ):
            raise Forbidden
        values = read_body(slug, body, writable, actor, required=required, partial=current is not None)
        for name in images:  # image ids arrive as the column's ``_id``
            if attrs[name].column in values:
                values[attrs[name].column + "_id"] = values.pop(attrs[name].column)
        tenant = values.get("tenant") or (current.tenant if current is not None else None)
        if unique_per_tenant and (value := values.get(attrs[unique_per_tenant].column)) is not None:
            clash = model._default_manager.filter(tenant=tenant, **{attrs[unique_per_tenant].column: value})
            if clash.exclude(pk=getattr(current, "pk", None)).exists():
                raise ValidationError(slug, [{"path": unique_per_tenant, "message": "Value must be unique"}])
        if one_per_tenant and tenant is not None:
            others = model._default_manager.filter(tenant=tenant).exclude(pk=getattr(current, "pk", None))
            if others.exists():
                raise ValidationError(slug, [{"path": "tenant", "message": "Value must be unique"}])
        for name in unique:
            value = values.get(attrs[name].column)
            clash = model._default_manager.filter(**{attrs[name].column: value}).exclude(
                pk=getattr(current, "pk", None)
            )
            if value is not None and clash.exists():
                raise ValidationError(slug, [{"path": name, "message": "Value must be unique"}])
        return values

    def create(actor: Actor, body: dict[str, Any], publish: bool) -> Any:
        values = values_of(actor, body, None)
        if drafts:
            return create_document(model, values, user=actor.user, publish=publish)
        return save_plain(model(), values)

    def update(row: Any, actor: Actor, body: dict[str, Any], publish: bool) -> Any:
        values = values_of(actor, body, row)
        if drafts:
            return update_document(row, values, user=actor.user, publish=publish)
        return save_plain(row, values)

    def delete(row: Any, actor: Actor) -> None:
        if not may_write(actor, row.tenant, birth_or_end=True):
            raise Forbidden
        delete_document(row)

    return register(
        Collection(
            slug=slug, singular=singular, plural=plural, fields=fields, scope=scope, to_doc=to_doc,
            create=create, update=update, delete=delete, has_drafts=drafts,
            populate=populate if images or relations else None, writable=writable,
        )
    )  # fmt: skip


def _keys(stored: Any) -> list[Any]:
    return stored if isinstance(stored, list) else [] if stored is None else [stored]


def _by(column: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row, column)


def _related(attr: Attr, stored: Any, populated: dict[str, dict[Any, Any]], name: str) -> Any:
    """A relation as Payload answers it: the related document (or id, at depth 0); one that is not
    published, or not there, is left out of a list and null alone."""
    found = populated.get(name)
    if found is None:  # read without populating (a write's answer): the stored keys as they are
        return stored
    if attr.kind == "relations":
        return [found[key] for key in _keys(stored) if key in found]
    return found.get(stored)


@transaction.atomic
def save_plain(row: Any, values: dict[str, Any]) -> Any:
    """A document without drafts, saved in one transaction (its event comes from ``announcements``)."""
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return row
