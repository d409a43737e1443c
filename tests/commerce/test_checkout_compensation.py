"""A checkout that fails at any step of complete-cart leaves nothing behind: no stock held, no
authorization open at the provider, no promotion use or campaign budget taken, and the cart still
open; the answer is the contract's (a 4xx, or Medusa's ``{type: "cart"}`` for a declined payment)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum

from cityos.commerce.carts.models import Cart
from cityos.commerce.checkout import extensions
from cityos.commerce.errors import ErrorType, MedusaError
from cityos.commerce.inventory import services as inventory
from cityos.commerce.inventory.models import InventoryLevel, ReservationItem
from cityos.commerce.orders.models import Order
from cityos.commerce.payments.models import Payment
from cityos.commerce.promotions import services as promotions
from cityos.commerce.promotions.models import Campaign, Promotion, PromotionUsage
from cityos.platform.workflows import Step
from tests.commerce.factories import Shop
from tests.commerce.payment_providers import RecordingProvider
from tests.commerce.shopping import Buyer, cart_ready_to_pay

pytestmark = pytest.mark.django_db
PROVIDERS = [
    "cityos.commerce.payments.providers.SystemProvider",
    "tests.commerce.payment_providers.DecliningProvider",
    "tests.commerce.payment_providers.RecordingProvider",
]


@pytest.fixture(autouse=True)
def providers(settings: Any) -> None:
    settings.CITYOS_PAYMENT_PROVIDERS = PROVIDERS
    RecordingProvider.canceled = []


@pytest.fixture
def campaign(shop: Shop) -> Campaign:
    """A 10 % code in a campaign with a spend budget, limited per customer."""
    made = promotions.create_campaign(
        shop.tenant,
        {"name": "Spring", "campaign_identifier": "spring", "budget_type": "spend",
         "budget_limit": Decimal(100)},
    )  # fmt: skip
    promotions.create_promotion(
        shop.tenant,
        {"code": "SPRING", "method_type": "percentage", "value": Decimal(10), "campaign": made,
         "per_customer_limit": 1},
    )  # fmt: skip
    return made


def ready(buyer: Buyer, provider_id: str = "pp_recording_default") -> str:
    """A signed-in customer's cart with the code applied, paid through ``provider_id``."""
    credentials = {"email": "erika@example.com", "password": "correct horse"}
    buyer.token = buyer.call("post", "/auth/customer/emailpass/register", credentials)["token"]
    buyer.call("post", "/store/customers", {"email": credentials["email"]})
    buyer.token = buyer.call("post", "/auth/customer/emailpass", credentials)["token"]
    cart_id = cart_ready_to_pay(buyer)
    cart = buyer.call("post", f"/store/carts/{cart_id}/promotions", {"promo_codes": ["SPRING"]})["cart"]
    path = f"/store/payment-collections/{cart['payment_collection']['id']}/payment-sessions"
    buyer.call("post", path, {"provider_id": provider_id})
    return cart_id


def nothing_left_behind(cart_id: str) -> None:
    assert not ReservationItem.objects.exists()
    assert set(InventoryLevel.objects.values_list("reserved_quantity", flat=True)) == {0}
    assert Promotion.objects.aggregate(used=Sum("usage_count"))["used"] == 0
    assert not PromotionUsage.objects.filter(count__gt=0).exists()
    assert Campaign.objects.aggregate(spent=Sum("budget_used"))["spent"] == 0
    assert not Order.objects.exists()
    assert not Payment.objects.exists()
    assert Cart.objects.get(pk=cart_id).completed_at is None


def test_a_placed_order_takes_the_use_the_budget_and_the_stock(buyer: Buyer, campaign: Campaign) -> None:
    """The baseline the failures are measured against."""
    order = buyer.call("post", f"/store/carts/{ready(buyer)}/complete")["order"]
    assert order["discount_total"] == 4.8  # 10 % of 40.00, and the 20 % VAT on it
    assert Promotion.objects.get().usage_count == 1
    assert PromotionUsage.objects.get().count == 1
    assert Campaign.objects.get().budget_used == 4  # 10 % of 40.00 before tax
    assert InventoryLevel.objects.aggregate(held=Sum("reserved_quantity"))["held"] == 2
    assert RecordingProvider.canceled == []


