"""``prepare --url U --secret S --events … [--demo]``: everything ``cityos run`` does to a service's
database before it serves, in one process: migrate, subscribe the peer, load the demo (its wanted
state as JSON on stdin), and report the sync status.

Each step is the command of its own name; running them in one process saves a Django start for each
(seconds per service on a busy machine). Prints one JSON line: ``{"demo": …, "health": …}``.
"""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def _last_json(output: io.StringIO) -> Any:
    return json.loads(output.getvalue().strip().splitlines()[-1])


class Command(BaseCommand):
    help = "Migrate, subscribe the peer, load the demo and report the sync status, in one process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", required=True)
        parser.add_argument("--secret", required=True)
        parser.add_argument("--events", nargs="*", default=[])
        parser.add_argument("--description", default="")
        parser.add_argument("--demo", action="store_true", help="load the demo (wanted state on stdin)")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        subscription = {name: options[name] for name in ("url", "secret", "events", "description")}
        call_command("subscribe", stdout=io.StringIO(), **subscription)
        demo = None
        if options["demo"]:
            call_command("demo", stdout=(made := io.StringIO()))
            demo = _last_json(made)
        call_command("sync_health", stdout=(health := io.StringIO()))
        self.stdout.write(json.dumps({"demo": demo, "health": _last_json(health)}))
