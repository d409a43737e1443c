"""Demo data of content: an admin editor and the API key that commerce's integration uses."""

from __future__ import annotations

from typing import Any

from cityos.content.users.models import User, api_key_digest

INTEGRATION_EMAIL = "commerce-integration@cityos.local"


def ensure_user(email: str, password: str | None, *, superuser: bool) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(email=email, password=password)
    if password and not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def load(wanted: dict[str, Any]) -> dict[str, Any]:
    ensure_user(wanted["admin"]["email"], wanted["admin"]["password"], superuser=True)
    integration = ensure_user(INTEGRATION_EMAIL, None, superuser=False)
    integration.enable_api_key = True
    integration.api_key_digest = api_key_digest(wanted["api_key"])
    integration.save(update_fields=["enable_api_key", "api_key_digest"])
    return {
        "admin": wanted["admin"],
        "api_key": wanted["api_key"],
        "api_key_collection": "users",
        "api_key_user": INTEGRATION_EMAIL,
    }
