"""Payment providers: the interface a provider implements and the registry that finds them.

A provider is a class named in ``CITYOS_PAYMENT_PROVIDERS`` (dotted paths); a package such as a
Stripe integration ships its own class and is enabled by adding it there, with no change to the core.
Ids follow Medusa: ``pp_<identifier>_<name>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar, Literal

from django.conf import settings
from django.utils.module_loading import import_string

SessionStatus = Literal["authorized", "captured", "pending", "requires_more", "error", "canceled"]


@dataclass(frozen=True)
class ProviderResult:
    """What a provider answers: the session or payment status it reached and its own data to keep."""

    status: SessionStatus
    data: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class WebhookAction:
    """A provider's webhook turned into what cityos should do with which session."""

    action: Literal["authorized", "captured", "failed", "not_supported"]
    session_id: str | None = None
    amount: Decimal | None = None


class PaymentProvider:
    """Subclass and override; every method gets the provider's stored ``data`` and returns new data."""

    identifier: ClassVar[str]
    name: ClassVar[str] = "default"

    @classmethod
    def id(cls) -> str:
        return f"pp_{cls.identifier}_{cls.name}"

    def initiate(self, *, amount: Decimal, currency_code: str, context: dict[str, Any]) -> ProviderResult:
        return ProviderResult("pending")

    def authorize(self, *, amount: Decimal, currency_code: str, data: dict[str, Any]) -> ProviderResult:
        raise NotImplementedError

    def capture(self, *, amount: Decimal, data: dict[str, Any]) -> ProviderResult:
        return ProviderResult("captured", data)

    def refund(self, *, amount: Decimal, data: dict[str, Any]) -> ProviderResult:
        return ProviderResult("captured", data)

    def cancel(self, *, data: dict[str, Any]) -> ProviderResult:
        return ProviderResult("canceled", data)

    def webhook(self, *, payload: bytes, headers: dict[str, str]) -> WebhookAction:
        return WebhookAction("not_supported")


class SystemProvider(PaymentProvider):
    """Medusa's ``pp_system_default``: authorizes at once; money is settled outside cityos."""

    identifier = "system"

    def authorize(self, *, amount: Decimal, currency_code: str, data: dict[str, Any]) -> ProviderResult:
        return ProviderResult("authorized", data)


class ManualProvider(PaymentProvider):
    """Bank transfer or cash on delivery: authorized at checkout, captured by staff when the money is in."""

    identifier = "manual"
    name = "manual"

    def authorize(self, *, amount: Decimal, currency_code: str, data: dict[str, Any]) -> ProviderResult:
        return ProviderResult("authorized", {**data, "instructions": "Awaiting payment"})


DEFAULT_PROVIDERS = [
    "cityos.commerce.payments.providers.SystemProvider",
    "cityos.commerce.payments.providers.ManualProvider",
]


@cache
def _registry(paths: tuple[str, ...]) -> dict[str, PaymentProvider]:
    providers = [import_string(path)() for path in paths]
    return {provider.id(): provider for provider in providers}


def registry() -> dict[str, PaymentProvider]:
    return _registry(tuple(getattr(settings, "CITYOS_PAYMENT_PROVIDERS", DEFAULT_PROVIDERS)))


def provider(provider_id: str) -> PaymentProvider | None:
    return registry().get(provider_id)
