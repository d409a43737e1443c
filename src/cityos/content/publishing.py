"""Drafts and publishing of Wagtail-revisioned documents, for every collection with drafts.

Each function is one transaction; the events come from the model signals (``announcements``).
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from cityos.content.users.models import User


def _pending_draft(document: Any) -> Any:
    if document.has_unpublished_changes and document.latest_revision:
        return document.latest_revision.as_object()
    return None


def _revise(document: Any, values: dict[str, Any], user: User | None) -> Any:
    for name, value in values.items():
        setattr(document, name, value)
    return document.save_revision(user=user, clean=False)


@transaction.atomic
def create_document(
    model: type[models.Model], values: dict[str, Any], *, user: User | None, publish: bool
) -> Any:
    document = model(**values, live=False)
    document.save()
    revision = document.save_revision(user=user, clean=False)
    if publish:
        revision.publish(user=user, changed=False, skip_permission_checks=True)
        document.refresh_from_db()
    return document


@transaction.atomic
def update_document(
    document: Any,
    values: dict[str, Any],
    *,
    user: User | None,
    publish: bool,
    keep_drafts: bool = False,
) -> Any:
    """Changes start from the latest version, so publishing publishes the pending draft too, as in
    Payload. ``keep_drafts`` (commerce's sync) publishes its fields and carries them into the
    pending draft without publishing the editor's work."""
    draft = _pending_draft(document)
    if not publish:
        _revise(draft or document, values, user)
        return draft or document
    base = document if keep_drafts else (draft or document)
    _revise(base, values, user).publish(user=user, skip_permission_checks=True)
    document.refresh_from_db()
    if keep_drafts and draft is not None:
        _revise(draft, values, user)
        document.refresh_from_db()
    return document


@transaction.atomic
def delete_document(document: Any) -> None:
    document.delete()
