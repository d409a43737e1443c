"""Every change to a cart goes through here, under a lock on the cart row, and ends with ``refresh``.

``refresh`` is Medusa's refresh-cart workflow in one function: it reprices the lines (quantity
tier, region, customer groups), recomputes tax lines from the shipping country, re-prices or drops
shipping methods that no longer apply, re-applies promotions and resizes the payment collection.
Carts emit no events: they are a buyer's working state, and the first event is ``order.placed``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from cityos.commerce import store_config
from cityos.commerce.auth import StoreContext
from cityos.commerce.carts.models import ADDRESS_FIELDS, Cart, CartAddress, LineItem, ShippingMethod
from cityos.commerce.carts.reads import customer_groups, region_countries
from cityos.commerce.carts.totals import totals_of
from cityos.commerce.catalog.models import Product, ProductVariant
from cityos.commerce.catalog.reads import load_prices
from cityos.commerce.customers import services as customers
from cityos.commerce.customers.models import Customer
from cityos.commerce.errors import ErrorType, MedusaError, insufficient_inventory, invalid, not_found
from cityos.commerce.fulfillment.options import option_for_cart, price_for, serving
from cityos.commerce.inventory.reads import available_by_variant
from cityos.commerce.money import ZERO
from cityos.commerce.payments import services as payments
from cityos.commerce.pricing.calculator import PricingContext, calculate
from cityos.commerce.promotions import engine
from cityos.commerce.promotions.models import Promotion, PromotionUsage
from cityos.commerce.regions.models import Region, TaxRate
from cityos.platform.ids import prefixed_id
from cityos.platform.middleware import joins_request
from cityos.platform.prepared import (
    PreparedModels,
    as_stored_json,
    insert_rows,
    is_unsaved,
    mark_loaded,
    relate,
    remember,
    remembered,
    unchanged_since_loaded,
    update_columns,
    written_columns,
)


def carts_of(ctx: StoreContext) -> QuerySet[Cart]:
    return Cart.objects.filter(tenant=ctx.tenant)


LOCKED = {
    nowait: PreparedModels(
        lambda tenant_ids, cart_ids, nowait=nowait: (
            Cart.objects.filter(tenant_id__in=tenant_ids, id__in=cart_ids)
            .select_for_update(nowait=nowait, of=("self",))  # not the joined rows
            .select_related("region", "customer", "shipping_address", "billing_address", "payment_collection")
        )
    )
    for nowait in (False, True)
}


READ = PreparedModels(
    lambda tenant_ids, cart_ids: Cart.objects.filter(
        tenant_id__in=tenant_ids, id__in=cart_ids
    ).select_related("region", "shipping_address")
)


def read(ctx: StoreContext, cart_id: str) -> Cart:
    """The cart as it is, unlocked, for answers that change nothing; another tenant's cart is not found."""
    if (cart := READ.first([ctx.tenant.id], [cart_id])) is None:
        raise not_found("Cart", cart_id)
    return cart


def lock(ctx: StoreContext, cart_id: str, *, nowait: bool = False) -> Cart:
    """The cart row, locked for this transaction; another tenant's cart is not found."""
    if (cart := LOCKED[nowait].first([ctx.tenant.id], [cart_id])) is None:
        raise not_found("Cart", cart_id)
    mark_loaded(cart, CART_COLUMNS)
    return cart


def _open(ctx: StoreContext, cart_id: str) -> Cart:
    cart = lock(ctx, cart_id)
    if cart.completed_at is not None:
        raise MedusaError(ErrorType.NOT_ALLOWED, f"Cart {cart_id} is already completed")
    return cart


# --- addresses, customer, region -------------------------------------------------------------


def _set_addresses(cart: Cart, values: dict[str, Any]) -> None:
    """Replace the addresses ``values`` names (None clears one); new ones are written in one insert."""
    replaced, created = [], []
    for kind in ("shipping_address", "billing_address"):
        if kind not in values:
            continue
        if (current := getattr(cart, kind)) is not None:
            replaced.append(current.pk)
        given = values[kind]
        address = None
        if given is not None:
            fields = {name: given.get(name) for name in ADDRESS_FIELDS} | {"metadata": given.get("metadata")}
            if fields["country_code"]:
                fields["country_code"] = fields["country_code"].lower()
            address = CartAddress(customer_id=cart.customer_id, **fields)
            created.append(address)
        setattr(cart, kind, address)
    insert_rows(created)
    if replaced:
        CartAddress.objects.filter(pk__in=replaced).delete()


