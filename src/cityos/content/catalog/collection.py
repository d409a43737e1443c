"""The ``products`` collection over the Payload REST contract (the seed's PayloadModuleService calls it).

Commerce-owned fields (design §4) are written only by commerce's integration key; an editor's write
to them is ignored, as Payload ignores a field its access locks. ``is_from_medusa`` in the query
string grants nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cityos.content.catalog import services
from cityos.content.catalog.models import Category, Product
from cityos.content.catalog.richtext import to_wire
from cityos.content.payload.auth import Actor
from cityos.content.payload.collections import Collection, register, related_docs
from cityos.content.payload.declared import Attr, declare
from cityos.content.payload.errors import Forbidden, ValidationError
from cityos.content.payload.query import TENANT, QueryField, as_date, as_number
from cityos.content.payload.writing import Field, listing, read_body, rich_text, strings, tenant_reference

SEO = {
    "meta_title": "seo_meta_title",
    "meta_description": "seo_meta_description",
    "meta_keywords": "seo_meta_keywords",
}
FIELDS = {
    "id": QueryField("pk", as_number),
    "medusa_id": QueryField("medusa_id"),
    "handle": QueryField("handle"),
    "title": QueryField("title"),
    "subtitle": QueryField("subtitle"),
    "status": QueryField("status"),
    "description": QueryField("description"),
    "tenant": TENANT,
    "tenant.slug": QueryField("tenant__slug"),
    "tenant.name": QueryField("tenant__name"),
    "_status": QueryField("live", lambda raw: raw == "published"),
    "createdAt": QueryField("created_at", as_date),
    "updatedAt": QueryField("updated_at", as_date),
    **{f"seo.{name}": QueryField(column) for name, column in SEO.items()},
    "categories": QueryField("categories"),
}
REQUIRED = ("medusa_id", "title")


WRITABLE = {
    **{name: Field(commerce=True) for name in ("medusa_id", "handle", "title", "subtitle", "status")},
    "options": Field(parse=listing, commerce=True),
    "categories": Field(parse=strings, commerce=True, to="categories"),
    "variants": Field(parse=listing, commerce=True),
    "tenant": Field(parse=tenant_reference, commerce=True),
    "description": Field(parse=rich_text),
    "title_override": Field(),
    "thumbnail": Field(),
    "images": Field(parse=listing),
    "seo": Field(group=SEO),
}


def populate(products: list[Product], depth: int) -> None:
    """The categories of a whole page of products, in one query (published categories only)."""
    keys = {key for product in products for key in product.categories}
    found = (
        related_docs("categories", Q(medusa_id__in=keys), depth, lambda row: row.medusa_id) if keys else {}
    )
    for product in products:
        product.populated_categories = found


def scope(actor: Actor) -> QuerySet[Product]:
    return actor.scoped(Product.objects.select_related("tenant"))


def to_doc(product: Product, draft: bool) -> dict[str, Any]:
    if draft and product.has_unpublished_changes and product.latest_revision:
        tenant = product.tenant
        product = product.latest_revision.as_object()
        product.tenant = tenant if tenant and tenant.pk == product.tenant_id else product.tenant
    return {
        "id": product.pk,
        "medusa_id": product.medusa_id,
        "title": product.title,
        "subtitle": product.subtitle,
        "description": to_wire(product.description),
        "thumbnail": product.thumbnail,
        "images": product.images,
        "seo": {name: getattr(product, column) for name, column in SEO.items()},
        "tenant": product.tenant.slug if product.tenant_id else None,
        "handle": product.handle,
        "status": product.status,
        "title_override": product.title_override,
        "options": product.options,
        "variants": product.variants,
        "categories": [found[key] for key in product.categories if key in found]
        if (found := getattr(product, "populated_categories", None)) is not None
        else product.categories,
        "_status": "published"
        if product.live and not (draft and product.has_unpublished_changes)
        else "draft",
        "updatedAt": product.updated_at,
        "createdAt": product.created_at,
    }


def _writable(actor: Actor, body: Any, *, current: Product | None) -> dict[str, Any]:
    values = read_body("products", body, WRITABLE, actor, required=REQUIRED, partial=current is not None)
    medusa_id = values.get("medusa_id")
    if (
        medusa_id
        and Product.objects.filter(medusa_id=medusa_id).exclude(pk=current.pk if current else None).exists()
    ):
        raise ValidationError("products", [{"path": "medusa_id", "message": "Value must be unique"}])
    return values


def create(actor: Actor, body: dict[str, Any], publish: bool) -> Product:
    if not actor.is_integration:  # products are born in commerce
        raise Forbidden
    return services.create_product(
        values=_writable(actor, body, current=None), user=actor.user, publish=publish
    )


def update(product: Product, actor: Actor, body: dict[str, Any], publish: bool) -> Product:
    if actor.is_anonymous:
        raise Forbidden
    values = _writable(actor, body, current=product)
    return services.update_product(
        product, values, user=actor.user, publish=publish, keep_drafts=actor.is_integration
    )


def delete(product: Product, actor: Actor) -> None:
    if not actor.is_integration:  # so is their end
        raise Forbidden
    services.delete_product(product)


PRODUCTS = register(
    Collection(
        slug="products", singular="Product", plural="Products", fields=FIELDS, scope=scope, to_doc=to_doc,
        create=create, update=update, delete=delete, writable=WRITABLE, populate=populate,
        aliases={"slug": "handle"},  # seed 002's ``?slug=tshirt``: a product's slug is its handle
    )
)  # fmt: skip


CATEGORIES = declare(
    slug="categories", singular="Category", plural="Categories", model=Category, drafts=True,
    born_in_commerce=True, unique=("medusa_id",), groups={"seo": SEO},
    attrs={
        "medusa_id": Attr("medusa_id", required=True, commerce=True),
        "handle": Attr("handle", commerce=True),
        "name": Attr("name", required=True, commerce=True),
        "parent": Attr("parent_medusa_id", "relation", commerce=True, to="categories"),
        "rank": Attr("rank", "int", commerce=True),
        "is_active": Attr("is_active", "bool", commerce=True),
        "is_internal": Attr("is_internal", "bool", commerce=True),
        "description": Attr("description", "rich"),
        "image": Attr("image", "image"),
    },
)  # fmt: skip
