"""The ``pages`` collection: Payload blocks (``blockType``) on the wire, a Wagtail StreamField inside.

Images in blocks are populated as media documents at ``depth`` ≥ 1, for a whole page list in two
queries (images, then their renditions), and product grids get their products in one more, so a
list costs the same whatever its length.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet

from cityos.content.catalog.richtext import to_storage, to_wire
from cityos.content.library.collection import to_doc as media_doc
from cityos.content.library.models import MediaImage
from cityos.content.pages import services
from cityos.content.pages.blocks import LayoutBlock
from cityos.content.pages.models import ContentPage
from cityos.content.payload.auth import Actor
from cityos.content.payload.collections import Collection, register, related_docs
from cityos.content.payload.errors import Forbidden, ValidationError
from cityos.content.payload.query import TENANT, QueryField, as_date, as_number
from cityos.content.payload.writing import Field, Invalid, read_body, tenant_reference

SEO = {"meta_title": "seo_meta_title", "meta_description": "seo_meta_description"}
FIELDS = {
    "id": QueryField("pk", as_number),
    "slug": QueryField("slug"),
    "title": QueryField("title"),
    "tenant": TENANT,
    "_status": QueryField("live", lambda raw: raw == "published"),
    "createdAt": QueryField("created_at", as_date),
    "updatedAt": QueryField("updated_at", as_date),
}
LAYOUT = LayoutBlock()


def _items(raw: Any) -> list[Any]:
    """A ListBlock's raw items, as ``[{type: "item", value}]`` or plain values."""
    return [item["value"] if isinstance(item, dict) and "value" in item else item for item in raw or []]


def block_to_wire(block: dict[str, Any], images: dict[int, Any]) -> dict[str, Any]:
    kind, value = block["type"], block["value"]
    head = {"id": block.get("id"), "blockType": kind}
    match kind:
        case "rich_text":
            return {**head, "content": to_wire(value)}
        case "faq":
            items = [{**item, "answer": to_wire(item.get("answer"))} for item in _items(value)]
            return {**head, "items": items}
        case "gallery":
            return {**head, "images": [images.get(image_id, image_id) for image_id in _items(value)]}
        case "hero":
            return {**head, **value, "image": images.get(value.get("image"), value.get("image"))}
        case "product_grid":
            return {**head, **value, "handles": _items(value.get("handles"))}
    return {**head, **value}


def block_from_wire(block: Any) -> dict[str, Any]:
    if not isinstance(block, dict) or "blockType" not in block:
        raise Invalid("Each block needs a blockType.")
    fields = {key: value for key, value in block.items() if key not in ("blockType", "id", "blockName")}
    kind = block["blockType"]
    match kind:
        case "rich_text":
            value: Any = to_storage(fields.get("content"))
        case "faq":
            value = [{**item, "answer": to_storage(item.get("answer"))} for item in fields.get("items", [])]
        case "gallery":
            value = [
                image.get("id") if isinstance(image, dict) else image for image in fields.get("images", [])
            ]
        case "hero":
            image = fields.get("image")
            value = {**fields, "image": image.get("id") if isinstance(image, dict) else image}
        case _:
            value = fields
    return {"type": kind, "value": value, **({"id": block["id"]} if block.get("id") else {})}


def layout(value: Any) -> Any:
    """Payload blocks to a StreamField value, validated by the blocks themselves."""
    if not isinstance(value, list):
        raise Invalid("This field must be a list of blocks.")
    try:
        raw = [block_from_wire(block) for block in value]
        if unknown := [block["type"] for block in raw if block["type"] not in LAYOUT.child_blocks]:
            raise Invalid(f"Unknown blockType: {', '.join(unknown)}")
        LAYOUT.clean(LAYOUT.to_python(raw))
    except Invalid:
        raise
    except DjangoValidationError as error:
        raise Invalid("; ".join(error.messages) or "A block is invalid.") from None
    except (TypeError, ValueError, AttributeError):
        raise Invalid("A block has a value of the wrong shape.") from None
    return raw


