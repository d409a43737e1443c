"""Admin API plumbing: authenticated routers, tenant-scoped lookups, strict bodies and CRUD routes.

Every Admin route acts in ``request.auth.tenant``; a row of another tenant is simply not found.
Plain records (collections, tags, regions, …) get their five routes from one ``Resource``.
"""

# No ``from __future__ import annotations``: ninja reads the body schema from the live annotations
# of the functions ``crud`` builds.

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Self, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator

from cityos.commerce.auth import AdminContext, admin_context
from cityos.commerce.errors import invalid, not_found
from cityos.commerce.money import currency_code
from cityos.commerce.openapi import answers, component, deletion, listing
from cityos.commerce.params import int_param, query_values, refuse_unknown
from cityos.commerce.selection import parse_fields
from cityos.commerce.shapes import Shape, render, shape_schema
from cityos.commerce.tenants.models import Tenant

Record = TypeVar("Record", bound=models.Model)
T = TypeVar("T")
MAX_LIMIT = 1000
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


# An amount as the database stores it (``pricing.models.AMOUNT``): wider values answer 400, not 500.
Amount = Annotated[Decimal, Field(ge=0, max_digits=24, decimal_places=6)]


def _not_null(value: Any) -> Any:
    if value is None:
        raise ValueError("must not be null; leave the field out instead")
    return value


# A field a body may leave out but not send as null (Medusa's ``.optional()``, unlike ``.nullish()``).
Omittable = Annotated[T | None, BeforeValidator(_not_null)]

# A currency as a body names it: ISO 4217, any case, stored lower case.
CurrencyCode = Annotated[str, AfterValidator(currency_code)]


class Strict(Schema):
    """A request body that refuses unknown keys, as Medusa's validators do, and integers no database
    column holds (the narrower columns are refused by ``platform.refusals``)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _integers_fit(self) -> Self:
        for name, value in self.__dict__.items():
            if type(value) is int and not INT64_MIN <= value <= INT64_MAX:
                raise ValueError(f"{name} must be between {INT64_MIN} and {INT64_MAX}")
        return self


class IdRef(Strict):
    id: str


def admin_router(tag: str) -> Router:
    return Router(auth=admin_context, tags=[tag])


def acting(request: HttpRequest) -> AdminContext:
    context = request.auth  # type: ignore[attr-defined]
    assert isinstance(context, AdminContext)
    return context


def fetch(queryset: QuerySet[Record], id: str, label: str) -> Record:
    record = queryset.filter(pk=id).first()
    if record is None:
        raise not_found(label, id)
    return record


def changes(body: Schema) -> dict[str, Any]:
    """The fields a body actually sent: an update leaves the others as they are."""
    return body.model_dump(exclude_unset=True)


def page_params(request: HttpRequest) -> tuple[int, int]:
    return min(int_param(request, "limit", 50), MAX_LIMIT), int_param(request, "offset", 0)


def ordered(queryset: QuerySet[Record], request: HttpRequest, orderable: set[str]) -> QuerySet[Record]:
    order = request.GET.get("order") or "created_at"
    if order.lstrip("-") not in orderable:
        raise invalid(f"Invalid request: cannot order by {order.lstrip('-')}")
    return queryset.order_by(order, "pk")


def deleted(id: str, object: str, **extra: Any) -> dict[str, Any]:
    return {"id": id, "object": object, "deleted": True, **extra}


@dataclass(frozen=True, kw_only=True)
class Resource:
    """A plain tenant-owned record and how the Admin API lists, shows and changes it."""

    path: str
    singular: str
    plural: str
    label: str
    shape: Shape
    scope: Callable[[Tenant], QuerySet[Any]]
    create_schema: type[Strict]
    update_schema: type[Strict]
    create: Callable[[Tenant, dict[str, Any]], Any] | None = None  # None: the module routes creation itself
    update: Callable[[Any, dict[str, Any]], Any]
    delete: Callable[[Any], None]
    defaults: tuple[str, ...] = ("*",)
    filters: Mapping[str, str] = field(default_factory=dict)
    search: tuple[str, ...] = ()
    orderable: frozenset[str] = frozenset({"id", "created_at", "updated_at"})
    operations: frozenset[str] = frozenset({"list", "create", "retrieve", "update", "delete"})

    def list(self, request: HttpRequest) -> dict[str, Any]:
        refuse_unknown(request, set(self.filters))
        queryset = self.scope(acting(request).tenant)
        for name, lookup in self.filters.items():
            if values := query_values(request, name):
                queryset = queryset.filter(**{lookup: values})
        if (query := request.GET.get("q", "").strip()) and self.search:
            condition = Q()
            for name in self.search:
                condition |= Q(**{f"{name}__icontains": query})
            queryset = queryset.filter(condition)
        limit, offset = page_params(request)
        selection = parse_fields(request.GET.get("fields"), list(self.defaults))
        rows = ordered(queryset, request, set(self.orderable))[offset : offset + limit]
        return {
            self.plural: [render(row, selection, self.shape) for row in rows],
            "count": queryset.count(),
            "offset": offset,
            "limit": limit,
        }

    def get(self, request: HttpRequest, id: str) -> Any:
        return fetch(self.scope(acting(request).tenant), id, self.label)

    def one(self, request: HttpRequest, record: Any) -> dict[str, Any]:
        """The record as answered, re-read so relations written by the service show."""
        fresh = self.get(request, record.pk)
        selection = parse_fields(request.GET.get("fields"), list(self.defaults))
        return {self.singular: render(fresh, selection, self.shape)}


def crud(router: Router, resource: Resource) -> None:
    """Medusa's five routes for a record: list, create, retrieve, update (POST) and delete."""
    name, path = resource.singular, resource.path
    create_schema, update_schema = resource.create_schema, resource.update_schema
    shown = component("Admin" + name.title().replace("_", ""), lambda: shape_schema(resource.shape))
    one = answers(**{name: shown})

    def list_records(request: HttpRequest) -> dict[str, Any]:
        return resource.list(request)

    def create_record(request: HttpRequest, body: create_schema) -> dict[str, Any]:  # type: ignore[valid-type]
        assert resource.create is not None
        refuse_unknown(request, paged=False)
        return resource.one(request, resource.create(acting(request).tenant, changes(body)))

    def retrieve_record(request: HttpRequest, id: str) -> dict[str, Any]:
        refuse_unknown(request, paged=False)
        return resource.one(request, resource.get(request, id))

    def update_record(request: HttpRequest, id: str, body: update_schema) -> dict[str, Any]:  # type: ignore[valid-type]
        refuse_unknown(request, paged=False)
        return resource.one(request, resource.update(resource.get(request, id), changes(body)))

    def delete_record(request: HttpRequest, id: str) -> dict[str, Any]:
        refuse_unknown(request, paged=False)
        resource.delete(resource.get(request, id))
        return deleted(id, name)

    routes = {
        "list": (router.get, path, f"List {resource.plural}", list_records, listing(resource.plural, shown)),
        "create": (router.post, path, f"Create a {name}", create_record, one),
        "retrieve": (router.get, f"{path}/{{id}}", f"Retrieve a {name}", retrieve_record, one),
        "update": (router.post, f"{path}/{{id}}", f"Update a {name}", update_record, one),
        "delete": (router.delete, f"{path}/{{id}}", f"Delete a {name}", delete_record, deletion()),
    }
    for operation in sorted(resource.operations):
        method, route, summary, view, answer = routes[operation]
        operation_id = f"admin_{operation}_{name}"
        method(route, summary=summary, operation_id=operation_id, response=dict, openapi_extra=answer)(view)
