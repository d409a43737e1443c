"""``sync_health [--retry-failed]``: this service's sync status as JSON (``cityos sync`` reads it)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from cityos.platform.events.status import retry_failed, sync_status


class Command(BaseCommand):
    help = "Print this service's sync status as JSON; --retry-failed first retries what failed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--retry-failed", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        service = settings.CITYOS_SERVICE
        retried = {}
        if options["retry_failed"]:
            with transaction.atomic():
                retried = retry_failed(service)
        answer = {"service": service, "retried": retried, "status": sync_status(service)}
        self.stdout.write(json.dumps(answer, cls=DjangoJSONEncoder))
