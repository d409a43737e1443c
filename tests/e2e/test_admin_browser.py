"""The admins as a person uses them in a real browser: read the sync charts, retry, and edit a product
in ``/app`` and see the edit reach content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from cityos.testing.launcher import ServiceStack as Stack
from cityos.testing.launcher import eventually

pytestmark = pytest.mark.browser


def sign_in(page: Any, url: str, account: dict[str, str]) -> None:
    page.goto(url)
    page.fill("input[name=username]", account["email"])
    page.fill("input[name=password]", account["password"])
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()


def check_dashboard(page: Any, url: str, heading: str, shot: Path) -> None:
    page.goto(url)
    assert heading in page.content()
    bars = page.locator(".cityos-sync svg rect")
    assert bars.count() >= 24 * 3  # a bar an hour in each count chart
    assert any(float(bars.nth(i).get_attribute("height") or 0) > 0 for i in range(bars.count()))
    page.screenshot(path=str(shot), full_page=True)
    page.click("text=Retry failed and dead")
    page.wait_for_load_state()
    assert "Rescheduled 0 deliveries" in page.content()


def content_title(stack: Stack, product_id: str) -> str | None:
    key = stack.demo["content"]["api_key"]
    docs = httpx.get(
        f"{stack.url('content')}/api/products",
        params={"where[medusa_id][equals]": product_id},
        headers={"Authorization": f"users API-Key {key}"},
    ).json()["docs"]
    return docs[0]["title"] if docs else None


def edit_product_title(page: Any, stack: Stack, title: str) -> str:
    """Change the first product's title on its ``/app`` page, as staff would; returns its id."""
    secret = stack.demo["commerce"]["secret_api_key"]
    product = httpx.get(
        f"{stack.url('commerce')}/admin/products?limit=1&fields=id",
        headers={"Authorization": f"Basic {secret}"},
    ).json()["products"][0]
    page.goto(f"{stack.url('commerce')}/app/catalog/product/{product['id']}/change/")
    page.fill("input[name=title]", title)
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert "was changed successfully" in page.content()
    return str(product["id"])


def test_both_admins_chart_the_sync_and_carry_an_app_edit(stack: Stack, browser: Any, tmp_path: Path) -> None:
    assert eventually(lambda: stack.health("commerce")["medusa_to_payload"]["synced_count"] > 0, 120)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, f"{stack.url('commerce')}/app/login/", stack.demo["commerce"]["admin"])
    check_dashboard(
        page, f"{stack.url('commerce')}/app/sync/", "commerce → content", tmp_path / "commerce.png"
    )
    product_id = edit_product_title(page, stack, "Edited in /app")
    assert eventually(lambda: content_title(stack, product_id) == "Edited in /app", 60)
    sign_in(page, f"{stack.url('content')}/admin/login/", stack.demo["content"]["admin"])
    check_dashboard(
        page, f"{stack.url('content')}/admin/sync/", "content → commerce", tmp_path / "content.png"
    )


def test_both_api_docs_work_offline(stack: Stack, browser: Any) -> None:
    """Swagger UI comes from cityos's own static files: with every request off loopback refused, both
    docs pages still list their operations."""
    page = browser.new_page()
    refused: list[str] = []

    def loopback_only(route: Any) -> None:
        host = route.request.url.split("/")[2].split(":")[0]
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", loopback_only)
    for url in (f"{stack.url('commerce')}/docs", f"{stack.url('content')}/api-docs"):
        page.goto(url)
        page.wait_for_selector(".opblock", timeout=30_000)
        assert page.locator(".opblock").count() > 20, url
    assert refused == []
