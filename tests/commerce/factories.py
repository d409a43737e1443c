"""A small catalog built through the services, as the Admin API and the demo build theirs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cityos.commerce.auth import issue_token
from cityos.commerce.catalog import services as catalog
from cityos.commerce.catalog.models import Product
from cityos.commerce.fulfillment import services as fulfillment
from cityos.commerce.inventory import services as inventory
from cityos.commerce.regions import services as regions
from cityos.commerce.regions.models import Region
from cityos.commerce.tenants import services as tenants
from cityos.commerce.tenants.models import ApiKey, Tenant
from cityos.commerce.users.models import User


@dataclass
class Shop:
    tenant: Tenant
    region: Region
    key: str
    product: Product

    @property
    def headers(self) -> dict[str, str]:
        return {"HTTP_X_PUBLISHABLE_API_KEY": self.key}


def make_shop(slug: str = "acme", *, stock: int = 10) -> Shop:
    tenant = tenants.create_tenant(slug=slug, name=slug.title())
    channel = tenant.sales_channels.get()
    region = regions.create_region(
        tenant=tenant, name="Europe", currency_code="eur", countries=["de", "fr"], tax_rate=Decimal("20")
    )
    location = inventory.create_stock_location(tenant=tenant, name="Warehouse", sales_channels=[channel])
    product = catalog.create_product(
        tenant=tenant,
        sales_channels=[channel],
        data={
            "title": "Trail Shirt",
            "status": "published",
            "options": [{"title": "Size", "values": ["S", "M"]}],
            "variants": [
                {
                    "title": "S",
                    "sku": f"{slug}-SHIRT-S",
                    "options": {"Size": "S"},
                    "prices": [
                        {"amount": "20", "currency_code": "eur"},
                        {"amount": "18.50", "currency_code": "eur", "min_quantity": 10},
                        {"amount": "25", "currency_code": "usd"},
                    ],
                },
                {
                    "title": "M",
                    "sku": f"{slug}-SHIRT-M",
                    "options": {"Size": "M"},
                    "prices": [{"amount": 22, "currency_code": "eur"}],
                },
            ],
        },
    )
    for variant in product.variants.all():
        inventory.stock_variant(variant=variant, location=location, quantity=stock)
    zone = fulfillment.create_service_zone(location=location, name="Europe", countries=["de", "fr"])
    fulfillment.create_shipping_option(
        tenant=tenant,
        service_zone=zone,
        name="Standard Shipping",
        prices=[{"amount": "4.90", "currency_code": "eur"}],
    )
    key = ApiKey.objects.get(tenant=tenant, type=ApiKey.Type.PUBLISHABLE).token
    return Shop(tenant=tenant, region=region, key=key, product=product)


def bearer(user: User) -> dict[str, str]:
    """Admin API headers of a signed-in staff user."""
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}


def secret_key_headers(tenant: Tenant) -> dict[str, str]:
    """Admin API headers acting in ``tenant`` through a fresh secret key."""
    issued = tenants.create_api_key(tenant=tenant, type=ApiKey.Type.SECRET, title="tests")
    return {"HTTP_AUTHORIZATION": f"Basic {issued.token}"}
