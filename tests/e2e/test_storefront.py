"""The storefront as shoppers use it, on real servers: a guest checkout in Chromium with and without
JavaScript, two tenants on two hosts kept apart, and pages that still render while a service is down."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cityos.testing.launcher import ServiceStack, eventually

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "var" / "test-artefacts" / "storefront"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # from package-lock.json (``npm ci``)


def tenant(stack: ServiceStack, slug: str) -> dict[str, Any]:
    return next(t for t in stack.demo["tenants"] if t["slug"] == slug)


def shop_url(stack: ServiceStack, slug: str) -> str:
    """``http://acme.localhost:<port>``: Chromium and the storefront both take ``*.localhost`` as loopback."""
    port = stack.url("storefront").rsplit(":", 1)[1]
    return f"http://{tenant(stack, slug)['host']}:{port}"


def get(stack: ServiceStack, slug: str, path: str, **kwargs: Any) -> httpx.Response:
    """A page of one shop over plain HTTP, its host in the Host header."""
    headers = {"host": f"{tenant(stack, slug)['host']}:{stack.url('storefront').rsplit(':', 1)[1]}"}
    return httpx.get(f"{stack.url('storefront')}{path}", headers=headers, timeout=15, **kwargs)


def mirrored(stack: ServiceStack) -> bool:
    """Both demo shops' stores (with their publishable keys) have reached content."""
    stores = httpx.get(f"{stack.url('content')}/api/stores?limit=10").json()["docs"]
    return sum(1 for store in stores if store.get("publishable_keys")) >= 2


@pytest.fixture(scope="module")
def shopfront(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceStack]:
    """One platform for this module's tests: they read, place their own orders, and the outage test,
    which pauses services and resumes them, runs last."""
    stack = ServiceStack(tmp_path_factory.mktemp("shopfront"), {"CITYOS_WEBHOOK_RETRY_SCHEDULE": "1,1,2,3,5"})
    try:
        for name in ("commerce", "commerce-worker", "content", "content-worker", "storefront"):
            stack.start(name)
        assert eventually(lambda: mirrored(stack), 120)
        yield stack
    finally:
        stack.stop()


def orders_of(stack: ServiceStack, slug: str) -> list[dict[str, Any]]:
    secret = stack.demo["commerce"]["secret_api_key"]
    headers = {"Authorization": f"Basic {secret}", "x-tenant-id": slug}
    answer = httpx.get(f"{stack.url('commerce')}/admin/orders?fields=id,email,display_id", headers=headers)
    return list(answer.json()["orders"])


def checkout_as_guest(
    page: Any, base: str, code: str, email: str, shots: Path | None, saved_address: str = ""
) -> str:
    """Home, a product, a variant, the cart, a promotion code, checkout, confirmation: the order id."""
    page.goto(base + "/")
    if shots:
        page.screenshot(path=str(shots / "home.png"), full_page=True)
    page.locator(".grid .card a").first.click()
    page.wait_for_load_state()
    select = page.locator("form.options select").first
    if select.count():
        values = select.locator("option").all_inner_texts()
        select.select_option(values[-1])
        page.locator("form.options button").click()  # with JavaScript the change already submitted
        page.wait_for_load_state()
    if shots:
        page.screenshot(path=str(shots / "product.png"), full_page=True)
    page.locator("form.add button").click()
    page.wait_for_url(re.compile(r"/cart$"))
    page.fill("#code", code)
    page.locator("form.promo button").click()
    page.wait_for_load_state()
    assert page.locator("[data-applied-code]").inner_text() == code
    assert page.locator("[data-discount]").count() == 1
    if shots:
        page.screenshot(path=str(shots / "cart.png"), full_page=True)
    page.locator("a.button", has_text="Check out").click()
    page.wait_for_load_state()
    if saved_address:  # signed in: the form starts from the account's first address
        assert page.input_value("#address_1") == saved_address
    address = {"email": email, "first_name": "Ada", "last_name": "Lovelace", "address_1": "1 Loop Road",
               "city": "Berlin", "postal_code": "10115"}  # fmt: skip
    for name, value in address.items():
        page.fill(f"#{name}", value)
    page.locator("form.checkout button[type=submit]").click()
    page.wait_for_url(re.compile(r"/orders/order_[0-9A-Z]+/confirmed$"))
    if shots:
        page.screenshot(path=str(shots / "confirmation.png"), full_page=True)
    assert "Thank you" in page.content()
    return page.url.rsplit("/", 2)[-2]


