"""Template filters of the storefront: amounts with their currency, and content's rich text."""

from __future__ import annotations

from typing import Any

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

from cityos.storefront.presenting import money

register = template.Library()


@register.filter
def price(amount: Any, currency_code: str) -> str:
    return money(amount, currency_code) if amount is not None else ""


@register.filter
def rich_text(html: Any) -> SafeString:
    """Content's rich text as HTML. Content sanitizes it when it is saved; the storefront cleans it
    again, as a client that trusts no upstream with its own origin."""
    return mark_safe(nh3.clean(html) if isinstance(html, str) else "")
