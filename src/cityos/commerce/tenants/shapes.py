"""Shapes of tenant-level records that other modules' answers embed."""

from __future__ import annotations

from cityos.commerce.shapes import TIMES, Shape
from cityos.commerce.tenants.models import SalesChannel

SALES_CHANNEL = Shape(("id", "name", "description", "is_disabled", "metadata", *TIMES), model=SalesChannel)
