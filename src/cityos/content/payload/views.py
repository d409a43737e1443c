"""Payload 3's REST routes over every registered collection: find, count, by id, create, update, delete.

One request is one transaction: a bulk update or delete by ``where`` writes all of its documents or
none. Lists are one query for the page plus one count, whatever the page length.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import orjson
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from ninja import Router
from wagtail.models import Revision

from cityos.content.payload.auth import Actor, actor_of
from cityos.content.payload.collections import REGISTRY, Collection
from cityos.content.payload.errors import BadQuery, Forbidden, NotFound, PayloadError
from cityos.content.payload.query import QueryError, as_bool, digits, nested, row_id, sort_order, where_q
from cityos.content.payload.writing import READ_ONLY
from cityos.content.tenants.naming import tenant_key
from cityos.platform.answers import cached_answer
from cityos.platform.events.models import OutboxEvent

router = Router(tags=["Collections"])  # generic routes; the schema describes each collection (openapi.py)
MAX_DEPTH = 10
MAX_PAGING = 2**53 - 1  # JavaScript's Number.MAX_SAFE_INTEGER: what a Payload client sends exactly


def collection_of(slug: str) -> Collection:
    collection = REGISTRY.get(slug)
    if collection is None:
        raise NotFound
    return collection


def public_answer(request: HttpRequest, actor: Actor, compute: Callable[[], Any]) -> Any:
    """Anonymous reads served from the cache while content is unchanged: every change content makes
    emits an outbox event, so the latest event id versions everything a visitor can see."""
    if not actor.is_anonymous or not settings.CONTENT_CACHE_SECONDS:
        return compute()
    version = OutboxEvent.objects.order_by("-id").values_list("id", flat=True).first() or ""
    render = lambda: json.dumps(compute(), cls=DjangoJSONEncoder)  # noqa: E731
    body = cached_answer(
        ("content", version, request.get_full_path()), settings.CONTENT_CACHE_SECONDS, render
    )
    return HttpResponse(body, content_type="application/json")


def int_param(request: HttpRequest, name: str, default: int, *, low: int = 0, high: int = MAX_PAGING) -> int:
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return default
    if not digits(raw.removeprefix("-")) or len(raw) > 20:  # int() refuses 4,300 digits and more
        raise BadQuery(f"{name} must be a number")
    value = int(raw)
    if not low <= value <= high:
        raise BadQuery(f"{name} must be between {low} and {high}")
    return value


def wants_draft(request: HttpRequest) -> bool:
    try:
        return as_bool(request.GET.get("draft", "false"))
    except QueryError as error:
        raise BadQuery(str(error)) from None


def reads_drafts(request: HttpRequest, collection: Collection, actor: Actor) -> bool:
    """``?draft=true`` as this caller may have it: a caller who may not read drafts gets published ones."""
    return collection.shows_drafts(actor, wants_draft(request))


# What Payload's REST API reads from a query string (``where[…]``, ``select[…]`` and the like by root),
# and ``is_from_medusa``, which seed 002's field access reads on commerce's writes.
PAYLOAD_PARAMS = frozenset(
    {"where", "limit", "page", "sort", "depth", "draft", "locale", "fallback-locale", "select",
     "populate", "pagination", "joins", "trash", "autosave", "overrideLock", "is_from_medusa"}
)  # fmt: skip


def shorthands(collection: Collection) -> dict[str, str]:
    """``?slug=home`` means ``where[slug][equals]=home``: the seeds write their filters this way."""
    plain = {name: name for name in collection.fields if "." not in name and name not in PAYLOAD_PARAMS}
    return plain | dict(collection.aliases)


def shorthand_where(request: HttpRequest, collection: Collection) -> dict[str, Any]:
    """The shorthand filters of the query string as a ``where`` tree; a parameter that is neither
    Payload's nor a shorthand is refused by name rather than silently ignored."""
    known = shorthands(collection)
    tenant = {"tenant"} if collection.tenant_lookup else set()
    roots = {key.split("[", 1)[0] for key in request.GET}
    if unknown := sorted(roots - PAYLOAD_PARAMS - known.keys() - tenant):
        raise BadQuery(f"Unknown query parameters: {', '.join(unknown)}")
    return {known[name]: {"equals": request.GET[name]} for name in roots & known.keys() - tenant}