def _check_country(cart: Cart) -> None:
    address = cart.shipping_address
    if address is None or not address.country_code:
        return
    if address.country_code not in {country.iso_2 for country in region_countries(cart.region)}:
        raise invalid(f"Country with code {address.country_code} is not within region {cart.region.name}")


REGION = PreparedModels(lambda tenant_ids, ids: Region.objects.filter(tenant_id__in=tenant_ids, id__in=ids))


def _region(ctx: StoreContext, region_id: str | None) -> Region:
    """The named region of the tenant, or its first one when none is named."""
    if region_id:
        region = REGION.first([ctx.tenant.id], [region_id])
    else:
        region = Region.objects.filter(tenant=ctx.tenant).order_by("created_at").first()
    if region is None:
        raise not_found("Region", region_id or "")
    return region


def _sales_channel(ctx: StoreContext, sales_channel_id: str | None) -> str:
    if sales_channel_id is None:
        if not ctx.sales_channel_ids:
            raise invalid("No sales channel available for this publishable key")
        return ctx.sales_channel_ids[0]
    if sales_channel_id not in ctx.sales_channel_ids:
        raise invalid(f"Sales channel {sales_channel_id} is not associated with the publishable key")
    return sales_channel_id


def _apply_values(ctx: StoreContext, cart: Cart, values: dict[str, Any]) -> None:
    """The fields ``POST /store/carts`` and ``POST /store/carts/:id`` share."""
    if "region_id" in values and values["region_id"] != cart.region_id:
        cart.region = _region(ctx, values["region_id"])
        cart.currency_code = cart.region.currency_code
        cart.shipping_methods.all().delete()
    if "sales_channel_id" in values:
        cart.sales_channel_id = _sales_channel(ctx, values["sales_channel_id"])
    for name in ("locale", "metadata"):
        if name in values:
            setattr(cart, name, values[name])
    if values.get("email"):
        cart.email = customers.normalize_email(values["email"])
        if cart.customer is None or not cart.customer.has_account:
            cart.customer = customers.guest_for(ctx.tenant, cart.email)
    _set_addresses(cart, values)
    _check_country(cart)
    if "promo_codes" in values:
        _set_promotions(ctx, cart, values["promo_codes"] or [], replace=True)


# --- line items -----------------------------------------------------------------------------


SELLABLE = PreparedModels(
    lambda variant_ids, tenant_ids, channel_ids: ProductVariant.objects.select_related(
        "product__type", "product__collection"
    ).filter(
        id__in=variant_ids,
        tenant_id__in=tenant_ids,
        product__status=Product.Status.PUBLISHED,
        product__sales_channels__id__in=channel_ids,
    )
)


def _sellable_variant(cart: Cart, variant_id: str) -> ProductVariant:
    if (variant := SELLABLE.first([variant_id], [cart.tenant_id], [cart.sales_channel_id])) is None:
        raise not_found("Variant", variant_id)
    return variant


def check_stock(cart: Cart, wanted: dict[str, int], variants: Sequence[ProductVariant] = ()) -> None:
    """Refuse quantities beyond what the cart's sales channel can sell (unless backorder is allowed).

    ``variants`` already loaded answer whether stock is managed; the others are read.
    """
    known = {variant.id: variant for variant in variants if variant.id in wanted}
    managed = [v.id for v in known.values() if v.manage_inventory and not v.allow_backorder]
    if unknown := [variant_id for variant_id in wanted if variant_id not in known]:
        managed += ProductVariant.objects.filter(
            id__in=unknown, manage_inventory=True, allow_backorder=False
        ).values_list("id", flat=True)
    if not managed:
        return
    available = available_by_variant(managed, [cart.sales_channel_id])
    short = sorted(v for v in managed if wanted[v] > available.get(v, 0))
    if short:
        raise insufficient_inventory(short)


