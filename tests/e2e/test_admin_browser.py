"""The sync dashboards as a person sees them in a real browser: sign in, read the charts, retry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def test_both_admins_chart_the_sync_and_retry_it(stack: Stack, browser: Any, tmp_path: Path) -> None:
    assert eventually(lambda: stack.health("commerce")["medusa_to_payload"]["synced_count"] > 0, 120)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, f"{stack.url('commerce')}/app/login/", stack.demo["commerce"]["admin"])
    check_dashboard(
        page, f"{stack.url('commerce')}/app/sync/", "commerce → content", tmp_path / "commerce.png"
    )
    sign_in(page, f"{stack.url('content')}/admin/login/", stack.demo["content"]["admin"])
    check_dashboard(
        page, f"{stack.url('content')}/admin/sync/", "content → commerce", tmp_path / "content.png"
    )