WRITABLE = {
    "tenant": Field(parse=tenant_reference),
    "slug": Field(),
    "title": Field(),
    "layout": Field(parse=layout),
    "seo": Field(group=SEO),
}


def with_products(
    block: dict[str, Any], page: ContentPage, products: dict[Any, Any] | None
) -> dict[str, Any]:
    """A product grid read with ``depth`` ≥ 1 carries its published products, in the grid's order."""
    if block["blockType"] != "product_grid" or not products:
        return block
    found = [products[key] for handle in block["handles"] if (key := (page.tenant_id, handle)) in products]
    return {**block, "products": found}


def scope(actor: Actor) -> QuerySet[ContentPage]:
    return actor.scoped(ContentPage.objects.select_related("tenant"))


def populate(pages: list[ContentPage], depth: int) -> None:
    """Media documents for every image the pages' blocks name, in two queries for the whole list, and
    the published products their product grids name (by handle, in the page's tenant), in one more."""
    ids: set[int] = set()
    grids: set[tuple[int, str]] = set()
    for page in pages:
        for block in page.layout.raw_data:
            if block["type"] == "hero" and block["value"].get("image"):
                ids.add(block["value"]["image"])
            elif block["type"] == "gallery":
                ids.update(_items(block["value"]))
            elif block["type"] == "product_grid":
                grids.update((page.tenant_id, handle) for handle in _items(block["value"].get("handles")))
    if grids and depth > 0:
        condition = Q(
            tenant_id__in={tenant for tenant, _ in grids}, handle__in={handle for _, handle in grids}
        )
        products = related_docs("products", condition, depth, lambda row: (row.tenant_id, row.handle))
    else:
        products = {}
    found = (
        {
            image.pk: media_doc(image, False)
            for image in MediaImage.objects.filter(pk__in=ids).prefetch_related("renditions")
        }
        if ids and depth > 0
        else {}
    )
    for page in pages:
        page.populated_images = found
        page.populated_products = products


def to_doc(page: ContentPage, draft: bool) -> dict[str, Any]:
    if draft and page.has_unpublished_changes and page.latest_revision:
        page = page.latest_revision.as_object()
    images = getattr(page, "populated_images", {})
    products = getattr(page, "populated_products", None)
    return {
        "id": page.pk,
        "title": page.title,
        "slug": page.slug,
        "tenant": page.tenant.slug,
        "layout": [
            with_products(block_to_wire(block, images), page, products) for block in page.layout.raw_data
        ],
        "seo": {name: getattr(page, column) for name, column in SEO.items()},
        "_status": "published" if page.live and not (draft and page.has_unpublished_changes) else "draft",
        "createdAt": page.created_at,
        "updatedAt": page.updated_at,
    }


def _values(actor: Actor, body: Any, current: ContentPage | None) -> dict[str, Any]:
    values = read_body(
        "pages", body, WRITABLE, actor, required=("tenant", "slug", "title"), partial=current is not None
    )
    tenant = values.get("tenant") or (current.tenant if current else None)
    if not actor.edits(tenant.pk if tenant else None):
        raise Forbidden
    slug = values.get("slug")
    if (
        slug
        and ContentPage.objects.filter(tenant=tenant, slug=slug)
        .exclude(pk=getattr(current, "pk", None))
        .exists()
    ):
        raise ValidationError("pages", [{"path": "slug", "message": "Value must be unique"}])
    return values


def create(actor: Actor, body: dict[str, Any], publish: bool) -> ContentPage:
    return services.create_page(values=_values(actor, body, None), user=actor.user, publish=publish)


def update(page: ContentPage, actor: Actor, body: dict[str, Any], publish: bool) -> ContentPage:
    return services.update_page(page, _values(actor, body, page), user=actor.user, publish=publish)


def delete(page: ContentPage, actor: Actor) -> None:
    if not actor.edits(page.tenant_id):
        raise Forbidden
    services.delete_page(page)


PAGES = register(
    Collection(
        slug="pages", singular="Page", plural="Pages", fields=FIELDS, scope=scope, to_doc=to_doc,
        create=create, update=update, delete=delete, writable=WRITABLE, populate=populate,
    )
)  # fmt: skip
