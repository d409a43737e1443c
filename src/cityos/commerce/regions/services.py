"""Every change to regions and tax rates goes through here."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pycountry
from django.db import transaction

from cityos.commerce.errors import invalid
from cityos.commerce.records import delete_record, update_record
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


def _set_countries(region: Region, countries: list[str]) -> None:
    rows = [_country(code) for code in dict.fromkeys(code.lower() for code in countries)]
    for row in rows:
        row.region, row.tenant = region, region.tenant
    region.countries.all().delete()
    taken = RegionCountry.objects.filter(tenant=region.tenant, iso_2__in=[row.iso_2 for row in rows])
    if clash := taken.select_related("region").first():
        raise invalid(
            f"Countries with codes: {clash.iso_2} are already assigned to a region ({clash.region.name})"
        )
    RegionCountry.objects.bulk_create(rows)


@transaction.atomic
def create_region(
    *, tenant: Tenant, name: str, currency_code: str, countries: Sequence[str] = (),
    tax_rate: Decimal | None = None, **values: Any,
) -> Region:  # fmt: skip
    """A region sells in one currency to its countries; ``tax_rate`` sets its default rate in percent."""
    region = Region.objects.create(tenant=tenant, name=name, currency_code=currency_code.lower(), **values)
    _set_countries(region, list(countries))
    if tax_rate is not None:
        TaxRate.objects.create(region=region, name="Default", code="default", rate=tax_rate)
    emit("region.created", entity_id=region.id, tenant_id=tenant.id)
    return region


@transaction.atomic
def update_region(region: Region, values: dict[str, Any]) -> Region:
    values = dict(values)
    if "countries" in values:
        _set_countries(region, values.pop("countries") or [])
    if "currency_code" in values:
        values["currency_code"] = values["currency_code"].lower()
    return update_record(region, "region", values, label="Region")


def delete_region(region: Region) -> None:
    delete_record(region, "region")
