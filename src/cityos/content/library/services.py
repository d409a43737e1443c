"""Uploads: the type is read from the bytes, not the name; size and pixel limits refuse bombs early.

Events (``media.uploaded`` and so on) come from ``announcements``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from cityos.content.library.models import SIZES, MediaDocument, MediaImage
from cityos.content.payload.writing import Invalid
from cityos.content.tenants.models import Tenant
from cityos.content.users.models import User

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
    "application/pdf": "pdf", "text/plain": "txt", "text/csv": "csv",
}  # fmt: skip


def stored_name(client_name: str | None, mime_type: str, fallback: str) -> str:
    """The name a file is stored (and so served) under: the client's stem, made safe, and the extension
    of the type read from its bytes, so ``poly.html`` holding a PNG is stored and served as a PNG."""
    stem = (client_name or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    try:
        stem = get_valid_filename(stem)[:80]
    except SuspiciousFileOperation:  # a name that reduces to nothing or to dots
        stem = fallback
    return f"{stem}.{EXTENSIONS[mime_type]}"


def sniff(upload: UploadedFile) -> str:
    """The image's MIME type from its content; too large, too many pixels or not an image: Invalid."""
    if upload.size is None or upload.size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
        raise Invalid(f"The file is larger than {settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE // 1_000_000} MB.")
    try:
        with PILImage.open(upload) as image:  # reads the header only: the pixels are not decoded
            kind, (width, height) = image.format, image.size
            if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
                raise Invalid(f"The image has more than {settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS} pixels.")
            image.verify()
    except (UnidentifiedImageError, PILImage.DecompressionBombError, OSError, SyntaxError):
        raise Invalid("The file is not an image cityos accepts (JPEG, PNG, GIF or WebP).") from None
    finally:
        upload.seek(0)
    if kind not in FORMATS:
        raise Invalid("The file is not an image cityos accepts (JPEG, PNG, GIF or WebP).")
    return FORMATS[kind]


@transaction.atomic
def upload_image(upload: UploadedFile, *, alt: str, tenant: Tenant | None, user: User | None) -> MediaImage:
    mime_type = sniff(upload)
    image = MediaImage(
        title=alt or upload.name or "image",
        alt=alt,
        tenant=tenant,
        uploaded_by_user=user,
        mime_type=mime_type,
    )
    image.file = ImageFile(upload, name=stored_name(upload.name, mime_type, "image"))
    image.save()
    image.get_renditions(*SIZES.values())
    return image


@transaction.atomic
def update_file(file: MediaImage | MediaDocument, values: dict[str, object]) -> MediaImage | MediaDocument:
    """An image's or document's own fields (alt text, title); the file itself is not replaced."""
    for name, value in values.items():
        setattr(file, name, value)
    file.save()
    return file


@transaction.atomic
def delete_file(file: MediaImage | MediaDocument) -> None:
    file.delete()


def sniff_document(upload: UploadedFile) -> str:
    """A document's MIME type from its first bytes: PDF, or UTF-8 text (CSV by its name); else Invalid."""
    if upload.size is None or upload.size > settings.CITYOS_MAX_DOCUMENT_SIZE:
        raise Invalid(f"The file is larger than {settings.CITYOS_MAX_DOCUMENT_SIZE // 1_000_000} MB.")
    if upload.size == 0:
        raise Invalid("The file is empty.")
    head = upload.read(4096)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    try:
        head.decode("utf-8")  # a cut multi-byte character at the end would fail: allow for it
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            raise Invalid("The file is not a document cityos accepts (PDF, text or CSV).") from None
    if b"\x00" in head:
        raise Invalid("The file is not a document cityos accepts (PDF, text or CSV).")
    return "text/csv" if (upload.name or "").lower().endswith(".csv") else "text/plain"


@transaction.atomic
def upload_document(
    upload: UploadedFile, *, title: str, tenant: Tenant | None, user: User | None
) -> MediaDocument:
    mime_type = sniff_document(upload)
    document = MediaDocument(
        title=title or upload.name or "document", tenant=tenant, uploaded_by_user=user, mime_type=mime_type
    )
    document.file = File(upload, name=stored_name(upload.name, mime_type, "document"))
    document.save()
    return document
