"""A store's slowly changing data, read once per process while nothing it came from has changed.

Every cart request reads the same rows as the one before: its region's countries and tax rates, the
shipping options that serve it, its variants' prices, its products' category and tag ids and its
customer's groups. They are cached per worker process under the ``store`` change stamp
(``cityos.platform.stamps``), which the database renews on any write to the tables below. A Store
request reads the stamp's token in the same query as its publishable key and uses the cache only for
that token; everything else (Admin API, tasks, shell) has no token and reads the database. What
depends on the time (a price list's start and end) is judged on each use, not cached.

Cached instances and rows are shared between requests: callers read them and never change them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Subquery

from cityos.commerce.catalog.models import Product
from cityos.commerce.customers.models import Customer, CustomerGroup
from cityos.commerce.fulfillment.models import (
    FulfillmentSet,
    ServiceZone,
    ShippingOption,
    ShippingOptionPrice,
)
from cityos.commerce.inventory.models import StockLocation
from cityos.commerce.pricing.models import Price, PriceList, PriceSet
from cityos.commerce.regions.models import RegionCountry, TaxRate
from cityos.platform.models import ChangeStamp
from cityos.platform.stamps import install_triggers

STAMP = "store"
# Every table a cached value is read from.
TABLES = tuple(
    model._meta.db_table
    for model in (
        RegionCountry,
        TaxRate,
        StockLocation,
        StockLocation.sales_channels.through,
        FulfillmentSet,
        ServiceZone,
        ShippingOption,
        ShippingOptionPrice,
        Price,
        PriceSet,
        PriceList,
        Product.categories.through,
        Product.tags.through,
        CustomerGroup,
        Customer.groups.through,
    )
)
# Beyond this many values (regions, channels, customers…) a snapshot starts afresh rather than grow.
MAX_VALUES = 10_000

T = TypeVar("T")


@dataclass
class Snapshot:
    token: str
    values: dict[Hashable, Any] = field(default_factory=dict)


_latest: Snapshot | None = None
_current: ContextVar[Snapshot | None] = ContextVar("store_config", default=None)


def token_subquery() -> Subquery:
    """The stamp's token as a column, for the query that reads the publishable key."""
    return Subquery(ChangeStamp.objects.filter(name=STAMP).values("token")[:1])


def use(token: str | None) -> None:
    """This request may use values cached under ``token``, the stamp it read (None: no stamp yet)."""
    global _latest
    snapshot = _latest
    if token is not None and (snapshot is None or snapshot.token != token):
        snapshot = _latest = Snapshot(token)
    _current.set(None if token is None else snapshot)


def forget(**_signal: Any) -> None:
    """At each request's start and end: no token carries over to the next request or to a task."""
    _current.set(None)


def cached(key: Hashable, load: Callable[[], T]) -> T:
    """``load()``, or what it gave under this request's token; without a token, always ``load()``."""
    snapshot = _current.get()
    if snapshot is None:
        return load()
    try:
        return snapshot.values[key]
    except KeyError:
        if len(snapshot.values) >= MAX_VALUES:
            snapshot.values.clear()
        value = snapshot.values[key] = load()
        return value


def install(using: str = "default", **_signal: Any) -> None:
    """``post_migrate``: the triggers that renew the stamp on any write to ``TABLES``."""
    install_triggers(STAMP, TABLES, using=using)
