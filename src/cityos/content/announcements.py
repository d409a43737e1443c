"""How content announces its changes: one place, whichever door the change came through.

Editors change documents through the API and through Wagtail's admin, and Wagtail publishes
scheduled revisions from a command, so events are emitted from model signals rather than from each
writer. Every write request is one transaction (``AtomicWritesMiddleware``), so a request's event
commits or rolls back with its change. ``published`` fires for scheduled revisions too; only a
document that is live is announced as published (design §5).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import published, unpublished

from cityos.content.catalog.richtext import to_wire
from cityos.platform.events.outbox import emit

# model label → event prefix; drafted documents announce publishing, the others every save.
DRAFTED = {
    "catalog.product": "product",
    "catalog.category": "category",
    "pages.contentpage": "page",
    "editorial.herosection": "hero_section",
    "editorial.post": "post",
}
SAVED = {
    "tenants.tenant": "tenant",
    "tenants.store": "store",
    "library.mediaimage": "media",
    "library.mediadocument": "document",
    "editorial.navigation": "navigation",
    "editorial.announcement": "announcement",
    "editorial.sitesettings": "site_settings",
    "editorial.ordersummary": "order_summary",
    "editorial.form": "form",
    "editorial.formsubmission": "form_submission",
}
CREATED = {
    "library.mediaimage": "uploaded",
    "library.mediadocument": "uploaded",
    "editorial.formsubmission": "created",
}


def tenant_slug(instance: Any) -> str:
    if instance._meta.label_lower == "tenants.tenant":
        return instance.slug
    tenant = getattr(instance, "tenant", None) if getattr(instance, "tenant_id", None) else None
    return tenant.slug if tenant else ""


_quiet: ContextVar[bool] = ContextVar("cityos_content_quiet", default=False)


@contextmanager
def quiet() -> Iterator[None]:
    """Changes applied from commerce's events are announced as ``<entity>.synced``, a name commerce does
    not subscribe to: no echo, while the change still versions content's cached answers."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _seo(document: Any) -> dict[str, Any]:
    return {
        "meta_title": document.seo_meta_title,
        "meta_description": document.seo_meta_description,
        "keywords": document.seo_meta_keywords,
    }


def _domains(document: Any) -> list[str]:
    return sorted(document.domains.values_list("domain", flat=True))


# What content owns of a commerce entity (design §4), as commerce keeps it in ``metadata.cms``.
EDITORIAL: dict[str, Callable[[Any], dict[str, Any]]] = {
    "catalog.product": lambda product: {
        "description": to_wire(product.description),
        "title_override": product.title_override,
        "thumbnail": product.thumbnail,
        "images": product.images,
        "seo": _seo(product),
    },
    "catalog.category": lambda category: {
        "description": to_wire(category.description),
        "image": category.image.file.url if category.image_id else None,
        "seo": _seo(category),
    },
    "tenants.tenant": lambda tenant: {"theme": tenant.theme, "domains": _domains(tenant)},
    "tenants.store": lambda store: {"branding": store.branding, "domains": _domains(store)},
}


def announce(instance: Any, action: str) -> None:
    if _quiet.get():
        action = "synced"
    label = instance._meta.label_lower
    prefix = DRAFTED.get(label) or SAVED[label]
    # ``medusa_id`` is null for a document commerce does not know (a page, a tenant made here): commerce
    # then has nothing to apply it to.
    data: dict[str, Any] = {
        "id": instance.pk,
        "tenant": tenant_slug(instance),
        "medusa_id": getattr(instance, "medusa_id", None),
    }
    if label in EDITORIAL and action in ("published", "updated"):
        data["editorial"] = EDITORIAL[label](instance)
    with transaction.atomic():  # its own transaction when a command publishes outside a request
        emit(f"{prefix}.{action}", entity_id=str(instance.pk), tenant_id=tenant_slug(instance), data=data)


def on_published(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    if instance._meta.label_lower in DRAFTED and instance.live:
        announce(instance, "published")


def on_unpublished(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    if instance._meta.label_lower in DRAFTED:
        announce(instance, "unpublished")


def on_saved(
    sender: type[models.Model], instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not raw and instance._meta.label_lower in SAVED:
        label = instance._meta.label_lower
        announce(instance, CREATED.get(label, "updated") if created else "updated")


def on_deleted(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    if instance._meta.label_lower in DRAFTED | SAVED:
        announce(instance, "deleted")


def connect() -> None:
    published.connect(on_published, dispatch_uid="cityos-content-published")
    unpublished.connect(on_unpublished, dispatch_uid="cityos-content-unpublished")
    post_save.connect(on_saved, dispatch_uid="cityos-content-saved")
    post_delete.connect(on_deleted, dispatch_uid="cityos-content-deleted")
