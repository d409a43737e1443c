"""Editors of content (Payload's ``users`` collection): sign in with their email, ids are integers."""

from __future__ import annotations

import hashlib

from django.db import models

from cityos.platform.accounts import EmailUser


def api_key_digest(key: str) -> str:
    """API keys are random 256-bit strings, so a plain SHA-256 is a safe, indexable way to keep them."""
    return hashlib.sha256(key.encode()).hexdigest()


class User(EmailUser):
    enable_api_key = models.BooleanField(default=False)
    api_key_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    is_integration = models.BooleanField(
        default=False, help_text="Commerce's integration: the only writer of commerce-owned fields."
    )

    class Meta:
        db_table = "content_user"
