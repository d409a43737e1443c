"""Carts: a buyer's lines, addresses, shipping methods and promotion codes until checkout.

Tax lines and adjustments are derived from the region's rates and the promotions; they are
recomputed on every change to the cart (``refresh``) and kept on the line as JSON.
"""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from cityos.commerce.catalog.models import ProductVariant
from cityos.commerce.customers.models import Customer
from cityos.commerce.fulfillment.models import ShippingOption
from cityos.commerce.pricing.models import AMOUNT
from cityos.commerce.promotions.models import Promotion
from cityos.commerce.regions.models import Region
from cityos.commerce.tenants.models import Tenant
from cityos.platform.fields import PrefixedIdField
from cityos.platform.models import TimestampedModel

ADDRESS_FIELDS = (
    "first_name", "last_name", "company", "address_1", "address_2",
    "city", "postal_code", "country_code", "province", "phone",
)  # fmt: skip


class AddressFields(TimestampedModel):
    """The postal address columns carts and orders share."""

    first_name = models.CharField(max_length=200, null=True, blank=True)
    last_name = models.CharField(max_length=200, null=True, blank=True)
    company = models.CharField(max_length=200, null=True, blank=True)
    address_1 = models.CharField(max_length=300, null=True, blank=True)
    address_2 = models.CharField(max_length=300, null=True, blank=True)
    city = models.CharField(max_length=200, null=True, blank=True)
    postal_code = models.CharField(max_length=50, null=True, blank=True)
    country_code = models.CharField(max_length=2, null=True, blank=True)
    province = models.CharField(max_length=200, null=True, blank=True)
    phone = models.CharField(max_length=50, null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return ", ".join(part for part in (self.address_1, self.city, self.country_code) if part)


class CartAddress(AddressFields):
    id = PrefixedIdField("caaddr")
    customer_id = models.CharField(max_length=40, null=True, blank=True)

    class Meta:
        db_table = "cart_address"


class Cart(TimestampedModel):
    id = PrefixedIdField("cart")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    currency_code = models.CharField(max_length=3)
    email = models.EmailField(max_length=320, null=True, blank=True)
    locale = models.CharField(max_length=20, null=True, blank=True)
    customer = models.ForeignKey(Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sales_channel_id = models.CharField(max_length=40)
    shipping_address = models.OneToOneField(
        CartAddress, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    billing_address = models.OneToOneField(
        CartAddress, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    promotions = models.ManyToManyField(Promotion, blank=True, related_name="+", db_table="cart_promotion")
    completed_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "cart"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.id


class LineFields(TimestampedModel):
    """A variant sold, with the product facts copied when it was added (as Medusa): carts and orders."""

    variant = models.ForeignKey(ProductVariant, on_delete=models.SET_NULL, null=True, related_name="+")
    product_id = models.CharField(max_length=40, null=True)
    title = models.CharField(max_length=500)
    subtitle = models.CharField(max_length=500, null=True, blank=True)
    thumbnail = models.URLField(max_length=1000, null=True, blank=True)
    product_title = models.CharField(max_length=500, null=True)
    product_description = models.TextField(null=True, blank=True)
    product_subtitle = models.CharField(max_length=500, null=True, blank=True)
    product_type = models.CharField(max_length=200, null=True, blank=True)
    product_type_id = models.CharField(max_length=40, null=True, blank=True)
    product_collection = models.CharField(max_length=200, null=True, blank=True)
    product_handle = models.CharField(max_length=300, null=True, blank=True)
    variant_sku = models.CharField(max_length=200, null=True, blank=True)
    variant_barcode = models.CharField(max_length=200, null=True, blank=True)
    variant_title = models.CharField(max_length=500, null=True, blank=True)
    variant_option_values = models.JSONField(null=True, blank=True)
    requires_shipping = models.BooleanField(default=True)
    is_giftcard = models.BooleanField(default=False)
    is_discountable = models.BooleanField(default=True)
    is_tax_inclusive = models.BooleanField(default=False)
    is_custom_price = models.BooleanField(default=False)
    unit_price = models.DecimalField(**AMOUNT)
    compare_at_unit_price = models.DecimalField(**AMOUNT, null=True, blank=True)
    quantity = models.PositiveIntegerField()
    tax_lines = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    adjustments = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.quantity} x {self.title}"


class LineItem(LineFields):
    id = PrefixedIdField("cali")
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")

    class Meta:
        db_table = "cart_line_item"
        ordering = ("created_at", "id")


class ShippingFields(TimestampedModel):
    """A shipping option chosen, with its name and amount as charged: carts and orders."""

    shipping_option = models.ForeignKey(
        ShippingOption, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(null=True, blank=True)
    amount = models.DecimalField(**AMOUNT)
    is_tax_inclusive = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)
    tax_lines = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    adjustments = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class ShippingMethod(ShippingFields):
    id = PrefixedIdField("casm")
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="shipping_methods")

    class Meta:
        db_table = "cart_shipping_method"
        ordering = ("created_at", "id")
