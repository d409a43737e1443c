"""Medusa's error contract: ``{type, message, code?}`` with Medusa's type → HTTP status table."""

from __future__ import annotations

from enum import StrEnum


class ErrorType(StrEnum):
    NOT_FOUND = "not_found"
    INVALID_DATA = "invalid_data"
    NOT_ALLOWED = "not_allowed"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    DUPLICATE_ERROR = "duplicate_error"
    CONFLICT = "conflict"
    PAYMENT_AUTHORIZATION_ERROR = "payment_authorization_error"
    UNEXPECTED_STATE = "unexpected_state"


STATUS = {
    ErrorType.NOT_FOUND: 404,
    ErrorType.INVALID_DATA: 400,
    ErrorType.NOT_ALLOWED: 400,
    ErrorType.UNAUTHORIZED: 401,
    ErrorType.FORBIDDEN: 403,
    ErrorType.DUPLICATE_ERROR: 422,
    ErrorType.CONFLICT: 409,
    ErrorType.PAYMENT_AUTHORIZATION_ERROR: 422,
    ErrorType.UNEXPECTED_STATE: 500,
}

# Medusa sets this code on the 4xx answers where it names one.
CODES = {ErrorType.DUPLICATE_ERROR: "invalid_request_error"}


class MedusaError(Exception):
    def __init__(self, type: ErrorType, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.type = type
        self.message = message
        self.code = code or CODES.get(type)

    @property
    def status(self) -> int:
        return STATUS[self.type]

    def body(self) -> dict[str, str]:
        body = {"type": str(self.type), "message": self.message}
        if self.code:
            body["code"] = self.code
        return body


def not_found(label: str, id: str) -> MedusaError:
    return MedusaError(ErrorType.NOT_FOUND, f"{label} with id: {id} was not found")


def invalid(message: str) -> MedusaError:
    return MedusaError(ErrorType.INVALID_DATA, message)


INSUFFICIENT_INVENTORY = "insufficient_inventory"


def insufficient_inventory(variant_ids: list[str]) -> MedusaError:
    """Medusa's answer when stock runs short, at add-to-cart or at checkout."""
    return MedusaError(
        ErrorType.NOT_ALLOWED,
        f"Some variant does not have the required inventory: {', '.join(variant_ids)}",
        code=INSUFFICIENT_INVENTORY,
    )