def _snapshot(variant: ProductVariant) -> dict[str, Any]:
    product = variant.product
    return {
        "variant": variant,
        "product_id": product.id,
        "title": product.title,
        "subtitle": variant.title,
        "thumbnail": variant.thumbnail or product.thumbnail,
        "product_title": product.title,
        "product_description": product.description,
        "product_subtitle": product.subtitle,
        "product_type": product.type.value if product.type else None,
        "product_type_id": product.type_id,
        "product_collection": product.collection.title if product.collection else None,
        "product_handle": product.handle,
        "variant_sku": variant.sku,
        "variant_barcode": variant.barcode,
        "variant_title": variant.title,
        "is_giftcard": product.is_giftcard,
        "is_discountable": product.discountable,
        "requires_shipping": True,
    }


def _add_items(cart: Cart, items: Sequence[dict[str, Any]]) -> None:
    """Raise the quantity of a variant's line or start a new one; ``refresh`` prices and inserts it."""
    lines = lines_of(cart)
    existing = {item.variant_id: item for item in lines}
    wanted: dict[str, int] = defaultdict(int)
    for item in lines:
        if item.variant_id:
            wanted[item.variant_id] += item.quantity
    for entry in items:
        variant = _sellable_variant(cart, entry["variant_id"])
        wanted[variant.id] += entry["quantity"]
        if (line := existing.get(variant.id)) is not None:
            line.quantity += entry["quantity"]
            continue
        existing[variant.id] = line = LineItem(
            cart=cart,
            quantity=entry["quantity"],
            unit_price=ZERO,
            metadata=entry.get("metadata") or {},
            **_snapshot(variant),
        )
        lines.append(line)
    check_stock(cart, dict(wanted), [line.variant for line in lines if line.variant_id])
    remember(cart, "items", lines)


LINES = PreparedModels(
    lambda cart_ids: LineItem.objects.filter(cart_id__in=cart_ids).select_related("variant__product")
)
METHODS = PreparedModels(lambda cart_ids: ShippingMethod.objects.filter(cart_id__in=cart_ids))


def lines_of(cart: Cart) -> list[LineItem]:
    """The cart's lines with their variant and product, read once per request."""
    lines = remembered(cart, "items")
    if lines is None:
        lines = LINES([cart.id])
        for line in lines:
            relate(line, "cart", cart)
        remember(cart, "items", lines)
    return lines


def methods_of(cart: Cart) -> list[ShippingMethod]:
    methods = remembered(cart, "shipping_methods")
    if methods is None:
        methods = METHODS([cart.id])
        remember(cart, "shipping_methods", methods)
    return methods


# --- promotions -----------------------------------------------------------------------------


def _customer_uses(cart: Cart, promotions: Sequence[Promotion]) -> dict[str, int]:
    if cart.customer_id is None:
        return {}
    return dict(
        PromotionUsage.objects.filter(
            customer_id=cart.customer_id, promotion__in=[p.id for p in promotions]
        ).values_list("promotion_id", "count")
    )


def _set_promotions(ctx: StoreContext, cart: Cart, codes: Sequence[str], *, replace: bool) -> None:
    """Attach codes, refusing (400) any that does not exist or cannot apply to the cart now."""
    found = {
        p.code.lower(): p
        for p in Promotion.objects.filter(
            tenant=ctx.tenant, code__in=list(codes), is_automatic=False
        ).select_related("campaign")
    }
    wanted = []
    for code in dict.fromkeys(codes):
        promotion = found.get(code.lower())
        if promotion is None:
            raise invalid(f"The promotion code {code} is invalid")
        wanted.append(promotion)
    refuse_unusable(cart, wanted)
    if is_unsaved(cart):
        cart.save()  # the codes' links need the cart's row
    if replace:
        cart.promotions.set(wanted)
    else:
        cart.promotions.add(*wanted)


def refuse_unusable(cart: Cart, promotions: Sequence[Promotion]) -> None:
    """400 naming the first code that cannot apply to this cart now (ended, used up, rules unmet…)."""
    if not promotions:
        return
    facts = _facts(cart, lines_of(cart), methods_of(cart), _customer_groups(cart))
    uses = _customer_uses(cart, promotions)
    now = timezone.now()
    for promotion in promotions:
        if (reason := engine.refusal(promotion, facts, now, uses.get(promotion.id, 0))) is not None:
            raise invalid(f"The promotion code {promotion.code} cannot be applied ({reason})")


