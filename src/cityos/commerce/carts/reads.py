"""What a cart's write path and answer read besides the cart: its region's countries, its customer's
groups. Both change rarely, so they come from the store configuration cache, once per request."""

from __future__ import annotations

from cityos.commerce import store_config
from cityos.commerce.customers.models import Customer, CustomerGroup
from cityos.commerce.regions.models import Region, RegionCountry
from cityos.platform.prepared import PreparedModels, remembered_or

COUNTRIES = PreparedModels(lambda region_ids: RegionCountry.objects.filter(region_id__in=region_ids))
GROUPS = PreparedModels(lambda customer_ids: CustomerGroup.objects.filter(customers__id__in=customer_ids))


def region_countries(region: Region) -> list[RegionCountry]:
    def load() -> list[RegionCountry]:
        return store_config.cached(("countries", region.id), lambda: COUNTRIES([region.id]))

    return remembered_or(region, "countries", load)


def customer_groups(customer: Customer) -> list[CustomerGroup]:
    def load() -> list[CustomerGroup]:
        return store_config.cached(("groups", customer.id), lambda: GROUPS([customer.id]))

    return remembered_or(customer, "groups", load)
