"""Customers of a tenant, their groups and addresses, and the email/password identities they sign in with."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password
from django.db import models

from cityos.commerce.tenants.models import Tenant
from cityos.platform.fields import PrefixedIdField
from cityos.platform.models import TimestampedModel


class CustomerGroup(TimestampedModel):
    """Used by price lists and promotion rules (Medusa's ``customer.groups.id``)."""

    id = PrefixedIdField("cusgroup")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="customer_groups")
    name = models.CharField(max_length=200)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "customer_group"
        ordering = ("created_at", "id")
        constraints = [models.UniqueConstraint(fields=("tenant", "name"), name="customer_group_name")]

    def __str__(self) -> str:
        return self.name


class Customer(TimestampedModel):
    """A buyer. Guests who give an email at checkout get a row too (``has_account`` false), as in Medusa."""

    id = PrefixedIdField("cus")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="customers")
    email = models.EmailField(max_length=320)
    first_name = models.CharField(max_length=200, null=True, blank=True)
    last_name = models.CharField(max_length=200, null=True, blank=True)
    company_name = models.CharField(max_length=200, null=True, blank=True)
    phone = models.CharField(max_length=50, null=True, blank=True)
    has_account = models.BooleanField(default=False)
    groups = models.ManyToManyField(
        CustomerGroup, blank=True, related_name="customers", db_table="customer_group_customer"
    )
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "customer"
        ordering = ("created_at", "id")
        constraints = [
            # One registered customer per email and tenant; guests may repeat an email.
            models.UniqueConstraint(
                fields=("tenant", "email"),
                condition=models.Q(has_account=True),
                name="customer_account_email",
            )
        ]

    def __str__(self) -> str:
        return self.email


class CustomerAddress(TimestampedModel):
    id = PrefixedIdField("cuaddr")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    address_name = models.CharField(max_length=200, null=True, blank=True)
    is_default_shipping = models.BooleanField(default=False)
    is_default_billing = models.BooleanField(default=False)
    company = models.CharField(max_length=200, null=True, blank=True)
    first_name = models.CharField(max_length=200, null=True, blank=True)
    last_name = models.CharField(max_length=200, null=True, blank=True)
    address_1 = models.CharField(max_length=300, null=True, blank=True)
    address_2 = models.CharField(max_length=300, null=True, blank=True)
    city = models.CharField(max_length=200, null=True, blank=True)
    country_code = models.CharField(max_length=2, null=True, blank=True)
    province = models.CharField(max_length=200, null=True, blank=True)
    postal_code = models.CharField(max_length=50, null=True, blank=True)
    phone = models.CharField(max_length=50, null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "customer_address"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.address_1}, {self.city}"


class AuthIdentity(TimestampedModel):
    """Medusa's ``emailpass`` identity: registered first, then bound to the customer it creates."""

    id = PrefixedIdField("authid")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(max_length=320)
    password = models.CharField(max_length=200)
    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, null=True, blank=True, related_name="auth_identity"
    )

    class Meta:
        db_table = "auth_identity"
        constraints = [models.UniqueConstraint(fields=("tenant", "email"), name="auth_identity_email")]

    def __str__(self) -> str:
        return self.email

    def set_password(self, raw: str) -> None:
        self.password = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return check_password(raw, self.password)
