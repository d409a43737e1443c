"""Every change to regions and tax rates goes through here."""

from __future__ import annotations

from decimal import Decimal

import pycountry
from django.db import transaction

from cityos.commerce.errors import invalid
from cityos.commerce.regions.models import Region, RegionCountry, TaxRate
from cityos.commerce.tenants.models import Tenant
from cityos.platform.events.outbox import emit


def _country(code: str) -> RegionCountry:
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        raise invalid(f"Country with iso_2: {code} was not found")
    return RegionCountry(
        iso_2=country.alpha_2.lower(),
        iso_3=country.alpha_3.lower(),
        num_code=country.numeric,
        name=country.name.upper(),
        display_name=getattr(country, "common_name", country.name),
    )


@transaction.atomic
def create_region(
    *, tenant: Tenant, name: str, currency_code: str, countries: list[str], tax_rate: Decimal | None = None,
    is_tax_inclusive: bool = False,
) -> Region:  # fmt: skip
    region = Region.objects.create(
        tenant=tenant, name=name, currency_code=currency_code.lower(), is_tax_inclusive=is_tax_inclusive
    )
    rows = [_country(code) for code in countries]
    for row in rows:
        row.region, row.tenant = region, tenant
    RegionCountry.objects.bulk_create(rows)
    if tax_rate is not None:
        TaxRate.objects.create(region=region, name="Default", code="default", rate=tax_rate)
    emit("region.created", entity_id=region.id, tenant_id=tenant.id)
    return region
