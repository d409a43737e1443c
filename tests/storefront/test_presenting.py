"""What the shop shows from upstream answers: prices, the chosen variant, the brand, time windows,
and the cart cookie bound to one shop."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.test import RequestFactory

from cityos.storefront import basket, catalog
from cityos.storefront.presenting import money, pick_variant, price_tiers, product_view, theme_style
from cityos.storefront.shop import Shop, host_name

PRODUCT = {
    "id": "prod_1",
    "handle": "tee",
    "title": "Tee",
    "description": "Plain <b>cotton</b>",
    "options": [{"id": "opt_size", "title": "Size", "values": [{"value": "S"}, {"value": "M"}]}],
    "variants": [
        {
            "id": "variant_s",
            "options": [{"option_id": "opt_size", "value": "S", "option": {"title": "Size"}}],
            "calculated_price": {"calculated_amount": 20, "original_amount": 25, "currency_code": "usd"},
            "inventory_quantity": 0,
            "prices": [
                {"amount": 20, "currency_code": "usd", "min_quantity": None},
                {"amount": 18, "currency_code": "usd", "min_quantity": 10},
                {"amount": 17, "currency_code": "eur", "min_quantity": None},
            ],
        },
        {
            "id": "variant_m",
            "options": [{"option_id": "opt_size", "value": "M", "option": {"title": "Size"}}],
            "calculated_price": {"calculated_amount": 22, "original_amount": 22, "currency_code": "usd"},
            "inventory_quantity": 4,
        },
    ],
    "cms_product": {
        "title_override": "Organic Tee",
        "description": "<p>Rich</p>",
        "seo": {"meta_title": "T"},
    },
}


def shop(slug: str = "acme") -> Shop:
    return Shop(
        host=f"{slug}.localhost", tenant_id=1, slug=slug, name=slug, publishable_key="pk", region_id="reg"
    )


def test_money_has_its_currency_and_two_places():
    assert money(Decimal("1234.5"), "usd") == "$1,234.50"
    assert money(10, "eur") == "€10.00"
    assert money(10, "chf") == "10.00 CHF"
    assert money("nonsense", "usd") == ""


def test_a_card_shows_the_cheapest_price_as_from_and_content_fields_win():
    card = product_view(PRODUCT)
    assert (card["title"], card["price"], card["from_price"]) == ("Organic Tee", "$20.00", True)
    assert card["description_html"] == "<p>Rich</p>"
    assert card["meta_title"] == "T"


def test_the_chosen_variant_gives_its_price_stock_and_tiers():
    chosen = pick_variant(PRODUCT, {"opt_Size": "M"})
    assert chosen["id"] == "variant_m"
    page = product_view(PRODUCT, chosen)
    assert (page["price"], page["was"], page["in_stock"], page["stock"]) == ("$22.00", "", True, 4)
    small = pick_variant(PRODUCT, {"variant": "variant_s"})
    assert product_view(PRODUCT, small)["was"] == "$25.00"
    assert not product_view(PRODUCT, small)["in_stock"]
    assert price_tiers(small, "usd") == [{"from": "1", "price": "$20.00"}, {"from": "10", "price": "$18.00"}]
    assert pick_variant(PRODUCT, {"variant": "nonsense"})["id"] == "variant_s"


def test_only_plain_colours_and_fonts_reach_the_stylesheet():
    style = theme_style(
        {"primary": "#0a7", "accent": "red; } body { display:none", "font": "Inter, sans-serif"}
    )
    assert style == "--brand: #0a7; --font: Inter, sans-serif;"


def test_announcements_show_inside_their_window():
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    shown = catalog.current(
        [
            {"message": "always"},
            {"message": "past", "endsAt": "2026-11-30T00:00:00Z"},
            {"message": "future", "startsAt": "2026-12-02T00:00:00Z"},
            {"message": "now", "startsAt": "2026-12-01T00:00:00Z", "endsAt": "2026-12-02T00:00:00Z"},
        ],
        now,
    )
    assert [a["message"] for a in shown] == ["always", "now"]


def test_a_host_is_matched_without_its_port_or_case():
    assert host_name("Acme.Localhost:9002") == "acme.localhost"
    assert host_name("shop.example.") == "shop.example"


def test_a_cart_cookie_of_one_shop_is_refused_by_another():
    response = HttpResponse()
    basket.remember(response, shop("acme"), "cart_01")
    cookie = response.cookies[basket.COOKIE]
    assert cookie["httponly"]
    request = RequestFactory().get("/", HTTP_COOKIE=f"{basket.COOKIE}={cookie.value}")
    assert basket.cart_id(request, shop("acme")) == "cart_01"
    assert basket.cart_id(request, shop("globex")) is None
    forged = RequestFactory().get("/", HTTP_COOKIE=f"{basket.COOKIE}=cart_02")
    assert basket.cart_id(forged, shop("acme")) is None
