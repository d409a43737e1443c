from django.contrib import admin

from cityos.commerce.promotions.models import Campaign, Promotion
from cityos.commerce.tenant_admin import TenantScopedAdmin


@admin.register(Promotion)
class PromotionAdmin(TenantScopedAdmin):
    event = "promotion"
    list_display = (
        "code",
        "status",
        "method_type",
        "value",
        "target_type",
        "usage_count",
        "usage_limit",
        "tenant",
    )
    list_filter = ("status", "method_type", "is_automatic", "tenant")
    search_fields = ("code",)
    readonly_fields = ("usage_count",)


@admin.register(Campaign)
class CampaignAdmin(TenantScopedAdmin):
    event = "campaign"
    list_display = ("name", "campaign_identifier", "budget_type", "budget_limit", "budget_used", "tenant")
    list_filter = ("tenant",)
    readonly_fields = ("budget_used",)