def matching(request: HttpRequest, collection: Collection, actor: Actor) -> QuerySet[Any]:
    """The rows the actor may read that match ``where``, the shorthand filters and ``?tenant=`` (by
    content id, commerce id or slug)."""
    try:
        queryset = collection.readable(actor, draft=wants_draft(request))
        condition = where_q(nested(request.GET, "where"), collection.fields)
        condition &= where_q(shorthand_where(request, collection), collection.fields)
    except QueryError as error:
        raise BadQuery(str(error)) from None
    if collection.tenant_lookup and (tenant := request.GET.get("tenant")):
        queryset = queryset.filter(**{collection.tenant_lookup: tenant_key(tenant)})
    if condition:  # a semi-join: conditions on to-many paths must not repeat rows
        queryset = queryset.filter(pk__in=queryset.model._default_manager.filter(condition).values("pk"))
    return queryset


def selected(doc: dict[str, Any], select: Any) -> dict[str, Any]:
    if not isinstance(select, dict) or not select:
        return doc
    wanted = {name for name, flag in select.items() if str(flag).lower() == "true"}
    return {name: value for name, value in doc.items() if name == "id" or name in wanted}


def body_of(request: HttpRequest) -> dict[str, Any]:
    try:  # orjson refuses lone surrogates, which no text column holds
        body = orjson.loads(request.body or b"{}")
    except orjson.JSONDecodeError:
        raise PayloadError("The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise PayloadError("The request body must be a JSON object.")
    return body


def publishing(request: HttpRequest, body: dict[str, Any]) -> bool:
    """As Payload: ``?draft=true`` or ``_status: "draft"`` saves a draft; anything else publishes."""
    return not wants_draft(request) and body.get("_status", "published") != "draft"


def find(request: HttpRequest, slug: str) -> dict[str, Any]:
    collection, actor = collection_of(slug), actor_of(request)
    depth = int_param(request, "depth", 2, high=MAX_DEPTH)
    queryset = matching(request, collection, actor)
    try:
        order = sort_order(request.GET.get("sort"), collection.fields, collection.default_sort)
    except QueryError as error:
        raise BadQuery(str(error)) from None
    total = queryset.count()
    limit = int_param(request, "limit", 10)
    paginate = limit > 0 and request.GET.get("pagination", "true").lower() != "false"
    page = int_param(request, "page", 1, low=1) if paginate else 1
    limit = limit if paginate else max(total, 1)
    rows = list(queryset.order_by(*order)[(page - 1) * limit : page * limit])
    draft, select = reads_drafts(request, collection, actor), nested(request.GET, "select")
    docs = [selected(doc, select) for doc in collection.docs(rows, draft=draft, depth=depth)]
    return paginated(docs, total=total, limit=limit, page=page)


def paginated(docs: list[dict[str, Any]], *, total: int, limit: int, page: int) -> dict[str, Any]:
    """Payload's list shape around a page of documents."""
    pages = max(math.ceil(total / limit), 1)
    return {
        "docs": docs,
        "hasNextPage": page < pages,
        "hasPrevPage": page > 1,
        "limit": limit,
        "nextPage": page + 1 if page < pages else None,
        "page": page,
        "pagingCounter": (page - 1) * limit + 1,
        "prevPage": page - 1 if page > 1 else None,
        "totalDocs": total,
        "totalPages": pages,
    }


def one(request: HttpRequest, collection: Collection, actor: Actor, id: str) -> Any:
    key = id if collection.text_ids else row_id(id)
    if key is None:
        raise NotFound
    found = collection.readable(actor, draft=wants_draft(request)).filter(pk=key).first()
    if found is None:
        raise NotFound
    return found


def revisions_of(request: HttpRequest, collection: Collection, actor: Actor) -> QuerySet[Revision]:
    """Revisions of the documents the caller may read (signed-in callers only), newest first."""
    if not collection.has_drafts or actor.is_anonymous:
        raise Forbidden
    readable = collection.scope(actor).annotate(key=Cast("pk", CharField())).values("key")
    revisions = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(readable.model).pk, object_id__in=readable
    )
    parent = nested(request.GET, "where") or {}
    if isinstance(parent, dict) and isinstance(parent.get("parent"), dict) and "equals" in parent["parent"]:
        revisions = revisions.filter(object_id=str(parent["parent"]["equals"]))
    elif parent:
        raise BadQuery("Versions can be filtered by parent only.")
    return revisions.order_by("-created_at", "-id")


def version_doc(collection: Collection, revision: Revision) -> dict[str, Any]:
    document = revision.as_object()
    return {
        "id": revision.pk,
        "parent": int(revision.object_id),
        "version": collection.to_doc(document, False),
        "createdAt": revision.created_at,
        "updatedAt": revision.created_at,
    }


@router.get(
    "/{slug}/versions",
    summary="List versions of a collection's documents",
    response=dict,
    include_in_schema=False,
)
def list_versions(request: HttpRequest, slug: str) -> dict[str, Any]:
    collection = collection_of(slug)
    revisions = revisions_of(request, collection, actor_of(request))
    total, limit = revisions.count(), max(int_param(request, "limit", 10), 1)
    page = int_param(request, "page", 1, low=1)
    rows = revisions[(page - 1) * limit : page * limit]
    return paginated(
        [version_doc(collection, revision) for revision in rows], total=total, limit=limit, page=page
    )


