"""Media: Wagtail images with a tenant and alt text, and the named sizes the API answers with."""

from __future__ import annotations

from django.db import models
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from cityos.content.tenants.models import Tenant

# Payload's ``imageSizes``, as Wagtail filter specs.
SIZES = {"thumbnail": "fill-300x300", "card": "fill-640x480", "hero": "width-1600", "og": "fill-1200x630"}


class MediaImage(AbstractImage):
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, null=True, blank=True, related_name="images")
    alt = models.CharField(max_length=500, blank=True, default="")
    mime_type = models.CharField(max_length=50, blank=True, default="", editable=False)

    admin_form_fields = (*Image.admin_form_fields, "tenant", "alt")

    class Meta(AbstractImage.Meta):
        db_table = "content_media_image"


class MediaRendition(AbstractRendition):
    image = models.ForeignKey(MediaImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        db_table = "content_media_rendition"
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class MediaDocument(AbstractDocument):
    """A file that is not an image (PDF, plain text, CSV): Wagtail's document, with its tenant."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    mime_type = models.CharField(max_length=50, blank=True, default="", editable=False)

    admin_form_fields = (*Document.admin_form_fields, "tenant")

    class Meta(AbstractDocument.Meta):
        db_table = "content_media_document"
