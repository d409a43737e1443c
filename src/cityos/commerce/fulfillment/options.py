"""Which shipping options a cart can use, and what each costs for it.

An option serves a cart when its service zone covers the cart's shipping country (or, before an
address is known, one of the region's countries), its location ships for the cart's sales channel,
and it has a price in the cart's currency. Among its prices, a region-specific one beats a general
one and, for tiered options, the tier the cart's item total falls in applies.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cityos.commerce import store_config
from cityos.commerce.fulfillment.models import ShippingOption, ShippingOptionPrice
from cityos.commerce.pricing.calculator import raw_amount
from cityos.platform.prepared import PreparedModels, remember


def price_for(
    option: ShippingOption, *, currency_code: str, region_id: str, item_total: Decimal
) -> ShippingOptionPrice | None:
    candidates = [
        price
        for price in option.prices.all()
        if price.currency_code == currency_code
        and price.region_id in (None, "", region_id)
        and (price.min_item_total is None or item_total >= price.min_item_total)
        and (price.max_item_total is None or item_total < price.max_item_total)
    ]
    candidates.sort(key=lambda p: (not p.region_id, -(p.min_item_total or 0), p.amount))
    return candidates[0] if candidates else None


OPTIONS = PreparedModels(
    lambda tenant_ids, channel_ids: (
        ShippingOption.objects.filter(
            tenant_id__in=tenant_ids,
            enabled_in_store=True,
            is_return=False,
            service_zone__fulfillment_set__location__sales_channels__id__in=channel_ids,
        )
        .select_related("service_zone__fulfillment_set__location")
        .distinct()
        .order_by("created_at", "id")
    )
)
PRICES = PreparedModels(
    lambda option_ids: ShippingOptionPrice.objects.filter(shipping_option_id__in=option_ids)
)


def serving(cart: Any) -> list[ShippingOption]:
    """Options whose zone and location can ship this cart, with their prices (cached per store config)."""
    address = cart.shipping_address
    countries = frozenset(
        {address.country_code.lower()}
        if address is not None and address.country_code
        else {country.iso_2 for country in cart.region.countries.all()}
    )
    offered = store_config.cached(
        ("shipping_options", cart.tenant_id, cart.sales_channel_id),
        lambda: _offered(cart.tenant_id, cart.sales_channel_id),
    )
    return [option for option in offered if countries & {c.lower() for c in option.service_zone.countries}]


def _offered(tenant_id: str, sales_channel_id: str) -> list[ShippingOption]:
    """The store's options for a sales channel, with their prices, whatever the country."""
    options = OPTIONS([tenant_id], [sales_channel_id])
    prices: dict[str, list[ShippingOptionPrice]] = {option.id: [] for option in options}
    for price in PRICES(list(prices)):
        prices[price.shipping_option_id].append(price)
    for option in options:
        remember(option, "prices", prices[option.id])
    return options


def option_for_cart(
    cart: Any, option_id: str, item_total: Decimal
) -> tuple[ShippingOption, ShippingOptionPrice] | None:
    for option in serving(cart):
        if option.id == option_id:
            price = price_for(
                option, currency_code=cart.currency_code, region_id=cart.region_id, item_total=item_total
            )
            return (option, price) if price is not None else None
    return None


def _price(price: ShippingOptionPrice) -> dict[str, Any]:
    return {
        "id": price.id,
        "title": None,
        "currency_code": price.currency_code,
        "rules_count": int(bool(price.region_id)) + int(price.min_item_total is not None),
        "price_set_id": None,
        "price_list_id": None,
        "price_list": None,
        "raw_amount": raw_amount(price.amount),
        "raw_min_quantity": None,
        "raw_max_quantity": None,
        "created_at": price.created_at,
        "updated_at": price.updated_at,
        "deleted_at": None,
        "price_rules": [],
        "amount": price.amount,
        "min_quantity": None,
        "max_quantity": None,
    }


def render_option(option: ShippingOption, price: ShippingOptionPrice, tax_inclusive: bool) -> dict[str, Any]:
    """A shipping option for a cart, in the shape ``GET /store/shipping-options`` answers."""
    zone = option.service_zone
    fulfillment_set = zone.fulfillment_set
    location = fulfillment_set.location
    brief = {
        "id": price.id,
        "price_list_id": None,
        "price_list_type": None,
        "min_quantity": None,
        "max_quantity": None,
    }
    return {
        "id": option.id,
        "name": option.name,
        "price_type": option.price_type,
        "service_zone_id": zone.id,
        "shipping_profile_id": option.shipping_profile_id,
        "provider_id": option.provider_id,
        "data": option.data,
        "service_zone": {
            "fulfillment_set_id": fulfillment_set.id,
            "id": zone.id,
            "fulfillment_set": {
                "type": fulfillment_set.type,
                "id": fulfillment_set.id,
                "location": {"id": location.id, "address": location.address},
            },
        },
        "type": {
            "id": f"sotype_{option.id.removeprefix('so_')}",
            "label": option.type_label,
            "description": option.type_description,
            "code": option.type_code,
        },
        "provider": {"id": option.provider_id, "is_enabled": True},
        "rules": [
            {
                "attribute": "enabled_in_store",
                "value": str(option.enabled_in_store).lower(),
                "operator": "eq",
            },
            {"attribute": "is_return", "value": str(option.is_return).lower(), "operator": "eq"},
        ],
        "calculated_price": {
            "id": None,
            "is_calculated_price_price_list": False,
            "is_calculated_price_tax_inclusive": tax_inclusive,
            "calculated_amount": price.amount,
            "raw_calculated_amount": raw_amount(price.amount),
            "is_original_price_price_list": False,
            "is_original_price_tax_inclusive": tax_inclusive,
            "original_amount": price.amount,
            "raw_original_amount": raw_amount(price.amount),
            "currency_code": price.currency_code,
            "calculated_price": brief,
            "original_price": brief,
        },
        "prices": [_price(p) for p in option.prices.all()],
        "amount": price.amount,
        "is_tax_inclusive": tax_inclusive,
        "insufficient_inventory": False,
    }
