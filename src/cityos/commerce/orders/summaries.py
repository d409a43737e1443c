"""Daily order summaries, sent to content (design §4: commerce owns them, content shows them).

One summary per tenant and day: placed orders that were not canceled, and their revenue in the
tenant's default currency (orders in other currencies are counted, not added). Re-sending a day is
harmless: content keeps the newest summary of each day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum

from cityos.commerce.orders.models import Order
from cityos.commerce.tenants.models import Tenant
from cityos.platform.events.outbox import emit


@transaction.atomic
def send_day(day: date) -> int:
    """Emit ``order_summary.daily`` for every tenant with orders on ``day`` (UTC); returns how many."""
    start = datetime.combine(day, time.min, tzinfo=UTC)
    placed = Order.objects.filter(created_at__gte=start, created_at__lt=start + timedelta(days=1)).exclude(
        status=Order.Status.CANCELED
    )
    sent = 0
    for tenant in Tenant.objects.filter(id__in=placed.values("tenant_id")).order_by("id"):
        own = placed.filter(tenant=tenant)
        totals = own.aggregate(
            orders=Count("id"), revenue=Sum("total", filter=Q(currency_code=tenant.default_currency_code))
        )
        data = {
            "tenant": tenant.slug,
            "date": day.isoformat(),
            "orders_count": totals["orders"],
            "revenue": format((totals["revenue"] or Decimal(0)).normalize(), "f"),
            "currency_code": tenant.default_currency_code,
        }
        emit(
            "order_summary.daily", entity_id=f"{tenant.id}:{day.isoformat()}", tenant_id=tenant.id, data=data
        )
        sent += 1
    return sent
