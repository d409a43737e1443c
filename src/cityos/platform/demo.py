"""The demo-data handshake between ``cityos demo`` and each service's ``demo`` management command.

The command line owns ``var/demo.json`` and the credentials in it; it hands each service the part it
asks for on stdin and merges what the service answers on stdout, so re-running changes nothing.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_TENANTS = [
    {"slug": "acme", "name": "Acme Outfitters", "host": "acme.localhost", "currency": "eur"},
    {"slug": "globex", "name": "Globex Supply", "host": "globex.localhost", "currency": "usd"},
]


def demo_command(load: Callable[[dict[str, Any]], dict[str, Any]], help_text: str) -> type[BaseCommand]:
    """Build a management command that reads the wanted demo state as JSON and prints what it made."""

    class Command(BaseCommand):
        help = help_text

        def handle(self, *args: Any, **options: Any) -> None:
            wanted = json.loads(sys.stdin.read() or "{}")
            with transaction.atomic():
                made = load(wanted)
            self.stdout.write(json.dumps(made))

    return Command
