"""Payload's query string: ``where`` in qs bracket syntax, turned into a Django ``Q`` over known fields only.

``where[title][like]=red shirt``, ``where[or][0][status][equals]=a``, ``where[medusa_id][in]=a,b``.
A field that is not queryable, an unknown operator or a malformed value is a ``QueryError`` (400),
never a database error.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.http import QueryDict
from django.utils.dateparse import parse_datetime

from cityos.content.tenants.naming import tenant_key


class QueryError(Exception):
    """A query Payload would refuse; answered as 400 with Payload's QueryError shape."""


def nested(query: QueryDict, root: str) -> Any:
    """``root[a][0][b]=v`` pairs as nested dicts and lists, as the ``qs`` library builds them."""
    tree: dict[str, Any] = {}
    for key, values in query.lists():
        if key != root and not key.startswith(f"{root}["):
            continue
        parts = [root, *(part.rstrip("]") for part in key[len(root) :].split("[")[1:])]
        node = tree
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise QueryError(f"The following path cannot be queried: {key}")
            node = child
        node[parts[-1]] = values[-1] if len(values) == 1 else values
    return _lists(tree.get(root))


INT64_MAX = 2**63 - 1  # the widest integer a database column or comparison takes


def digits(raw: str) -> bool:
    """Only ASCII digits: ``str.isdigit`` also takes ``³``, which ``int`` then refuses."""
    return raw.isascii() and raw.isdigit()


def row_id(raw: str) -> int | None:
    """A document id from a path: a non-negative integer a database key holds, else None."""
    return int(raw) if digits(raw) and len(raw) <= 19 and int(raw) <= INT64_MAX else None


def _lists(node: Any) -> Any:
    if isinstance(node, dict):
        converted = {key: _lists(value) for key, value in node.items()}
        if converted and all(digits(key) for key in converted):
            return [converted[key] for key in sorted(converted, key=int)]
        return converted
    return node


@dataclass(frozen=True)
class QueryField:
    """A queryable field: its ORM lookup path and how its values are read from the query string."""

    lookup: str
    parse: Callable[[str], Any] = str
    many: bool = False  # a list-valued field, where ``all`` applies


TENANT = QueryField("tenant", tenant_key)  # by content id, commerce id or slug (tenants/naming.py)


def as_number(raw: str) -> float | int:
    try:
        number = int(raw) if digits(raw.removeprefix("-")) else float(raw)
    except ValueError:
        raise QueryError(f"{raw!r} is not a number") from None
    if not math.isfinite(number) or abs(number) > INT64_MAX:
        raise QueryError(f"{raw!r} is not a number in range")
    return number


def moment(raw: str) -> datetime | None:
    """An ISO 8601 date or date and time, or None when it is not one (``2026-13-45`` included)."""
    try:
        return parse_datetime(raw) or parse_datetime(f"{raw}T00:00:00+00:00")
    except ValueError:
        return None


def as_date(raw: str) -> datetime:
    parsed = moment(raw)
    if parsed is None:
        raise QueryError(f"{raw!r} is not a date")
    return parsed


def as_bool(raw: str) -> bool:
    if str(raw).lower() not in {"true", "false", "1", "0"}:
        raise QueryError(f"{raw!r} is not true or false")
    return str(raw).lower() in {"true", "1"}


def listed(value: Any) -> list[str]:
    values = value if isinstance(value, list) else str(value).split(",")
    return [str(v) for v in values if str(v) != ""]


def _condition(field: QueryField, operator: str, value: Any) -> Q:
    lookup = field.lookup
    if isinstance(value, dict):
        raise QueryError(f"Invalid value for operator {operator}")
    match operator:
        case "equals":
            return Q(**{lookup: field.parse(value)})
        case "not_equals":
            return ~Q(**{lookup: field.parse(value)})
        case "in":
            return Q(**{f"{lookup}__in": [field.parse(v) for v in listed(value)]})
        case "not_in":
            return ~Q(**{f"{lookup}__in": [field.parse(v) for v in listed(value)]})
        case "greater_than" | "greater_than_equal" | "less_than" | "less_than_equal":
            suffix = {
                "greater_than": "gt",
                "greater_than_equal": "gte",
                "less_than": "lt",
                "less_than_equal": "lte",
            }
            return Q(**{f"{lookup}__{suffix[operator]}": field.parse(value)})
        case "like":  # every word, anywhere, any case
            words = str(value).split()
            return Q(*(Q(**{f"{lookup}__icontains": word}) for word in words)) if words else Q()
        case "contains":
            return Q(**{f"{lookup}__icontains": str(value)})
        case "exists":
            present = as_bool(value)
            return ~Q(**{f"{lookup}__isnull": True}) if present else Q(**{f"{lookup}__isnull": True})
        case "all" if field.many:
            return Q(*(Q(**{f"{lookup}__contains": [field.parse(v)]}) for v in listed(value)))
    raise QueryError(f"Invalid query operator: {operator}")


def where_q(where: Any, fields: Mapping[str, QueryField]) -> Q:
    """The ``Q`` of a where tree: fields AND-ed, ``and``/``or`` lists nested as Payload nests them."""
    if where in (None, "", {}):
        return Q()
    if not isinstance(where, dict):
        raise QueryError("where must be an object")
    condition = Q()
    for key, value in where.items():
        if key in ("and", "or"):
            if not isinstance(value, list):
                raise QueryError(f"{key} must be a list of conditions")
            parts = [where_q(item, fields) for item in value]
            combined = Q()
            for part in parts:
                combined = (combined & part) if key == "and" else (combined | part)
            condition &= combined
            continue
        field = fields.get(key)
        if field is None or not isinstance(value, dict):
            raise QueryError(f"The following path cannot be queried: {key}")
        for operator, operand in value.items():
            condition &= _condition(field, operator, operand)
    return condition


def sort_order(raw: str | None, fields: Mapping[str, QueryField], default: str) -> list[str]:
    """``sort=-createdAt,title`` as ORM ordering of known fields, ending with the id for stable pages."""
    order = []
    for part in [p.strip() for p in (raw or default).split(",") if p.strip()]:
        name = part.lstrip("-")
        if name not in fields:
            raise QueryError(f"The following path cannot be sorted: {name}")
        order.append(("-" if part.startswith("-") else "") + fields[name].lookup)
    descending = order[0].startswith("-") if order else True
    return [*order, "-pk" if descending else "pk"]
