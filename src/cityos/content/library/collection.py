"""The upload collections: ``media`` (images; docs with each named size's URL) and ``documents`` (PDF,
text, CSV), both ``POST`` multipart, the type read from the bytes."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from cityos.content.library import services
from cityos.content.library.models import SIZES, MediaDocument, MediaImage
from cityos.content.payload.auth import Actor
from cityos.content.payload.collections import Collection, register
from cityos.content.payload.errors import Forbidden, ValidationError
from cityos.content.payload.query import TENANT, QueryField, as_date, as_number
from cityos.content.payload.writing import Field, Invalid, present, read_body, text
from cityos.content.tenants.models import Tenant

FIELDS = {
    "id": QueryField("pk", as_number),
    "alt": QueryField("alt"),
    "filename": QueryField("file"),
    "mimeType": QueryField("mime_type"),
    "tenant": TENANT,
    "createdAt": QueryField("created_at", as_date),
}
WRITABLE = {"alt": Field(parse=present(text))}


def scope(actor: Actor) -> QuerySet[MediaImage]:
    return MediaImage.objects.select_related("tenant").prefetch_related("renditions")


def to_doc(image: MediaImage, draft: bool) -> dict[str, Any]:
    renditions = {name: image.get_rendition(spec) for name, spec in SIZES.items()}
    sizes = {
        name: {"url": r.url, "width": r.width, "height": r.height, "mimeType": image.mime_type,
               "filename": r.file.name.rsplit("/", 1)[-1]}
        for name, r in renditions.items()
    }  # fmt: skip
    return {
        "id": image.pk,
        "alt": image.alt,
        "filename": image.file.name.rsplit("/", 1)[-1],
        "mimeType": image.mime_type,
        "filesize": image.file_size,
        "width": image.width,
        "height": image.height,
        "focalX": image.focal_point_x,
        "focalY": image.focal_point_y,
        "url": image.file.url,
        "thumbnailURL": sizes["thumbnail"]["url"],
        "sizes": sizes,
        "tenant": image.tenant.slug if image.tenant_id else None,
        "createdAt": image.created_at,
        "updatedAt": image.created_at,
    }


def _may_write(actor: Actor, tenant: Tenant | None) -> bool:
    return actor.sees_everything or actor.edits(tenant.pk if tenant else None)


def uploaded(actor: Actor, request: HttpRequest, slug: str) -> tuple[dict[str, Any], Tenant | None, Any]:
    """Payload clients send the file as ``file`` and the other fields as form fields or JSON ``_payload``;
    who may write is decided before the file is looked at."""
    fields: dict[str, Any] = dict(request.POST.items())
    if "_payload" in fields:
        try:
            fields.update(json.loads(fields.pop("_payload")))
        except (json.JSONDecodeError, TypeError):
            raise ValidationError(slug, [{"path": "_payload", "message": "Not valid JSON."}]) from None
    tenant = Tenant.objects.filter(slug=fields.get("tenant")).first() if fields.get("tenant") else None
    if fields.get("tenant") and tenant is None:
        raise ValidationError(
            slug, [{"path": "tenant", "message": "This relationship field has an invalid value."}]
        )
    if not _may_write(actor, tenant):
        raise Forbidden
    file = request.FILES.get("file")
    if file is None:
        raise ValidationError(slug, [{"path": "file", "message": "No file was uploaded."}])
    return fields, tenant, file


def upload(actor: Actor, request: HttpRequest) -> MediaImage:
    fields, tenant, file = uploaded(actor, request, "media")
    try:
        return services.upload_image(file, alt=str(fields.get("alt", "")), tenant=tenant, user=actor.user)
    except Invalid as error:
        raise ValidationError("media", [{"path": "file", "message": str(error)}]) from None


def writers(slug: str, writable: dict[str, Field]) -> dict[str, Any]:
    """Create (refused: files arrive as multipart uploads), update and delete of an upload collection."""

    def create(actor: Actor, body: dict[str, Any], publish: bool) -> Any:
        raise ValidationError(slug, [{"path": "file", "message": "Upload files as multipart/form-data."}])

    def update(row: Any, actor: Actor, body: dict[str, Any], publish: bool) -> Any:
        if not _may_write(actor, row.tenant):
            raise Forbidden
        return services.update_file(row, read_body(slug, body, writable, actor))

    def delete(row: Any, actor: Actor) -> None:
        if not _may_write(actor, row.tenant):
            raise Forbidden
        services.delete_file(row)

    return {"create": create, "update": update, "delete": delete, "writable": writable}


MEDIA = register(
    Collection(
        slug="media", singular="Media", plural="Media", fields=FIELDS, scope=scope, to_doc=to_doc,
        **writers("media", WRITABLE), upload=upload, has_drafts=False,
    )
)  # fmt: skip


DOCUMENT_FIELDS = {
    "id": QueryField("pk", as_number),
    "title": QueryField("title"),
    "filename": QueryField("file"),
    "mimeType": QueryField("mime_type"),
    "tenant": TENANT,
    "createdAt": QueryField("created_at", as_date),
}
DOCUMENT_WRITABLE = {"title": Field(parse=present(text))}


def document_doc(document: MediaDocument, draft: bool) -> dict[str, Any]:
    return {
        "id": document.pk,
        "title": document.title,
        "filename": document.filename,
        "mimeType": document.mime_type,
        "filesize": document.get_file_size(),
        "url": document.url,
        "tenant": document.tenant.slug if document.tenant_id else None,
        "createdAt": document.created_at,
        "updatedAt": document.created_at,
    }


def upload_document(actor: Actor, request: HttpRequest) -> MediaDocument:
    fields, tenant, file = uploaded(actor, request, "documents")
    try:
        return services.upload_document(
            file, title=str(fields.get("title", "")), tenant=tenant, user=actor.user
        )
    except Invalid as error:
        raise ValidationError("documents", [{"path": "file", "message": str(error)}]) from None


DOCUMENTS = register(
    Collection(
        slug="documents", singular="Document", plural="Documents", fields=DOCUMENT_FIELDS,
        scope=lambda actor: MediaDocument.objects.select_related("tenant"), to_doc=document_doc,
        **writers("documents", DOCUMENT_WRITABLE),
        upload=upload_document, has_drafts=False,
    )
)  # fmt: skip
