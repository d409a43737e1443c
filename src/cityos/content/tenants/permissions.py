"""Wagtail permission policies for tenancy: an editor's image and document libraries hold their tenants'
files only,
and documents born in commerce (products, categories, stores) are neither added nor deleted here.

Registered before any admin view asks, so listings, choosers, edit views and forms all consult the same
rule: the document policies in ``ContentConfig.ready`` (before the snippets register), the image and
document-library policies in ``LibraryConfig.ready`` (after Wagtail registers its own defaults).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

from cityos.content.tenants.scoping import editable_tenants

BORN_IN_COMMERCE = frozenset({"add", "delete"})


class CommerceBornPolicy(ModelPermissionPolicy):
    """Commerce creates and deletes these; editors only change what content owns of them."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action not in BORN_IN_COMMERCE and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions: Sequence[str]) -> QuerySet[Any]:
        allowed = [action for action in actions if action not in BORN_IN_COMMERCE]
        return super().users_with_any_permission(allowed) if allowed else get_user_model().objects.none()


class TenantMediaPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection rules, narrowed to the images (or documents) of the editor's tenants."""

    def instances_user_has_any_permission_for(self, user: Any, actions: Sequence[str]) -> QuerySet[Any]:
        images = super().instances_user_has_any_permission_for(user, actions)
        return images if user.is_superuser else images.filter(tenant__in=editable_tenants(user))

    def user_has_any_permission_for_instance(self, user: Any, actions: Sequence[str], instance: Any) -> bool:
        mine = user.is_superuser or editable_tenants(user).filter(pk=instance.tenant_id).exists()
        return mine and super().user_has_any_permission_for_instance(user, actions, instance)


class TenantPicker:
    """The upload form's tenant picker offers the editor's tenants, and an editor must pick one."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)  # type: ignore[call-arg]
        fields = self.fields  # type: ignore[attr-defined]
        if "tenant" in fields and user is not None:
            fields["tenant"].queryset = editable_tenants(user)
            fields["tenant"].required = not user.is_superuser


class TenantImageForm(TenantPicker, BaseImageForm):
    pass


class TenantDocumentForm(TenantPicker, BaseDocumentForm):
    pass


def register_commerce_born() -> None:
    from cityos.content.catalog.models import Category, Product
    from cityos.content.tenants.models import Store

    for model in (Product, Category, Store):
        register_permission_policy(model, CommerceBornPolicy(model))


def register_media() -> None:
    from cityos.content.library.models import MediaDocument, MediaImage

    for model, auth_model in ((MediaImage, "wagtailimages.Image"), (MediaDocument, "wagtaildocs.Document")):
        policy = TenantMediaPolicy(model, auth_model=auth_model, owner_field_name="uploaded_by_user")
        register_permission_policy(model, policy)
