"""Webhook subscriptions in the Django admin (commerce's ``/app``): platform-wide, so superusers only.
Saves go through ``delivery``'s functions, which check what they store."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from cityos.platform.events import delivery
from cityos.platform.events.models import Subscription


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(max_length=1000, assume_scheme="https")

    class Meta:
        model = Subscription
        fields = ("url", "events", "is_active", "description")

    def clean_url(self) -> str:
        try:
            return delivery.checked_url(self.cleaned_data["url"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_events(self) -> list[str]:
        try:
            return delivery.checked_events(self.cleaned_data["events"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ("url", "description", "is_active", "created_at")
    list_filter = ("is_active",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission  # type: ignore[assignment]

    def save_model(self, request: HttpRequest, obj: Subscription, form: Any, change: bool) -> None:
        values = {name: form.cleaned_data[name] for name in SubscriptionForm.Meta.fields}
        if change:
            delivery.change_subscription(obj, values)
        else:
            obj.pk = delivery.subscribe(**values).pk

    def delete_model(self, request: HttpRequest, obj: Subscription) -> None:
        delivery.unsubscribe(obj)