@pytest.mark.browser
def test_a_guest_checks_out_in_a_real_browser_with_and_without_javascript(
    shopfront: ServiceStack, browser: Any
) -> None:
    shots = ARTEFACTS
    shots.mkdir(parents=True, exist_ok=True)
    acme = tenant(shopfront, "acme")
    with_js = browser.new_context(viewport={"width": 1280, "height": 900})
    placed = checkout_as_guest(with_js.new_page(), shop_url(shopfront, "acme"), acme["promo_code"],
                               "guest@example.com", shots)  # fmt: skip
    without_js = browser.new_context(java_script_enabled=False)
    plain = checkout_as_guest(without_js.new_page(), shop_url(shopfront, "acme"), acme["promo_code"],
                              "plain@example.com", None)  # fmt: skip
    orders = {order["id"]: order["email"] for order in orders_of(shopfront, "acme")}
    assert orders[placed] == "guest@example.com"
    assert orders[plain] == "plain@example.com"
    for name in ("home", "product", "cart", "confirmation"):
        assert (shots / f"{name}.png").stat().st_size > 0


def store_product_ids(stack: ServiceStack, slug: str) -> set[str]:
    headers = {"x-publishable-api-key": tenant(stack, slug)["publishable_key"]}
    answer = httpx.get(f"{stack.url('commerce')}/store/products?limit=100&fields=id", headers=headers)
    return {product["id"] for product in answer.json()["products"]}


def shown_ids(html: str) -> set[str]:
    return set(re.findall(r'data-product-id="([^"]+)"', html))


@pytest.mark.browser
def test_a_customer_signs_up_checks_out_and_finds_the_order_in_their_account(
    shopfront: ServiceStack, browser: Any
) -> None:
    base, acme = shop_url(shopfront, "acme"), tenant(shopfront, "acme")
    page = browser.new_context().new_page()
    page.goto(base + "/account")
    page.fill("#up-first", "Grace")
    page.fill("#up-last", "Hopper")
    page.fill("#up-email", "grace@example.com")
    page.fill("#up-password", "a long password 1")
    page.locator("form[aria-labelledby=sign-up-title] button").click()
    page.wait_for_load_state()
    assert page.locator("[data-customer-email]").inner_text() == "grace@example.com"
    for field, value in (("#a-first", "Grace"), ("#a-last", "Hopper"), ("#a-line", "2 Harbour St"),
                         ("#a-city", "Hamburg"), ("#a-postal", "20095")):  # fmt: skip
        page.fill(field, value)
    page.locator("form[aria-labelledby=address-title] button").click()
    page.wait_for_load_state()
    assert "2 Harbour St" in page.locator("[data-addresses]").inner_text()
    placed = checkout_as_guest(page, base, acme["promo_code"], "grace@example.com", None, "2 Harbour St")
    page.goto(base + "/account")
    history = page.locator("[data-order-history]")
    assert history.locator(f"a[href$='/orders/{placed}/confirmed']").count() == 1
    page.locator("button", has_text="Sign out").click()
    page.wait_for_load_state()
    assert page.locator("[data-order-history]").count() == 0
    page.goto(f"{base}/orders/{placed}/confirmed")  # an account's order is its own once signed out
    assert "Not found" in page.content()
    stranger = browser.new_context().new_page()
    stranger.goto(f"{base}/orders/{placed}/confirmed")
    assert "Not found" in stranger.content()


