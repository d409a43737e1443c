"""Serving user uploads so that no uploaded byte runs as a page on a service's origin.

Every answer carries ``nosniff`` and a sandboxing CSP; only the raster image types the upload check
accepts are shown inline, anything else is a download. ``CITYOS_MEDIA_URL`` moves the links to a
separate origin (a CDN or a cookieless host) without changing where the files are stored.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.static import serve

INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
UPLOAD_POLICY = "default-src 'none'; sandbox"


def serve_upload(request: HttpRequest, path: str) -> HttpResponse:
    """A stored upload under ``MEDIA_ROOT``, or 404; the content type comes from the stored name, which
    the upload services derive from the bytes."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    content_type = response.headers.get("Content-Type", "").split(";", 1)[0].strip()
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = UPLOAD_POLICY
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    if content_type not in INLINE_TYPES:
        response.headers["Content-Type"] = "application/octet-stream"
        response.headers["Content-Disposition"] = "attachment"
    return response
