"""How product pages are read: the joins and prefetches a selection needs, each relation in one query."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from cityos.commerce.catalog.models import Product, ProductOption, ProductOptionValue, ProductVariant
from cityos.commerce.selection import Selection


def with_relations(queryset: QuerySet[Product], selection: Selection) -> QuerySet[Product]:
    wanted = selection.relations.keys() | selection.fields
    related = [name for name in ("type", "collection") if name in wanted]
    prefetches: list[Any] = [
        name for name in ("tags", "images", "categories", "sales_channels") if name in wanted
    ]
    if "variants" in wanted:
        option_values = ProductOptionValue.objects.select_related("option")
        variants = ProductVariant.objects.prefetch_related(Prefetch("options", option_values))
        variant_selection = selection.child("variants")
        if variant_selection is not None and variant_selection.wants("prices"):
            variants = variants.select_related("price_set").prefetch_related("price_set__prices")
        prefetches.append(Prefetch("variants", queryset=variants))
    if "options" in wanted:
        prefetches.append(Prefetch("options", queryset=ProductOption.objects.prefetch_related("values")))
    return queryset.select_related(*related).prefetch_related(*prefetches)
