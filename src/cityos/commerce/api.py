"""The commerce HTTP API (Medusa v2's ``/store``, ``/admin`` and ``/auth`` routes) and its OpenAPI docs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

import cityos
from cityos.commerce.errors import ErrorType, MedusaError
from cityos.commerce.openapi import with_components
from cityos.commerce.wire import MedusaParser, MedusaRenderer
from cityos.platform.refusals import REFUSED, refusal_of


class CommerceAPI(NinjaAPI):
    """The spec's answers are the components the routes declare (``commerce/openapi.py``)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        return with_components(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = CommerceAPI(
    title="cityos commerce",
    version=cityos.__version__,
    description="Medusa v2 compatible Store, Admin and Auth API.",
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="commerce-api",
    renderer=MedusaRenderer(),
    parser=MedusaParser(),
)
REFUSAL_TYPES = {
    "invalid": ErrorType.INVALID_DATA, "duplicate": ErrorType.DUPLICATE_ERROR,
    "conflict": ErrorType.CONFLICT, "too_large": ErrorType.INVALID_DATA,
}  # fmt: skip


def error_response(request: HttpRequest, error: MedusaError) -> HttpResponse:
    return api.create_response(request, error.body(), status=error.status)


@api.exception_handler(MedusaError)
def on_medusa_error(request: HttpRequest, exc: MedusaError) -> HttpResponse:
    return error_response(request, exc)


def on_refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    refusal = refusal_of(exc)
    body = MedusaError(REFUSAL_TYPES[refusal.kind], refusal.message).body()
    return api.create_response(request, body, status=refusal.status)


for refused in REFUSED:
    api.add_exception_handler(refused, on_refused)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error_response(request, MedusaError(ErrorType.INVALID_DATA, describe_validation(exc.errors)))


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, MedusaError(ErrorType.UNAUTHORIZED, "Unauthorized"))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    kind = {404: ErrorType.NOT_FOUND, 401: ErrorType.UNAUTHORIZED, 403: ErrorType.FORBIDDEN}
    return error_response(request, MedusaError(kind.get(exc.status_code, ErrorType.INVALID_DATA), str(exc)))


def describe_validation(errors: list[dict[str, Any]]) -> str:
    """Medusa's wording: unknown keys are ``Unrecognized fields: 'a', 'b'``; others name field and problem."""
    unknown = [str(e["loc"][-1]) for e in errors if e.get("type") == "extra_forbidden"]
    if unknown:
        return "Unrecognized fields: " + ", ".join(f"'{name}'" for name in unknown)
    parts = []
    for error in errors:
        location = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "payload", "path")]
        parts.append(f"{'.'.join(location) or 'body'}: {error.get('msg', 'is invalid')}")
    return "Invalid request: " + "; ".join(parts)


def register_routes() -> None:
    from cityos.commerce.auth import router as auth_router
    from cityos.commerce.carts.store import router as store_carts
    from cityos.commerce.catalog.admin_api import router as admin_catalog
    from cityos.commerce.catalog.store import router as store_products
    from cityos.commerce.catalog.store_taxonomy import router as store_taxonomy
    from cityos.commerce.checkout.hooks import router as payment_hooks
    from cityos.commerce.checkout.store import router as store_checkout
    from cityos.commerce.customers.admin_api import router as admin_customers
    from cityos.commerce.customers.store import auth_router as customer_auth
    from cityos.commerce.customers.store import router as store_customers
    from cityos.commerce.fulfillment.admin_api import router as admin_shipping
    from cityos.commerce.inventory.admin_api import router as admin_inventory
    from cityos.commerce.orders.admin_api import router as admin_orders
    from cityos.commerce.orders.store import router as store_orders
    from cityos.commerce.pricing.admin_api import router as admin_pricing
    from cityos.commerce.promotions.admin_api import router as admin_promotions
    from cityos.commerce.regions.admin_api import router as admin_regions
    from cityos.commerce.regions.store import router as store_regions
    from cityos.commerce.sync_routes import router as sync_routes
    from cityos.commerce.tenants.admin_api import router as admin_tenants
    from cityos.commerce.tenants.admin_api import tenant_router as admin_tenant_list
    from cityos.commerce.webhook_routes import router as webhook_routes
    from cityos.commerce.webhooks import router as content_webhooks

    api.add_router("/auth", auth_router)
    api.add_router("/auth", customer_auth)
    # URL patterns are tried in order: the catalog, read most, first.
    for store_router in (store_products, store_regions, store_taxonomy):
        api.add_router("/store", store_router)
    for store_router in (store_carts, store_checkout, store_customers, store_orders):
        api.add_router("/store", store_router)
    api.add_router("/hooks", payment_hooks)
    api.add_router("/admin", admin_tenant_list)
    api.add_router("/admin", content_webhooks)
    api.add_router("/admin", sync_routes)
    api.add_router("/admin", webhook_routes)
    admin_routers = (
        admin_catalog, admin_regions, admin_pricing, admin_inventory, admin_tenants,
        admin_customers, admin_shipping, admin_orders, admin_promotions,
    )  # fmt: skip
    for router in admin_routers:
        api.add_router("/admin", router)


register_routes()