@joins_request
def remove_promotions(ctx: StoreContext, cart_id: str, codes: Sequence[str]) -> Cart:
    cart = _open(ctx, cart_id)
    lowered = {code.lower() for code in codes}
    cart.promotions.remove(*[p for p in cart.promotions.all() if p.code.lower() in lowered])
    return refresh(cart)


def _customer_groups(cart: Cart) -> frozenset[str]:
    """The ids of the cart customer's groups, prefetched so that the cart's answer shows the same ones."""
    if cart.customer is None:
        return frozenset()
    return frozenset(group.id for group in customer_groups(cart.customer))


def _facts(
    cart: Cart, items: Sequence[LineItem], methods: Sequence[ShippingMethod], groups: frozenset[str]
) -> engine.CartFacts:
    product_ids = {item.product_id for item in items if item.product_id}
    categories: dict[str, set[str]] = defaultdict(set)
    for product_id, category_id in Product.categories.through.objects.filter(
        product_id__in=product_ids
    ).values_list("product_id", "productcategory_id"):
        categories[product_id].add(category_id)
    collections = dict(Product.objects.filter(id__in=product_ids).values_list("id", "collection_id"))
    return engine.CartFacts(
        currency_code=cart.currency_code,
        region_id=cart.region_id,
        customer_id=cart.customer_id,
        customer_group_ids=groups,
        items=[
            engine.Line(
                id=item.id,
                gross=item.unit_price * item.quantity,
                quantity=item.quantity,
                unit_price=item.unit_price,
                discountable=item.is_discountable,
                attributes={
                    "product.id": frozenset({item.product_id or ""}),
                    "product_id": frozenset({item.product_id or ""}),
                    "product.categories.id": frozenset(categories.get(item.product_id or "", ())),
                    "product.collection_id": frozenset({collections.get(item.product_id or "") or ""}),
                },
            )
            for item in items
        ],
        shipping=[engine.Line(id=method.id, gross=method.amount) for method in methods],
    )


def _candidates(cart_ids: Sequence[str], tenant_ids: Sequence[str]) -> QuerySet[Promotion]:
    links = Cart.promotions.through.objects.filter(cart_id__in=cart_ids)
    return (
        Promotion.objects.filter(
            Q(id__in=links.values("promotion_id"))
            | Q(tenant_id__in=tenant_ids, is_automatic=True, status=Promotion.Status.ACTIVE)
        )
        .annotate(link_id=Subquery(links.filter(promotion_id=OuterRef("pk")).values("id")[:1]))
        .select_related("campaign")
        .order_by("created_at", "id")
    )


CANDIDATES = PreparedModels(_candidates)


def _candidate_promotions(cart: Cart) -> tuple[list[Promotion], list[Promotion]]:
    """The cart's codes in the order they were applied, and the tenant's other active automatic ones."""
    attached, automatic = [], []
    for promotion in CANDIDATES([cart.id], [cart.tenant_id]):
        (automatic if promotion.link_id is None else attached).append(promotion)
    return sorted(attached, key=lambda promotion: promotion.link_id), automatic


def _applicable_promotions(
    cart: Cart,
    items: Sequence[LineItem],
    methods: Sequence[ShippingMethod],
    groups: frozenset[str],
    *,
    strict: bool,
) -> tuple[list[Promotion], engine.CartFacts | None]:
    """The cart's promotions that still apply, then automatic ones that now do; the cart keeps exactly these.

    As Medusa, a code that stops applying (its rules fail after an edit) is dropped from the cart; with
    ``strict`` (checkout) it is refused by name instead. The facts promotions need (categories,
    collections) are only read when there is a promotion to judge.
    """
    attached, automatic = _candidate_promotions(cart)
    if not attached and not automatic:
        return [], None
    facts = _facts(cart, items, methods, groups)
    uses = _customer_uses(cart, [*attached, *automatic])
    now = timezone.now()
    applicable = []
    for promotion in (*attached, *automatic):
        reason = engine.refusal(promotion, facts, now, uses.get(promotion.id, 0))
        if reason is None:
            applicable.append(promotion)
        elif strict and not promotion.is_automatic and promotion.link_id is not None:
            raise invalid(f"The promotion code {promotion.code} cannot be applied ({reason})")
    if [p.id for p in applicable] != [p.id for p in attached]:
        cart.promotions.set(applicable)
    return applicable, facts


