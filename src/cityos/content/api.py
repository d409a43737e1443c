"""The content HTTP API (Payload 3's ``/api/*`` REST contract) and its OpenAPI docs at ``/api-docs``."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

import cityos
from cityos.content.payload.errors import PayloadError
from cityos.content.payload.views import json_response
from cityos.platform.refusals import REFUSED, refusal_of


class ContentAPI(NinjaAPI):
    """The schema names every collection's routes (``payload/openapi.py``), not the generic ``/{slug}``."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        from cityos.content.payload.openapi import with_collections

        return with_collections(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = ContentAPI(
    title="cityos content",
    version=cityos.__version__,
    description="Payload 3 compatible REST API.",
    docs_url="/api-docs",
    openapi_url="/api/openapi.json",
    urls_namespace="content-api",
)


@api.exception_handler(PayloadError)
def on_payload_error(request: HttpRequest, error: PayloadError) -> HttpResponse:
    return json_response(error.body(), error.status)


def on_refused(request: HttpRequest, error: Exception) -> HttpResponse:
    """What only the database refuses, in Payload's shape (a ``ValidationError`` for bad values)."""
    refusal = refusal_of(error)
    name = {"conflict": "APIError", "too_large": "APIError"}.get(refusal.kind, "ValidationError")
    return json_response({"errors": [{"name": name, "message": refusal.message}]}, refusal.status)


for refused in REFUSED:
    api.add_exception_handler(refused, on_refused)


def register_routes() -> None:
    import cityos.content.catalog.collection
    import cityos.content.editorial.collections
    import cityos.content.editorial.forms
    import cityos.content.library.collection
    import cityos.content.pages.collection
    import cityos.content.payload.users_collection
    import cityos.content.payload.webhook_collection
    import cityos.content.tenants.collection  # noqa: F401  (these register their collections)
    from cityos.content.payload.globals import router as globals_router
    from cityos.content.payload.public import router as public
    from cityos.content.payload.sync_routes import router as sync
    from cityos.content.payload.users import router as users
    from cityos.content.payload.views import router
    from cityos.content.payload.webhooks import router as commerce_webhooks

    api.add_router("/api", users)  # before the collection routes, which would take /users/me as an id
    api.add_router("/api", public)
    api.add_router("/api", globals_router)  # before /{slug}/{id}, which would take globals/x as a document
    api.add_router("/api", commerce_webhooks)
    api.add_router("/api", sync)
    api.add_router("/api", router)


register_routes()
