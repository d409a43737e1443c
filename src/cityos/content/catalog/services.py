"""Every change to content's products goes through here: drafts as revisions, publishing with its event.

Wagtail's publish is not one transaction and its signal also fires for scheduled revisions, so each
function wraps the write and the outbox event in one ``transaction.atomic`` (design §5).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cityos.content.catalog.models import Product
from cityos.content.users.models import User
from cityos.platform.events.outbox import emit


def _announce(product: Product, name: str) -> None:
    tenant = product.tenant.slug if product.tenant_id else ""
    emit(
        name,
        entity_id=str(product.pk),
        tenant_id=tenant,
        data={"id": product.pk, "medusa_id": product.medusa_id},
    )


@transaction.atomic
def create_product(*, values: dict[str, Any], user: User | None, publish: bool) -> Product:
    product = Product(**values, live=False)
    product.save()
    revision = product.save_revision(user=user, clean=False)
    if publish:
        revision.publish(user=user, changed=False, skip_permission_checks=True)
        product.refresh_from_db()
        _announce(product, "product.published")
    return product


def _pending_draft(product: Product) -> Product | None:
    if product.has_unpublished_changes and product.latest_revision:
        return product.latest_revision.as_object()
    return None


def _revise(product: Product, values: dict[str, Any], user: User | None) -> Any:
    for name, value in values.items():
        setattr(product, name, value)
    return product.save_revision(user=user, clean=False)


@transaction.atomic
def update_product(
    product: Product, values: dict[str, Any], *, user: User | None, publish: bool, keep_drafts: bool = False
) -> Product:
    """Changes start from the latest version, so publishing publishes the pending draft too, as in
    Payload. ``keep_drafts`` (commerce's sync) publishes its fields and carries them into the
    pending draft without publishing the editor's work."""
    draft = _pending_draft(product)
    if not publish:
        _revise(draft or product, values, user)
        return draft or product
    base = product if keep_drafts else (draft or product)
    _revise(base, values, user).publish(user=user, skip_permission_checks=True)
    product.refresh_from_db()
    if keep_drafts and draft is not None:
        _revise(draft, values, user)
        product.refresh_from_db()
    _announce(product, "product.published")
    return product


@transaction.atomic
def delete_product(product: Product) -> None:
    product_id, tenant, medusa_id = product.pk, product.tenant, product.medusa_id
    product.delete()
    emit(
        "product.deleted",
        entity_id=str(product_id),
        tenant_id=tenant.slug if tenant else "",
        data={"id": product_id, "medusa_id": medusa_id},
    )