@router.api_operation(
    ["GET", "POST"],
    "/{slug}/versions/{id}",
    summary="Read a version, or restore it (POST)",
    include_in_schema=False,
)
def version_route(request: HttpRequest, slug: str, id: str) -> Any:
    collection, actor = collection_of(slug), actor_of(request)
    revision = revisions_of(request, collection, actor).filter(pk=row_id(id) or 0).first()
    if revision is None:
        raise NotFound
    doc = version_doc(collection, revision)
    if request.method == "GET":
        return doc
    with transaction.atomic():  # a restore is an update with the version's document, under the same rules
        row = one(request, collection, actor, str(doc["parent"]))
        body = {key: value for key, value in doc["version"].items() if key not in READ_ONLY}
        restored = collection.update(row, actor, body, not wants_draft(request))
    return {"doc": collection.to_doc(restored, wants_draft(request)), "message": "Restored successfully."}


@router.get("/{slug}/count", summary="Count documents", response=dict, include_in_schema=False)
def count(request: HttpRequest, slug: str) -> dict[str, int]:
    collection = collection_of(slug)
    return {"totalDocs": matching(request, collection, actor_of(request)).count()}


@router.api_operation(
    ["GET", "POST", "PATCH", "DELETE"],
    "/{slug}",
    summary="Find, create, or change by where",
    include_in_schema=False,
)
@router.api_operation(["GET", "POST", "PATCH", "DELETE"], "/{slug}/", include_in_schema=False)
def collection_route(request: HttpRequest, slug: str) -> Any:
    collection, actor = collection_of(slug), actor_of(request)
    if request.method == "GET":
        return public_answer(request, actor, lambda: find(request, slug))
    if request.method == "POST" and collection.upload and request.content_type == "multipart/form-data":
        with transaction.atomic():
            created = collection.upload(actor, request)
        return json_response(
            {
                "doc": collection.to_doc(created, False),
                "message": f"{collection.singular} successfully created.",
            },
            201,
        )
    if request.method == "POST":
        body = body_of(request)
        with transaction.atomic():
            created = collection.create(actor, body, publishing(request, body))
        doc = collection.to_doc(created, not publishing(request, body))
        return json_response({"doc": doc, "message": f"{collection.singular} successfully created."}, 201)
    return by_where(request, collection, actor)


def by_where(request: HttpRequest, collection: Collection, actor: Actor) -> dict[str, Any]:
    """PATCH or DELETE every document the ``where`` matches, in one transaction."""
    if not request.GET.get("where") and not any(key.startswith("where[") for key in request.GET):
        raise BadQuery("A where query is required to change several documents at once.")
    body = body_of(request) if request.method == "PATCH" else {}
    with transaction.atomic():
        rows = list(matching(request, collection, actor).order_by("pk").select_for_update(of=("self",)))
        docs = []
        for row in rows:
            if request.method == "PATCH":
                docs.append(
                    collection.to_doc(collection.update(row, actor, body, publishing(request, body)), False)
                )
            else:
                docs.append(collection.to_doc(row, False))
                collection.delete(row, actor)
    noun = collection.singular if len(docs) == 1 else collection.plural
    verb = "Updated" if request.method == "PATCH" else "Deleted"
    return {"docs": docs, "errors": [], "message": f"{verb} {len(docs)} {noun} successfully."}


@router.api_operation(
    ["GET", "PATCH", "DELETE"],
    "/{slug}/{id}",
    summary="Read, change or delete by id",
    include_in_schema=False,
)
def document_route(request: HttpRequest, slug: str, id: str) -> Any:
    collection, actor = collection_of(slug), actor_of(request)
    if request.method == "GET":
        depth, draft = (
            int_param(request, "depth", 2, high=MAX_DEPTH),
            reads_drafts(request, collection, actor),
        )
        read = lambda: collection.docs([one(request, collection, actor, id)], draft=draft, depth=depth)[0]  # noqa: E731
        return public_answer(request, actor, read)
    with transaction.atomic():
        row = one(request, collection, actor, id)
        if request.method == "PATCH":
            body = body_of(request)
            changed = collection.update(row, actor, body, publishing(request, body))
            return {
                "doc": collection.to_doc(changed, not publishing(request, body)),
                "message": "Updated successfully.",
            }
        doc = collection.to_doc(row, False)
        collection.delete(row, actor)
    return {"doc": doc, "message": "Deleted successfully."}


def json_response(data: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder), status=status, content_type="application/json"
    )
