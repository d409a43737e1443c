"""A provider package as a third party would ship one: enabled through ``CITYOS_PAYMENT_PROVIDERS``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cityos.commerce.payments.providers import PaymentProvider, ProviderResult


class DecliningProvider(PaymentProvider):
    """A card network that says no."""

    identifier = "declining"

    def authorize(self, *, amount: Decimal, currency_code: str, data: dict[str, Any]) -> ProviderResult:
        return ProviderResult("error", {**data, "decline_code": "card_declined"}, error="card_declined")
