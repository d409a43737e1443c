"""Products in the Wagtail admin: commerce's fields shown read-only, editorial fields editable, per tenant."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cityos.content.catalog.models import Product
from cityos.content.tenants.scoping import editable_tenants


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "pick"
    menu_label = "Products"
    menu_order = 100
    add_to_admin_menu = True
    list_display = ("title", "medusa_id", "tenant", "updated_at")
    list_filter = ("tenant",)
    search_fields = ("title", "medusa_id", "handle")
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title_override"),
                    FieldPanel("description"),
                    FieldPanel("thumbnail"),
                    MultiFieldPanel(
                        [
                            FieldPanel("seo_meta_title"),
                            FieldPanel("seo_meta_description"),
                            FieldPanel("seo_meta_keywords"),
                        ],
                        heading="SEO",
                    ),
                ],
                heading="Editorial",
            ),
            ObjectList(
                [
                    FieldPanel(name, read_only=True)
                    for name in (
                        "medusa_id",
                        "tenant",
                        "handle",
                        "title",
                        "subtitle",
                        "status",
                        "options",
                        "variants",
                    )
                ],
                heading="From commerce (read-only)",
            ),
        ]
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return Product.objects.filter(tenant__in=editable_tenants(request.user)).select_related("tenant")


register_snippet(ProductViewSet)
