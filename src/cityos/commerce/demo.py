"""Commerce demo data: an admin, the demo tenants with stores, keys, shipping, a code and a customer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cityos.commerce.catalog import services as catalog_services
from cityos.commerce.customers import services as customer_services
from cityos.commerce.customers.models import AuthIdentity
from cityos.commerce.fulfillment import services as fulfillment_services
from cityos.commerce.inventory import services as inventory_services
from cityos.commerce.inventory.models import StockLocation
from cityos.commerce.promotions import services as promotion_services
from cityos.commerce.regions import services as region_services
from cityos.commerce.regions.models import Region
from cityos.commerce.tenants import services as tenant_services
from cityos.commerce.tenants.models import ApiKey, Tenant
from cityos.commerce.tenants.tokens import digest
from cityos.commerce.users.models import User
from cityos.platform.demo import DEMO_TENANTS


def ensure_admin(email: str, password: str) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_superuser(
        email=email, password=password
    )
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def ensure_tenant(spec: dict[str, str]) -> Tenant:
    tenant = Tenant.objects.filter(slug=spec["slug"]).first()
    if tenant is None:
        tenant = tenant_services.create_tenant(
            slug=spec["slug"], name=spec["name"], default_currency_code=spec["currency"]
        )
    return tenant


DEMO_COUNTRIES = {"eur": ["de", "fr", "it", "es", "nl"], "usd": ["us", "ca"]}
DEMO_MATERIALS = [
    "Linen",
    "Canvas",
    "Wool",
    "Cotton",
    "Cedar",
    "Stoneware",
    "Recycled",
    "Waxed",
    "Alpine",
    "Harbour",
]
DEMO_GOODS = [
    # (noun, category, option, values): values give 2 to 4 variants
    ("Shirt", "Apparel", "Size", ["S", "M", "L"]),
    ("Jacket", "Apparel", "Size", ["S", "M", "L", "XL"]),
    ("Tote", "Accessories", "Colour", ["Sand", "Charcoal"]),
    ("Mug", "Home", "Colour", ["White", "Slate", "Moss"]),
    ("Blanket", "Home", "Size", ["Single", "Double"]),
]
DEMO_COLLECTIONS = ["Essentials", "New arrivals"]


def demo_products(currency: str) -> list[dict[str, Any]]:
    """Fifty products (ten materials x five goods), with a quantity tier on the first of each good."""
    products = []
    for number, (material, (noun, category, option, values)) in enumerate(
        ((m, g) for m in DEMO_MATERIALS for g in DEMO_GOODS), start=1
    ):
        base = Decimal(12 + 3 * (number % 17))
        tiered = number <= len(DEMO_GOODS)
        prices = [{"amount": base, "currency_code": currency}]
        if tiered:
            prices.append({"amount": (base * Decimal("0.85")).quantize(Decimal("0.01")),
                           "currency_code": currency, "min_quantity": 10})  # fmt: skip
        products.append(
            {
                "title": f"{material} {noun}",
                "status": "published",
                "description": f"A {material.lower()} {noun.lower()}, made to last.",
                "category": category,
                "collection": DEMO_COLLECTIONS[number % len(DEMO_COLLECTIONS)],
                "options": [{"title": option, "values": values}],
                "variants": [
                    {
                        "title": value,
                        "sku": f"{number:03d}-{value.upper()}",
                        "options": {option: value},
                        "prices": prices,
                    }
                    for value in values
                ],
            }
        )
    return products


def ensure_catalog(tenant: Tenant, currency: str) -> Region:
    """A region, a warehouse, categories, collections and fifty published products with stock."""
    region = Region.objects.filter(tenant=tenant).first()
    if region is not None:
        return region
    region = region_services.create_region(
        tenant=tenant, name="Main region", currency_code=currency, countries=DEMO_COUNTRIES[currency],
        tax_rate=Decimal("20"),
    )  # fmt: skip
    channel = tenant.sales_channels.get()
    location = inventory_services.create_stock_location(
        tenant=tenant, name="Main warehouse", sales_channels=[channel]
    )
    collections = {t: catalog_services.create_collection(tenant=tenant, title=t).id for t in DEMO_COLLECTIONS}
    categories = {
        name: catalog_services.create_category(tenant=tenant, name=name, rank=rank).id
        for rank, name in enumerate(dict.fromkeys(good[1] for good in DEMO_GOODS))
    }
    for spec in demo_products(currency):
        category, collection = spec.pop("category"), spec.pop("collection")
        for variant in spec["variants"]:
            variant["sku"] = f"{tenant.slug.upper()}-{variant['sku']}"
        product = catalog_services.create_product(
            tenant=tenant,
            data={
                **spec,
                "collection_id": collections[collection],
                "categories": [{"id": categories[category]}],
            },
        )
        for variant in product.variants.all():
            inventory_services.stock_variant(variant=variant, location=location, quantity=25)
    ensure_checkout(tenant, currency, location)
    return region


DEMO_PROMO_CODE = "WELCOME10"


def ensure_checkout(tenant: Tenant, currency: str, location: StockLocation) -> None:
    """Shipping to every demo country (free from 100 of the currency) and a 10 % welcome code."""
    zone = fulfillment_services.create_service_zone(
        location=location, name="Demo countries", countries=DEMO_COUNTRIES[currency]
    )
    fulfillment_services.create_shipping_option(
        tenant=tenant, service_zone=zone, name="Standard Shipping", type_description="Ships in 2-3 days.",
        prices=[
            {"currency_code": currency, "amount": Decimal("4.90"), "max_item_total": Decimal(100)},
            {"currency_code": currency, "amount": Decimal(0), "min_item_total": Decimal(100)},
        ],
    )  # fmt: skip
    fulfillment_services.create_shipping_option(
        tenant=tenant, service_zone=zone, name="Express Shipping", type_label="Express", type_code="express",
        type_description="Ships next day.", prices=[{"currency_code": currency, "amount": Decimal("12.90")}],
    )  # fmt: skip
    promotion_services.create_promotion(
        tenant, {"code": DEMO_PROMO_CODE, "method_type": "percentage", "value": Decimal(10)}
    )


def ensure_customer(tenant: Tenant, password: str) -> str:
    """A signed-up customer per tenant; the password is reset to the wanted one on every run."""
    email = f"customer@{tenant.slug}.example"
    identity = AuthIdentity.objects.filter(tenant=tenant, email=email).first()
    if identity is None:
        identity = customer_services.register_identity(tenant=tenant, email=email, password=password)
        customer_services.create_account(
            identity, {"email": email, "first_name": "Demo", "last_name": "Customer"}
        )
    else:
        identity.set_password(password)
        identity.save(update_fields=["password"])
    return email


def ensure_secret_key(tenant: Tenant, token: str) -> None:
    if not ApiKey.objects.filter(token=digest(token)).exists():
        tenant_services.create_api_key(
            tenant=tenant, type=ApiKey.Type.SECRET, title="cityos integration", token=token
        )


def load(wanted: dict[str, Any]) -> dict[str, Any]:
    admin = ensure_admin(wanted["admin"]["email"], wanted["admin"]["password"])
    tenants = []
    for spec in DEMO_TENANTS:
        tenant = ensure_tenant(spec)
        tenant_services.add_member(tenant=tenant, user=admin)
        region = ensure_catalog(tenant, spec["currency"])
        store = tenant.stores.select_related("default_sales_channel").first()
        if store is not None and store.default_region_id is None:  # the storefront prices in it
            store = tenant_services.update_store(store, {"default_region_id": region.id})
        key = (
            ApiKey.objects.filter(tenant=tenant, type=ApiKey.Type.PUBLISHABLE, revoked_at__isnull=True)
            .order_by("created_at")
            .first()
        )
        tenants.append(
            {
                "id": tenant.id,
                "slug": tenant.slug,
                "name": tenant.name,
                "host": spec["host"],
                "store_id": store.id if store else None,
                "sales_channel_id": store.default_sales_channel_id if store else None,
                "publishable_key": key.token if key else None,
                "region_id": region.id,
                "promo_code": DEMO_PROMO_CODE,
                "customer": {"email": ensure_customer(tenant, wanted["customer_password"])},
            }
        )
    first = Tenant.objects.get(slug=DEMO_TENANTS[0]["slug"])
    ensure_secret_key(first, wanted["secret_api_key"])
    return {
        "admin": wanted["admin"],
        "secret_api_key": wanted["secret_api_key"],
        "customer_password": wanted["customer_password"],
        "tenants": tenants,
    }
