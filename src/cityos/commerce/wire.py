"""Medusa's JSON on the wire: amounts as numbers, times as ISO 8601 in UTC with a ``Z``."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja.renderers import BaseRenderer


def wire_number(value: Decimal) -> int | float:
    """Medusa answers amounts as JSON numbers; the exact value travels beside them as ``raw_*`` strings."""
    return int(value) if value == value.to_integral_value() else float(value)


class MedusaJSONEncoder(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return wire_number(o)
        if hasattr(o, "isoformat"):
            return o.isoformat().replace("+00:00", "Z")
        return super().default(o)


class MedusaRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> str:
        return dumps(data)


def dumps(data: Any) -> str:
    return json.dumps(data, cls=MedusaJSONEncoder, separators=(",", ":"))
