"""A provider package as a third party would ship one: enabled through ``CITYOS_PAYMENT_PROVIDERS``."""

from __future__ import annotations

import hashlib
import hmac
import json
from decimal import Decimal
from typing import Any

from cityos.commerce.payments.providers import PaymentProvider, ProviderResult, WebhookAction


class DecliningProvider(PaymentProvider):
    """A card network that says no."""

    identifier = "declining"

    def authorize(self, *, amount: Decimal, currency_code: str, data: dict[str, Any]) -> ProviderResult:
        return ProviderResult("error", {**data, "decline_code": "card_declined"}, error="card_declined")


class OffsiteProvider(PaymentProvider):
    """A redirect provider: the buyer pays on its page, and it reports back by a signed webhook."""

    identifier = "offsite"
    secret = b"offsite-test-secret"

    def authorize(self, *, amount: Decimal, currency_code: str, data: dict[str, Any]) -> ProviderResult:
        return ProviderResult("authorized", data)

    @classmethod
    def sign(cls, payload: bytes) -> str:
        return hmac.new(cls.secret, payload, hashlib.sha256).hexdigest()

    def webhook(self, *, payload: bytes, headers: dict[str, str]) -> WebhookAction:
        if not hmac.compare_digest(headers.get("X-Offsite-Signature", ""), self.sign(payload)):
            return WebhookAction("not_supported")
        event = json.loads(payload)
        amount = Decimal(str(event["amount"])) if "amount" in event else None
        return WebhookAction(event["type"], event["session_id"], amount)


class RecordingProvider(PaymentProvider):
    """Authorizes everything and keeps each cancel it is asked for, as a provider's dashboard would."""

    identifier = "recording"
    canceled: list[dict[str, Any]] = []

    def authorize(self, *, amount: Decimal, currency_code: str, data: dict[str, Any]) -> ProviderResult:
        return ProviderResult("authorized", {**data, "hold": str(amount)})

    def cancel(self, *, data: dict[str, Any]) -> ProviderResult:
        type(self).canceled.append(data)
        return ProviderResult("canceled", data)