@pytest.mark.browser
def test_the_shop_pages_have_no_serious_accessibility_violations(
    shopfront: ServiceStack, browser: Any
) -> None:
    """axe-core, run in Chromium on each kind of page: no critical or serious violation."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci`")
    base = shop_url(shopfront, "acme")
    page = browser.new_page()
    page.goto(base + "/products")
    product = page.locator(".grid .card a").first.get_attribute("href")
    found = {}
    for path in ("/", "/products", product, "/cart", "/account", "/journal", "/nowhere"):
        page.goto(base + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => (await axe.run(document)).violations")
        found[path] = [
            (v["id"], [node["target"] for node in v["nodes"]][:3])
            for v in result
            if v["impact"] in ("critical", "serious")
        ]
    assert found == {path: [] for path in found}


def test_two_tenants_on_two_hosts_never_show_each_other(shopfront: ServiceStack) -> None:
    acme, globex = get(shopfront, "acme", "/products"), get(shopfront, "globex", "/products")
    assert acme.status_code == globex.status_code == 200
    assert shown_ids(acme.text)
    assert shown_ids(acme.text) <= store_product_ids(shopfront, "acme")
    assert shown_ids(globex.text) <= store_product_ids(shopfront, "globex")
    assert not shown_ids(acme.text) & shown_ids(globex.text)
    assert tenant(shopfront, "acme")["name"] in acme.text
    assert tenant(shopfront, "acme")["name"] not in globex.text
    acme_links = sorted(set(re.findall(r'href="(/products/[^"]+)"', acme.text)))
    same_handle = get(shopfront, "globex", acme_links[0])  # handles are per tenant: globex's own, or 404
    assert same_handle.status_code in (200, 404)
    assert not shown_ids(same_handle.text) & store_product_ids(shopfront, "acme")

    # A cart made on one host: its cookie is refused on the other.
    product = get(shopfront, "acme", acme_links[0])
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', product.text).group(1)  # type: ignore[union-attr]
    variant = re.search(r'name="variant_id" value="([^"]+)"', product.text).group(1)  # type: ignore[union-attr]
    host = {"host": f"{tenant(shopfront, 'acme')['host']}:{shopfront.url('storefront').rsplit(':', 1)[1]}"}
    added = httpx.post(
        f"{shopfront.url('storefront')}/cart",
        data={"csrfmiddlewaretoken": csrf, "action": "add", "variant_id": variant, "quantity": "1"},
        cookies=product.cookies,
        headers=host | {"referer": f"http://{host['host']}/"},
    )
    assert added.status_code == 302, added.text
    cookies = {**dict(product.cookies), **dict(added.cookies)}
    assert get(shopfront, "acme", "/cart", cookies=cookies).text.count('name="line_id"') >= 1
    assert 'name="line_id"' not in get(shopfront, "globex", "/cart", cookies=cookies).text


def test_an_unknown_host_is_a_plain_404(shopfront: ServiceStack) -> None:
    response = httpx.get(f"{shopfront.url('storefront')}/", headers={"host": "nobody.localhost"})
    assert response.status_code == 404
    assert "No shop answers" in response.text


@pytest.mark.parametrize(
    "path",
    ["/products/%00", "/products?page=99999999&sort=nonsense", "/categories/" + "x" * 500,
     "/products/" + "%F0%9F%92%A5" * 50, "/orders/order_NOPE/confirmed", "/journal/nope", "/pages/nope",
     "/products?q=" + "%27%22%3C" * 100],
)  # fmt: skip
def test_odd_paths_answer_a_page_never_an_error(shopfront: ServiceStack, path: str) -> None:
    response = get(shopfront, "acme", path)
    assert response.status_code in (200, 404), (path, response.status_code)


def test_pages_render_while_a_service_is_down(shopfront: ServiceStack) -> None:
    listing = get(shopfront, "acme", "/products")
    handles = re.findall(r'href="/products/([^"]+)"', listing.text)
    cached, uncached = handles[0], handles[-1]
    assert get(shopfront, "acme", f"/products/{cached}").status_code == 200  # now kept by the storefront

    shopfront.pause("content")
    try:
        page = get(shopfront, "acme", f"/products/{cached}")
        assert page.status_code == 200
        assert "data-price" in page.text
        assert "data-prices-unavailable" not in page.text
    finally:
        shopfront.resume("content")

    shopfront.pause("commerce")
    try:
        home = get(shopfront, "acme", "/")
        assert home.status_code == 200
        assert "Welcome to" in home.text
        fallback = get(shopfront, "acme", f"/products/{uncached}")
        assert fallback.status_code == 200, fallback.text
        assert "data-prices-unavailable" in fallback.text
        for path in ("/cart", "/checkout", "/products?q=zzz", "/journal"):
            answer = get(shopfront, "acme", path)
            assert answer.status_code in (200, 302, 503), (path, answer.status_code)
            assert answer.status_code != 503 or "unavailable just now" in answer.text
    finally:
        shopfront.resume("commerce")
