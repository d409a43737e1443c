"""``subscribe --url U --secret S --events a.* b.*``: make sure this service sends its events to U.

Idempotent: the subscription of the same name (or URL) is updated, so ``cityos run`` calls it on every
start.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from cityos.platform.events import delivery
from cityos.platform.events.models import Subscription


class Command(BaseCommand):
    help = "Subscribe a webhook endpoint to this service's events (idempotent by URL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", required=True)
        parser.add_argument("--secret", required=True, help="whsec_… shared with the receiver")
        parser.add_argument("--events", nargs="*", default=[], help="patterns such as product.*; none: all")
        parser.add_argument("--description", default="")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        # A named subscription (``--description``) is found by name, so a peer that moved port is followed.
        found = Subscription.objects.filter(
            **({"description": options["description"]} if options["description"] else {"url": options["url"]})
        ).first()
        if found is None:
            delivery.subscribe(
                options["url"],
                events=options["events"],
                secret=options["secret"],
                description=options["description"],
            )
        else:
            found.url, found.events, found.secret, found.is_active = (
                options["url"], options["events"], options["secret"], True,
            )  # fmt: skip
            found.save(update_fields=["url", "events", "secret", "is_active"])
        self.stdout.write(f"subscribed {options['url']} to {', '.join(options['events']) or 'every event'}")
