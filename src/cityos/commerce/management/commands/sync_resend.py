"""``sync_resend [--tenant slug] [--ids a b] [--after cursor]``: re-send to content in batches.

Tenants, stores and categories go first (unless ``--after`` continues a stopped run or ``--ids`` names
products), then products. Prints one JSON line per batch (``{"sent", "cursor", "total"}``, and first
``{"mirrors"}``) for ``cityos sync initial``'s progress.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityos.commerce.catalog.models import Product
from cityos.commerce.resync import resend_mirrors, resend_products
from cityos.commerce.tenants.models import Tenant


class Command(BaseCommand):
    help = "Re-send products to content as product.updated events, in batches, after an optional cursor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", help="a tenant's slug (default: every tenant)")
        parser.add_argument("--ids", nargs="*")
        parser.add_argument("--after", default="", help="continue after this product id")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = None
        if options["tenant"]:
            tenant = Tenant.objects.filter(slug=options["tenant"]).first()
            if tenant is None:
                raise CommandError(f"no tenant {options['tenant']}")
        if not options["after"] and options["ids"] is None:
            self.stdout.write(json.dumps({"mirrors": resend_mirrors(tenant=tenant)}))
        total = Product.objects.filter(id__gt=options["after"]).count() if tenant is None else None
        for sent, cursor in resend_products(tenant=tenant, ids=options["ids"], after=options["after"]):
            self.stdout.write(json.dumps({"sent": sent, "cursor": cursor, "total": total}))
            self.stdout.flush()
