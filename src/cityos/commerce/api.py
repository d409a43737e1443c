"""The commerce HTTP API (Medusa v2's ``/store``, ``/admin`` and ``/auth`` routes) and its OpenAPI docs."""

from ninja import NinjaAPI

import cityos

api = NinjaAPI(
    title="cityos commerce",
    version=cityos.__version__,
    description="Medusa v2 compatible Store, Admin and Auth API.",
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="commerce-api",
)