# --- refresh --------------------------------------------------------------------------------


TAX_RATES = PreparedModels(lambda region_ids: TaxRate.objects.filter(region_id__in=region_ids))


def _tax_rate(cart: Cart) -> TaxRate | None:
    """The region's rate for the shipping country, else its default; none before an address is known."""
    address = cart.shipping_address
    if not cart.region.automatic_taxes or address is None or not address.country_code:
        return None
    rates = store_config.cached(("tax_rates", cart.region_id), lambda: TAX_RATES([cart.region_id]))
    candidates = [rate for rate in rates if rate.country_code in (address.country_code, "")]
    return min(candidates, key=lambda rate: rate.country_code == "", default=None)


def _tax_lines(rate: TaxRate | None, line_id: str, prefix: str) -> list[dict[str, Any]]:
    if rate is None:
        return []
    return [
        {
            "id": prefixed_id(prefix),
            "code": rate.code,
            "rate": rate.rate,
            "description": rate.name,
            "tax_rate_id": rate.id,
            "provider_id": "tp_system",
            "item_id" if prefix == "calitxl" else "shipping_method_id": line_id,
        }
    ]


def _reprice(cart: Cart, items: Sequence[LineItem], groups: frozenset[str]) -> None:
    variant_ids = sorted({item.variant_id for item in items if item.variant_id})
    prices: dict[str, list[Any]] = defaultdict(list)
    currency = cart.currency_code
    for price in store_config.cached(
        ("prices", *variant_ids, currency), lambda: load_prices(variant_ids, currency)
    ):
        prices[price.owner_key].append(price)
    now = timezone.now()
    unpriced = []
    for item in items:
        if item.is_custom_price or item.variant_id is None:
            continue
        context = PricingContext(
            currency_code=cart.currency_code,
            region_id=cart.region_id,
            customer_group_ids=tuple(sorted(groups)),
            quantity=item.quantity,
            tax_inclusive=cart.region.is_tax_inclusive,
        )
        variant_prices = prices.get(item.variant_id, [])
        result = calculate(
            variant_prices[0].price_set_id if variant_prices else "", variant_prices, context, now
        )
        if result is None:
            unpriced.append(item.variant_id)
            continue
        item.unit_price = result.calculated.amount
        item.compare_at_unit_price = (
            result.original.amount if result.original.amount != result.calculated.amount else None
        )
        item.is_tax_inclusive = cart.region.is_tax_inclusive
    if unpriced:
        raise invalid(f"Variants with IDs {', '.join(sorted(unpriced))} do not have a price")


def _reprice_shipping(cart: Cart, methods: list[ShippingMethod], item_total: Decimal) -> list[ShippingMethod]:
    """Methods whose option still serves the cart get its current price (tiers follow the item total)."""
    if not methods:
        return []
    options = {option.id: option for option in serving(cart)}
    kept = []
    for method in methods:
        option = options.get(method.shipping_option_id or "")
        price = option and price_for(
            option, currency_code=cart.currency_code, region_id=cart.region_id, item_total=item_total
        )
        if not price:
            method.delete()
            continue
        method.amount = price.amount
        method.is_tax_inclusive = cart.region.is_tax_inclusive
        kept.append(method)
    return kept


PRICED_ITEM_FIELDS = ("unit_price", "compare_at_unit_price", "is_tax_inclusive", "tax_lines", "adjustments")
PRICED_METHOD_FIELDS = ("amount", "is_tax_inclusive", "tax_lines", "adjustments")


def _priced(row: Any, names: Sequence[str]) -> tuple[Any, ...]:
    return tuple(getattr(row, name) for name in names)


