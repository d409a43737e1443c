"""Payload's error shape: ``{"errors": [{"name", "message", "data"?}]}`` with Payload's statuses."""

from __future__ import annotations

from typing import Any


class PayloadError(Exception):
    status = 400
    name = "APIError"

    def __init__(self, message: str, data: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.data = data

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"name": self.name, "message": self.message}
        if self.data is not None:
            error["data"] = self.data
        return {"errors": [error]}


class Forbidden(PayloadError):
    status = 403
    name = "Forbidden"

    def __init__(self) -> None:
        super().__init__("You are not allowed to perform this action.")


class NotFound(PayloadError):
    status = 404
    name = "NotFound"

    def __init__(self) -> None:
        super().__init__("Not Found")


class Unauthorized(PayloadError):
    status = 401
    name = "AuthenticationError"


class BadQuery(PayloadError):
    name = "QueryError"


class ValidationError(PayloadError):
    """One or more fields refused: ``data.errors`` lists ``{path, message}`` as Payload does."""

    name = "ValidationError"

    def __init__(self, collection: str, errors: list[dict[str, str]]) -> None:
        paths = ", ".join(error["path"] for error in errors)
        noun = "field is" if len(errors) == 1 else "fields are"
        super().__init__(
            f"The following {noun} invalid: {paths}", {"collection": collection, "errors": errors}
        )
