"""Input the schemas let through but the database refuses, as a client error instead of a 500.

Each service's API maps a ``Refusal`` onto its own error shape. These are the last line: bodies are
validated by their schemas first; this catches what only the database can know (a value wider than its
column, a row another still references, a unique key taken by a concurrent request). The request's
transaction is rolled back by ``AtomicWritesMiddleware``, since the answer is a 4xx.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError

logger = logging.getLogger(__name__)
Kind = Literal["invalid", "duplicate", "conflict", "too_large"]
REFUSED = (DataError, OverflowError, IntegrityError, ProtectedError, RestrictedError, RequestDataTooBig,
           TooManyFieldsSent)  # fmt: skip
UNIQUE_VIOLATION = "23505"


@dataclass(frozen=True)
class Refusal:
    kind: Kind
    message: str

    @property
    def status(self) -> int:
        return {"invalid": 400, "duplicate": 422, "conflict": 409, "too_large": 413}[self.kind]


def refusal_of(error: Exception) -> Refusal:
    """What to tell the client about one of ``REFUSED``."""
    logger.info("refused: %s: %s", type(error).__name__, error)
    if isinstance(error, ProtectedError | RestrictedError):
        used_by = sorted({row._meta.verbose_name for row in error.args[1]}) if len(error.args) > 1 else []
        what = f" by {', '.join(str(name) for name in used_by)}" if used_by else ""
        return Refusal("conflict", f"It is still in use{what}; remove those first.")
    if isinstance(error, RequestDataTooBig):
        return Refusal("too_large", "The request body is too large.")
    if isinstance(error, TooManyFieldsSent):
        return Refusal("too_large", "The request has too many fields.")
    if isinstance(error, IntegrityError):
        if _is_unique_violation(error):
            return Refusal("duplicate", "A record with these values already exists.")
        return Refusal("invalid", "A required value is missing or refers to nothing.")
    return Refusal("invalid", "A value is out of range or of the wrong type for its field.")


def _is_unique_violation(error: IntegrityError) -> bool:
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) == UNIQUE_VIOLATION or "UNIQUE constraint" in str(error)
