"""The product catalog: products, options, variants, categories, collections, tags and types."""

from __future__ import annotations

from django.db import models

from cityos.commerce.tenants.models import SalesChannel, Tenant
from cityos.platform.fields import PrefixedIdField
from cityos.platform.models import TimestampedModel


class TenantOwned(TimestampedModel):
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        abstract = True


class ProductType(TenantOwned):
    id = PrefixedIdField("ptyp")
    value = models.CharField(max_length=200)

    class Meta:
        db_table = "product_type"

    def __str__(self) -> str:
        return self.value


class ProductTag(TenantOwned):
    id = PrefixedIdField("ptag")
    value = models.CharField(max_length=200)

    class Meta:
        db_table = "product_tag"
        constraints = [
            models.UniqueConstraint(fields=("tenant", "value"), name="product_tag_value_per_tenant")
        ]

    def __str__(self) -> str:
        return self.value


class ProductCollection(TenantOwned):
    id = PrefixedIdField("pcol")
    title = models.CharField(max_length=200)
    handle = models.SlugField(max_length=200)

    class Meta:
        db_table = "product_collection"
        constraints = [
            models.UniqueConstraint(fields=("tenant", "handle"), name="collection_handle_per_tenant")
        ]

    def __str__(self) -> str:
        return self.title


class ProductCategory(TenantOwned):
    id = PrefixedIdField("pcat")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    handle = models.SlugField(max_length=200)
    mpath = models.CharField(max_length=1000, db_index=True, help_text="Ids from the root, dot separated.")
    is_active = models.BooleanField(default=True)
    is_internal = models.BooleanField(default=False)
    rank = models.PositiveIntegerField(default=0)
    parent_category = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="category_children"
    )

    class Meta:
        db_table = "product_category"
        ordering = ("rank", "id")
        verbose_name_plural = "product categories"
        constraints = [
            models.UniqueConstraint(fields=("tenant", "handle"), name="category_handle_per_tenant")
        ]

    def __str__(self) -> str:
        return self.name


class Product(TenantOwned):
    class Status(models.TextChoices):
        DRAFT = "draft"
        PROPOSED = "proposed"
        PUBLISHED = "published"
        REJECTED = "rejected"

    id = PrefixedIdField("prod")
    title = models.CharField(max_length=500)
    subtitle = models.CharField(max_length=500, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    handle = models.SlugField(max_length=300)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    is_giftcard = models.BooleanField(default=False)
    discountable = models.BooleanField(default=True)
    thumbnail = models.URLField(max_length=1000, null=True, blank=True)
    external_id = models.CharField(max_length=200, null=True, blank=True)
    weight = models.IntegerField(null=True, blank=True)
    length = models.IntegerField(null=True, blank=True)
    height = models.IntegerField(null=True, blank=True)
    width = models.IntegerField(null=True, blank=True)
    hs_code = models.CharField(max_length=50, null=True, blank=True)
    origin_country = models.CharField(max_length=2, null=True, blank=True)
    mid_code = models.CharField(max_length=50, null=True, blank=True)
    material = models.CharField(max_length=200, null=True, blank=True)
    collection = models.ForeignKey(
        ProductCollection, on_delete=models.SET_NULL, null=True, blank=True, related_name="products"
    )
    type = models.ForeignKey(
        ProductType, on_delete=models.SET_NULL, null=True, blank=True, related_name="products"
    )
    tags = models.ManyToManyField(ProductTag, blank=True, related_name="products", db_table="product_tags")
    categories = models.ManyToManyField(
        ProductCategory, blank=True, related_name="products", db_table="product_category_product"
    )
    sales_channels = models.ManyToManyField(
        SalesChannel, blank=True, related_name="products", db_table="product_sales_channel"
    )

    class Meta:
        db_table = "product"
        ordering = ("created_at", "id")
        constraints = [models.UniqueConstraint(fields=("tenant", "handle"), name="product_handle_per_tenant")]
        indexes = [models.Index(fields=("tenant", "status", "created_at"), name="product_listing")]

    def __str__(self) -> str:
        return self.title


class ProductImage(TimestampedModel):
    id = PrefixedIdField("img")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    url = models.URLField(max_length=1000)
    rank = models.PositiveIntegerField(default=0)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "image"
        ordering = ("rank", "id")

    def __str__(self) -> str:
        return self.url


class ProductOption(TimestampedModel):
    id = PrefixedIdField("opt")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="options")
    title = models.CharField(max_length=200)
    is_exclusive = models.BooleanField(default=False)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "product_option"
        ordering = ("created_at", "id")
        constraints = [models.UniqueConstraint(fields=("product", "title"), name="option_title_per_product")]

    def __str__(self) -> str:
        return self.title


class ProductOptionValue(TimestampedModel):
    id = PrefixedIdField("optval")
    option = models.ForeignKey(ProductOption, on_delete=models.CASCADE, related_name="values")
    value = models.CharField(max_length=200)
    rank = models.IntegerField(null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "product_option_value"
        ordering = ("created_at", "id")
        constraints = [models.UniqueConstraint(fields=("option", "value"), name="option_value_once")]

    def __str__(self) -> str:
        return self.value


class ProductVariant(TimestampedModel):
    id = PrefixedIdField("variant")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    title = models.CharField(max_length=500)
    sku = models.CharField(max_length=200, null=True, blank=True)
    barcode = models.CharField(max_length=200, null=True, blank=True)
    ean = models.CharField(max_length=200, null=True, blank=True)
    upc = models.CharField(max_length=200, null=True, blank=True)
    allow_backorder = models.BooleanField(default=False)
    manage_inventory = models.BooleanField(default=True)
    hs_code = models.CharField(max_length=50, null=True, blank=True)
    origin_country = models.CharField(max_length=2, null=True, blank=True)
    mid_code = models.CharField(max_length=50, null=True, blank=True)
    material = models.CharField(max_length=200, null=True, blank=True)
    weight = models.IntegerField(null=True, blank=True)
    length = models.IntegerField(null=True, blank=True)
    height = models.IntegerField(null=True, blank=True)
    width = models.IntegerField(null=True, blank=True)
    thumbnail = models.URLField(max_length=1000, null=True, blank=True)
    variant_rank = models.IntegerField(default=0)
    metadata = models.JSONField(null=True, blank=True)
    options = models.ManyToManyField(
        ProductOptionValue, blank=True, related_name="variants", db_table="variant_option"
    )

    class Meta:
        db_table = "product_variant"
        ordering = ("variant_rank", "created_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("tenant", "sku"), condition=models.Q(sku__isnull=False), name="variant_sku_per_tenant"
            )
        ]

    def __str__(self) -> str:
        return self.title
