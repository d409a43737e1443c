"""Regions: a currency, the countries it sells to, and their tax rates."""

from __future__ import annotations

from django.db import models

from cityos.commerce.tenants.models import Tenant
from cityos.platform.fields import PrefixedIdField
from cityos.platform.models import TimestampedModel


class Region(TimestampedModel):
    id = PrefixedIdField("reg")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="regions")
    name = models.CharField(max_length=200)
    currency_code = models.CharField(max_length=3)
    automatic_taxes = models.BooleanField(default=True)
    is_tax_inclusive = models.BooleanField(default=False, help_text="Prices in this region include tax.")
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "region"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.name


class RegionCountry(models.Model):
    """A country of a region (Medusa's ``region_country``); a country sells in one region per tenant."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="countries")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    iso_2 = models.CharField(max_length=2)
    iso_3 = models.CharField(max_length=3)
    num_code = models.CharField(max_length=3)
    name = models.CharField(max_length=100)
    display_name = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "region_country"
        ordering = ("iso_2",)
        constraints = [
            models.UniqueConstraint(fields=("tenant", "iso_2"), name="region_country_once_per_tenant")
        ]

    def __str__(self) -> str:
        return self.display_name


class TaxRate(TimestampedModel):
    """A region's rate, for one country or (``country_code`` empty) the region's default."""

    id = PrefixedIdField("txr")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="tax_rates")
    country_code = models.CharField(max_length=2, blank=True, default="")
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=50)
    rate = models.DecimalField(max_digits=7, decimal_places=4, help_text="Percent, e.g. 20 for 20%.")

    class Meta:
        db_table = "tax_rate"
        constraints = [
            models.UniqueConstraint(fields=("region", "country_code"), name="tax_rate_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.rate}%"
