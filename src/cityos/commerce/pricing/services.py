"""Every change to prices and price lists goes through here."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from cityos.commerce.catalog.models import ProductVariant
from cityos.commerce.errors import invalid
from cityos.commerce.pricing.models import Price, PriceList, PriceSet
from cityos.commerce.records import create_record, delete_record, in_tenant, update_record
from cityos.commerce.tenants.models import Tenant
from cityos.platform.events.outbox import emit

PRICE_RULES = {"region_id", "customer_group_id"}


def _fill(price: Price, spec: dict[str, Any]) -> Price:
    """Set one price from Medusa's body (amount, currency, tier, rules) after checking it; not saved."""
    rules = spec.get("rules") or {}
    if unknown := set(rules) - PRICE_RULES:
        raise invalid(f"Unsupported price rule: {', '.join(sorted(unknown))}")
    minimum, maximum = spec.get("min_quantity"), spec.get("max_quantity")
    if minimum is not None and maximum is not None and maximum < minimum:
        raise invalid("max_quantity must not be less than min_quantity")
    price.currency_code = spec["currency_code"].lower()
    price.amount = Decimal(str(spec["amount"]))
    price.min_quantity, price.max_quantity = minimum, maximum
    price.region_id, price.customer_group_id = rules.get("region_id"), rules.get("customer_group_id")
    price.count_rules()
    return price


def new_price(price_set: PriceSet, spec: dict[str, Any], price_list: PriceList | None = None) -> Price:
    return _fill(Price(price_set=price_set, price_list=price_list), spec)


def create_price_sets(variants: Sequence[ProductVariant], prices: Sequence[Sequence[dict[str, Any]]]) -> None:
    """Price sets for new variants, ``prices[i]`` for ``variants[i]``, in two inserts."""
    price_sets = [PriceSet(variant=variant) for variant in variants]
    PriceSet.objects.bulk_create(price_sets)
    Price.objects.bulk_create(
        new_price(price_set, spec)
        for price_set, specs in zip(price_sets, prices, strict=True)
        for spec in specs
    )


@transaction.atomic
def set_variant_prices(variant: ProductVariant, prices: Sequence[dict[str, Any]]) -> list[Price]:
    """Replace a variant's own prices (price-list prices stay with their lists)."""
    price_set, _ = PriceSet.objects.get_or_create(variant=variant)
    price_set.prices.filter(price_list__isnull=True).delete()
    return Price.objects.bulk_create(new_price(price_set, spec) for spec in prices)


def _list_values(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    values.pop("prices", None)
    if "rules" in values:
        values["customer_group_ids"] = list((values.pop("rules") or {}).get("customer_group_id", []))
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts and ends and ends <= starts:
        raise invalid("ends_at must be after starts_at")
    return values


def _add_list_prices(price_list: PriceList, prices: Sequence[dict[str, Any]]) -> list[Price]:
    variants = in_tenant(
        ProductVariant, price_list.tenant, [spec["variant_id"] for spec in prices], "Variant"
    )
    by_id = {variant.id: variant for variant in variants}
    price_sets = {ps.variant_id: ps for ps in PriceSet.objects.filter(variant__in=variants)}
    for variant_id in by_id.keys() - price_sets.keys():
        price_sets[variant_id] = PriceSet.objects.create(variant=by_id[variant_id])
    return Price.objects.bulk_create(
        new_price(price_sets[spec["variant_id"]], spec, price_list) for spec in prices
    )


@transaction.atomic
def create_price_list(*, tenant: Tenant, title: str, **values: Any) -> PriceList:
    prices = values.get("prices") or []
    price_list = create_record(
        PriceList,
        "price_list",
        {"tenant": tenant, "title": title, **_list_values(values)},
        label="Price list",
    )
    _add_list_prices(price_list, prices)
    return price_list


def update_price_list(price_list: PriceList, values: dict[str, Any]) -> PriceList:
    return update_record(price_list, "price_list", _list_values(values), label="Price list")


def delete_price_list(price_list: PriceList) -> None:
    delete_record(price_list, "price_list")


@transaction.atomic
def batch_list_prices(
    price_list: PriceList, *, create: Sequence[dict[str, Any]], update: Sequence[dict[str, Any]],
    delete: Sequence[str],
) -> tuple[list[Price], list[Price], list[str]]:  # fmt: skip
    """Medusa's ``POST /admin/price-lists/:id/prices/batch``: an update replaces the price it names."""
    own = {price.id: price for price in price_list.prices.select_related("price_set")}
    missing = [spec["id"] for spec in update if spec["id"] not in own] + [
        id for id in delete if id not in own
    ]
    if missing:
        raise invalid(f"Prices with ids: {', '.join(missing)} are not in price list {price_list.id}")
    Price.objects.filter(id__in=delete).delete()
    created = _add_list_prices(price_list, create)
    updated = [_fill(own[spec["id"]], spec) for spec in update]
    for price in updated:
        price.save()
    emit("price_list.updated", entity_id=price_list.id, tenant_id=price_list.tenant_id)
    return created, updated, list(delete)