def test_refresh_cart_refuses_a_code_used_up_since_it_was_applied(buyer: Buyer, campaign: Campaign) -> None:
    cart_id = ready(buyer)
    Promotion.objects.update(usage_limit=0)
    error = buyer.call("post", f"/store/carts/{cart_id}/complete", status=400)
    assert "SPRING" in error["message"]
    nothing_left_behind(cart_id)


def test_validate_refuses_a_cart_without_a_payment_session(buyer: Buyer, campaign: Campaign) -> None:
    cart_id = ready(buyer)
    cart = buyer.call("post", f"/store/carts/{cart_id}/line-items", {
        "variant_id": buyer.shop.product.variants.get(title="M").id, "quantity": 1,
    })["cart"]  # fmt: skip
    assert cart["payment_collection"]["payment_sessions"] == []  # the total changed
    error = buyer.call("post", f"/store/carts/{cart_id}/complete", status=400)
    assert error["message"] == "Payment sessions are required to complete cart"
    nothing_left_behind(cart_id)


def test_a_budget_spent_between_validation_and_placement_refuses(
    buyer: Buyer, campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another checkout spends the campaign while this one is validated: the budget's lock decides."""

    def concurrent_spend(checkout: Any) -> None:
        Campaign.objects.update(budget_used=Decimal(99))

    monkeypatch.setattr(extensions, "VALIDATORS", (*extensions.VALIDATORS, concurrent_spend))
    cart_id = ready(buyer)
    error = buyer.call("post", f"/store/carts/{cart_id}/complete", status=400)
    assert (error["type"], error["message"]) == ("not_allowed", "Promotion SPRING's campaign budget is spent")
    Campaign.objects.update(budget_used=0)  # the injected spend was this request's and rolled back
    nothing_left_behind(cart_id)


def test_stock_gone_before_reservation_gives_the_promotion_use_back(
    buyer: Buyer, campaign: Campaign, shop: Shop
) -> None:
    cart_id = ready(buyer)
    for level in InventoryLevel.objects.all():
        inventory.set_level(item=level.inventory_item, location=level.location, stocked_quantity=1)
    error = buyer.call("post", f"/store/carts/{cart_id}/complete", status=400)
    assert error["type"] == "not_allowed"
    nothing_left_behind(cart_id)


def test_a_declined_payment_releases_the_stock_and_the_promotion(buyer: Buyer, campaign: Campaign) -> None:
    cart_id = ready(buyer, "pp_declining_default")
    answer = buyer.call("post", f"/store/carts/{cart_id}/complete")
    assert (answer["type"], answer["error"]["type"]) == ("cart", "payment_authorization_error")
    assert answer["cart"]["payment_collection"]["payment_sessions"][0]["status"] == "error"
    nothing_left_behind(cart_id)


def test_an_order_insert_failure_voids_the_authorization(
    buyer: Buyer, campaign: Campaign, shop: Shop
) -> None:
    cart_id = ready(buyer)
    cart = Cart.objects.get(pk=cart_id)
    Order.objects.create(  # a row that clashes with the order's insert (one order per cart)
        tenant=shop.tenant, display_id=99, cart_id=cart_id, region=shop.region, currency_code="eur",
        sales_channel_id=cart.sales_channel_id, total=0,
    )  # fmt: skip
    response = buyer.client.post(f"/store/carts/{cart_id}/complete", **buyer.headers())
    assert response.status_code == 422, response.content
    assert len(RecordingProvider.canceled) == 1
    Order.objects.all().delete()
    nothing_left_behind(cart_id)


def test_an_after_placement_step_that_fails_undoes_the_checkout(
    buyer: Buyer, campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(checkout: Any) -> None:
        raise MedusaError(ErrorType.NOT_ALLOWED, "Subscriptions are closed")

    monkeypatch.setattr(extensions, "AFTER_PLACEMENT", (*extensions.AFTER_PLACEMENT, Step("refuse", refuse)))
    cart_id = ready(buyer)
    error = buyer.call("post", f"/store/carts/{cart_id}/complete", status=400)
    assert error["message"] == "Subscriptions are closed"
    assert len(RecordingProvider.canceled) == 1
    nothing_left_behind(cart_id)
