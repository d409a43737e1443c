"""Drafts and publishing of Wagtail-revisioned documents, for every collection with drafts.

Each function is one transaction; the events come from the model signals (``announcements``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

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


@transaction.atomic
def publish_in_bulk(
    model: type[models.Model], created: list[dict[str, Any]], changed: list[tuple[Any, dict[str, Any]]]
) -> list[Any]:
    """What ``create_document`` and ``update_document`` do one by one (a published revision each, and
    its log entry), for many documents in one insert or update per table: commerce's bulk sync. Only
    for documents without a pending draft; no signals are sent, so the caller announces the change."""
    now = timezone.now()
    fresh = [
        model(
            **values, live=True, has_unpublished_changes=False, first_published_at=now, last_published_at=now
        )
        for values in created
    ]
    model._default_manager.bulk_create(fresh)
    fields = {
        "live",
        "has_unpublished_changes",
        "last_published_at",
        "updated_at",
        "latest_revision",
        "live_revision",
    }
    for document, values in changed:
        for name, value in values.items():
            setattr(document, name, value)
        document.live, document.has_unpublished_changes = True, False
        document.last_published_at = document.updated_at = now
        fields |= set(values)
    documents = fresh + [document for document, _ in changed]
    kind = ContentType.objects.get_for_model(model)
    revisions = Revision.objects.bulk_create(
        Revision(content_type=kind, base_content_type=kind, object_id=str(document.pk), created_at=now,
                 object_str=str(document), content=document.serializable_data())
        for document in documents
    )  # fmt: skip
    for document, revision in zip(documents, revisions, strict=True):
        document.latest_revision = document.live_revision = revision
    model._default_manager.bulk_update(documents, sorted(fields))
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(content_type=kind, label=str(document), action="wagtail.publish", timestamp=now,
                      revision=revision, object_id=str(document.pk), content_changed=True)
        for document, revision in zip(documents, revisions, strict=True)
    )  # fmt: skip
    return documents
