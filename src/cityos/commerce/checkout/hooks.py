"""``POST /hooks/payment/:provider``: where a payment provider reports what happened to a session, as in
Medusa (``/hooks/payment/stripe_stripe``). The provider's own ``webhook`` reads and verifies the call;
an unverified or unknown notice is acknowledged and changes nothing, so that the provider stops
retrying it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from cityos.commerce.checkout.notices import process_payment_notice

router = Router(tags=["Payment webhooks"])


@router.post("/payment/{provider}", summary="Receive a payment provider's webhook")
def payment_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    provider_id = provider if provider.startswith("pp_") else f"pp_{provider}"
    process_payment_notice(provider_id, request.body, dict(request.headers))
    return HttpResponse("OK", content_type="text/plain")
