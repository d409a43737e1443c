"""Every change to pages goes through here (drafts as revisions, ``page.published`` on publish)."""

from __future__ import annotations

from typing import Any

from cityos.content.pages.models import ContentPage
from cityos.content.publishing import create_document, delete_document, update_document
from cityos.content.users.models import User


def create_page(*, values: dict[str, Any], user: User | None, publish: bool) -> ContentPage:
    return create_document(ContentPage, values, user=user, publish=publish)


def update_page(
    page: ContentPage, values: dict[str, Any], *, user: User | None, publish: bool
) -> ContentPage:
    return update_document(page, values, user=user, publish=publish)


def delete_page(page: ContentPage) -> None:
    delete_document(page)