def _keep_ids(fresh: list[dict[str, Any]], current: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The current entries when only their ids differ, so that an unchanged line is not written again.

    Fresh entries are compared as they would be stored (amounts and rates become exact strings).
    """
    stored = as_stored_json(fresh)
    if [_without_id(entry) for entry in stored] == [_without_id(entry) for entry in current]:
        return current
    return stored


def _without_id(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != "id"}


def _write_priced(
    model: type[Any], rows: Sequence[Any], before: dict[int, tuple[Any, ...]], names: Sequence[str]
) -> None:
    """Insert new rows, update those whose priced fields changed, leave the rest alone."""
    new = [row for row in rows if is_unsaved(row)]
    changed = [row for row in rows if not is_unsaved(row) and _priced(row, names) != before[id(row)]]
    insert_rows(new)
    update_columns(changed, names)


def refresh(cart: Cart, *, checkout: bool = False) -> Cart:
    """Recompute everything derived on the locked cart; callers are inside the request's transaction.

    At ``checkout`` a code used up or ended since it was applied is refused by name rather than
    silently dropped, and the cart row is left to the order's write, which completes it.
    """
    items = lines_of(cart)
    methods = methods_of(cart)
    before = {id(row): _priced(row, PRICED_ITEM_FIELDS) for row in items}
    before |= {id(row): _priced(row, PRICED_METHOD_FIELDS) for row in methods}
    groups = _customer_groups(cart)
    _reprice(cart, items, groups)
    item_total = sum((item.unit_price * item.quantity for item in items), ZERO)
    methods = _reprice_shipping(cart, methods, item_total)
    rate = _tax_rate(cart)
    for item in items:
        item.tax_lines = _keep_ids(_tax_lines(rate, item.id, "calitxl"), item.tax_lines)
    for method in methods:
        method.tax_lines = _keep_ids(_tax_lines(rate, method.id, "casmtxl"), method.tax_lines)
    promotions, facts = _applicable_promotions(cart, items, methods, groups, strict=checkout)
    made = engine.adjustments(promotions, facts) if facts else {}
    for line, prefix, key in [
        *((i, "caliadj", "item_id") for i in items),
        *((m, "casmadj", "shipping_method_id") for m in methods),
    ]:
        fresh = [
            {"id": prefixed_id(prefix), **adjustment, "description": None, key: line.id}
            for adjustment in made.get(line.id, [])
        ]
        line.adjustments = _keep_ids(fresh, line.adjustments)
    if not checkout:
        _save(cart)
    _write_priced(LineItem, items, before, PRICED_ITEM_FIELDS)
    _write_priced(ShippingMethod, methods, before, PRICED_METHOD_FIELDS)
    _resize_payment(cart, totals_of(items, methods, cart.currency_code)["total"])
    for name, rows in (("items", items), ("shipping_methods", methods), ("promotions", promotions)):
        remember(cart, name, rows)
    return cart


CART_COLUMNS = written_columns(Cart)


def _save(cart: Cart) -> None:
    """Insert a new cart (before its lines), or write its columns if the change touched any: a change
    of lines alone leaves the cart row (and its ``updated_at``) as it was."""
    if is_unsaved(cart):
        insert_rows([cart])
    elif not unchanged_since_loaded(cart, CART_COLUMNS):
        update_columns([cart], CART_COLUMNS)


def _resize_payment(cart: Cart, total: Decimal) -> None:
    collection = getattr(cart, "payment_collection", None)  # read with the cart's lock
    if collection is not None:
        payments.resize_collection(collection, total)


def check_completable(cart: Cart) -> None:
    """What Medusa's complete-cart requires of the cart itself: items, an email, and a shipping method
    when an item needs shipping."""
    items = lines_of(cart)
    if not items:
        raise invalid("The cart has no items")
    if not cart.email:
        raise invalid("The cart needs an email before it can be completed")
    if any(i.requires_shipping for i in items) and not methods_of(cart):
        raise invalid("No shipping method selected but the cart contains items that require shipping.")


def mark_completed(cart: Cart) -> None:
    """The cart an order was placed from takes no more changes."""
    cart.completed_at = timezone.now()
    update_columns([cart], ["completed_at"])


# --- the operations the Store API calls -----------------------------------------------------


@joins_request
def create_cart(ctx: StoreContext, values: dict[str, Any], customer: Customer | None) -> Cart:
    region = _region(ctx, values.get("region_id"))
    cart = Cart(
        tenant=ctx.tenant,
        region=region,
        currency_code=region.currency_code,
        sales_channel_id=_sales_channel(ctx, values.get("sales_channel_id")),
        customer=customer,
        email=customer.email if customer else None,
    )
    relate(cart, "payment_collection", None)  # a new cart has none yet
    for relation in ("items", "shipping_methods"):
        remember(cart, relation, [])
    _apply_values(ctx, cart, {k: v for k, v in values.items() if k not in ("region_id", "sales_channel_id")})
    if values.get("items"):
        _add_items(cart, values["items"])
    return refresh(cart)


@joins_request
def update_cart(ctx: StoreContext, cart_id: str, values: dict[str, Any]) -> Cart:
    cart = _open(ctx, cart_id)
    _apply_values(ctx, cart, values)
    return refresh(cart)


@joins_request
def add_line_item(ctx: StoreContext, cart_id: str, item: dict[str, Any]) -> Cart:
    cart = _open(ctx, cart_id)
    _add_items(cart, [item])
    return refresh(cart)


def _line(cart: Cart, line_id: str) -> LineItem:
    line = cart.items.filter(id=line_id).first()
    if line is None:
        raise not_found("Line item", line_id)
    return line


@joins_request
def update_line_item(ctx: StoreContext, cart_id: str, line_id: str, values: dict[str, Any]) -> Cart:
    """A quantity of 0 removes the line, as Medusa's update-line-item workflow does."""
    cart = _open(ctx, cart_id)
    line = _line(cart, line_id)
    if values.get("quantity") == 0:
        line.delete()
        return refresh(cart)
    if "metadata" in values:
        line.metadata = values["metadata"] or {}
    if "quantity" in values:
        line.quantity = values["quantity"]
        if line.variant_id:
            others = sum(
                i.quantity for i in cart.items.filter(variant_id=line.variant_id).exclude(id=line.id)
            )
            check_stock(cart, {line.variant_id: others + line.quantity})
    line.save()
    return refresh(cart)


@joins_request
def delete_line_item(ctx: StoreContext, cart_id: str, line_id: str) -> Cart:
    cart = _open(ctx, cart_id)
    _line(cart, line_id).delete()
    return refresh(cart)


@joins_request
def add_shipping_method(ctx: StoreContext, cart_id: str, option_id: str, data: dict[str, Any]) -> Cart:
    """One method per shipping profile: a new choice replaces the cart's current one."""
    cart = _open(ctx, cart_id)
    item_total = sum((i.unit_price * i.quantity for i in lines_of(cart)), ZERO)
    found = option_for_cart(cart, option_id, item_total)
    if found is None:
        raise invalid(f"Shipping Options are invalid for cart: {option_id}")
    option, price = found
    # Methods whose option no longer serves the cart are left to refresh, which drops them.
    profiles = {serving_option.id: serving_option.shipping_profile_id for serving_option in serving(cart)}
    replaced = [
        m.id for m in methods_of(cart) if profiles.get(m.shipping_option_id) == option.shipping_profile_id
    ]
    if replaced:
        ShippingMethod.objects.filter(id__in=replaced).delete()
    chosen = ShippingMethod(  # refresh inserts it, priced and taxed
        cart=cart,
        shipping_option=option,
        name=option.name,
        amount=price.amount,
        is_tax_inclusive=cart.region.is_tax_inclusive,
        data=data or {},
    )
    remember(cart, "shipping_methods", [*(m for m in methods_of(cart) if m.id not in replaced), chosen])
    return refresh(cart)


@joins_request
def add_promotions(ctx: StoreContext, cart_id: str, codes: Sequence[str]) -> Cart:
    cart = _open(ctx, cart_id)
    _set_promotions(ctx, cart, codes, replace=False)
    return refresh(cart)


@joins_request
def transfer_to_customer(ctx: StoreContext, cart_id: str, customer: Customer) -> Cart:
    """``POST /store/carts/:id/customer``: a guest cart becomes the signed-in customer's."""
    cart = _open(ctx, cart_id)
    if cart.customer_id and cart.customer_id != customer.id and cart.customer and cart.customer.has_account:
        raise MedusaError(ErrorType.UNAUTHORIZED, "Cannot transfer cart to another customer")
    cart.customer, cart.email = customer, customer.email
    return refresh(cart)
