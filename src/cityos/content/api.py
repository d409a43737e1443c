"""The content HTTP API (Payload 3's ``/api/*`` REST contract) and its OpenAPI docs at ``/api-docs``."""

from ninja import NinjaAPI

import cityos

api = NinjaAPI(
    title="cityos content",
    version=cityos.__version__,
    description="Payload 3 compatible REST API.",
    docs_url="/api-docs",
    openapi_url="/api/openapi.json",
    urls_namespace="content-api",
)
