"""Every change to content's products goes through here (drafts as revisions, publishing with its event)."""

from __future__ import annotations

from typing import Any

from cityos.content.catalog.models import Product
from cityos.content.publishing import create_document, delete_document, update_document
from cityos.content.users.models import User


def create_product(*, values: dict[str, Any], user: User | None, publish: bool) -> Product:
    return create_document(Product, values, user=user, publish=publish)


def update_product(
    product: Product, values: dict[str, Any], *, user: User | None, publish: bool, keep_drafts: bool = False
) -> Product:
    return update_document(product, values, user=user, publish=publish, keep_drafts=keep_drafts)


def delete_product(product: Product) -> None:
    delete_document(product)
