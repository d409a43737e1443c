"""What the Payload REST layer needs to know of a collection: fields, access, documents and writers."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from cityos.content.payload.auth import Actor
from cityos.content.payload.query import QueryField
from cityos.content.payload.writing import Field


@dataclass(frozen=True, kw_only=True)
class Collection:
    """One ``/api/{slug}`` collection. ``scope`` is read access: the rows the actor may see at all."""

    slug: str
    singular: str
    plural: str
    fields: Mapping[str, QueryField]
    scope: Callable[[Actor], QuerySet[Any]]
    to_doc: Callable[[Any, bool], dict[str, Any]]
    create: Callable[[Actor, dict[str, Any], bool], Model]
    update: Callable[[Any, Actor, dict[str, Any], bool], Model]
    delete: Callable[[Any, Actor], None]
    tenant_lookup: str = "tenant"  # compared with the tenant's id for ``?tenant=``; "" takes none
    aliases: Mapping[str, str] = field(default_factory=dict)  # ``?param=v`` as ``where[field][equals]=v``
    default_sort: str = "-createdAt"
    has_drafts: bool = True
    draft_related: tuple[str, ...] = ("latest_revision",)  # joined only when drafts are read
    upload: Callable[[Actor, HttpRequest], Model] | None = None  # multipart creates (upload collections)
    populate: Callable[[list[Any], int], None] | None = None  # relations of a whole page of rows, by depth
    writable: Mapping[str, Field] = field(default_factory=dict)  # the body fields, for the OpenAPI schema
    text_ids: bool = False  # ids are prefixed strings (platform rows), not Payload's integers

    def shows_drafts(self, actor: Actor, asked: bool) -> bool:
        """Whether ``?draft=true`` is honoured: only for a signed-in caller, whom ``scope`` narrows to
        their own tenants' rows, as Payload's read access does; anyone else reads the published version."""
        return asked and self.has_drafts and not actor.is_anonymous

    def readable(self, actor: Actor, *, draft: bool) -> QuerySet[Any]:
        """Published rows only, unless the caller asks for drafts and may read them."""
        queryset = self.scope(actor)
        if not self.has_drafts:
            return queryset
        if self.shows_drafts(actor, draft):
            return queryset.select_related(*self.draft_related)
        return queryset.filter(Q(live=True))

    def docs(self, rows: list[Any], *, draft: bool, depth: int) -> list[dict[str, Any]]:
        """Documents of ``rows``, their relations populated for the whole list at once."""
        if self.populate is not None:
            self.populate(rows, depth)
        return [self.to_doc(row, draft) for row in rows]


REGISTRY: dict[str, Collection] = {}


def register(collection: Collection) -> Collection:
    REGISTRY[collection.slug] = collection
    return collection


def related_docs(slug: str, condition: Q, depth: int, key: Callable[[Any], Hashable]) -> dict[Hashable, Any]:
    """Published documents of the ``slug`` collection matching ``condition``, keyed by ``key``: their
    ids at depth 0 and their documents (populated one level less) deeper, in one query per level."""
    target = REGISTRY[slug]
    rows = list(target.readable(Actor(), draft=False).filter(condition))
    if depth <= 0:
        return {key(row): row.pk for row in rows}
    return dict(zip((key(row) for row in rows), target.docs(rows, draft=False, depth=depth - 1), strict=True))
