"""Query-string parameters as Medusa's clients send them, with Medusa's 400 for bad ones."""

from __future__ import annotations

from django.http import HttpRequest

from cityos.commerce.errors import invalid


def query_values(request: HttpRequest, name: str) -> list[str]:
    """``name=a``, ``name=a&name=b``, ``name=a,b``, and qs arrays ``name[]=a`` / ``name[0]=a``."""
    raw = request.GET.getlist(name)
    raw += [value for key in request.GET if key.startswith(f"{name}[") for value in request.GET.getlist(key)]
    return list(dict.fromkeys(part for value in raw for part in value.split(",") if part))


# JavaScript's Number.MAX_SAFE_INTEGER, the largest count a Medusa client can send exactly.
MAX_SAFE_INTEGER = 2**53 - 1


def int_param(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid(f"Invalid request: {name} must be a number") from None
    if value < 0:
        raise invalid(f"Invalid request: {name} must be greater than or equal to 0")
    if value > MAX_SAFE_INTEGER:
        raise invalid(f"Invalid request: {name} must be less than or equal to {MAX_SAFE_INTEGER}")
    return value


def require_json(request: HttpRequest) -> None:
    """Sign-in routes take JSON only: a cross-site form or ``text/plain`` "simple" request, which a
    browser sends without a CORS preflight, must not sign anybody in."""
    if request.content_type != "application/json":
        raise invalid("Invalid request: the body must be sent as application/json")


# What every list route reads besides its filters; a route for one record reads only ``fields``.
PAGING = frozenset({"fields", "limit", "offset", "order", "q"})
SELECTING = frozenset({"fields"})


def refuse_unknown(
    request: HttpRequest, known: frozenset[str] | set[str] = frozenset(), *, paged: bool = True
) -> None:
    """A parameter this route cannot honour is refused, naming it, instead of answering as if it were
    not there (unfiltered rows, say); a qs array (``name[]``, ``name[0]``) counts as its name."""
    unknown = sorted({key.split("[", 1)[0] for key in request.GET} - (PAGING if paged else SELECTING) - known)
    if unknown:
        raise invalid("Invalid request: Unrecognized fields: " + ", ".join(f"'{name}'" for name in unknown))
