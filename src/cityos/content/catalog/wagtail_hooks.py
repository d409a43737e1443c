"""Products in the Wagtail admin: commerce's fields shown read-only, editorial fields editable, per tenant."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.snippets.models import register_snippet

from cityos.content.catalog.models import Product
from cityos.content.tenants.admin import TenantSnippetViewSet


class ProductViewSet(TenantSnippetViewSet):
    model = Product
    icon = "pick"
    menu_label = "Products"
    menu_order = 100
    list_display = ("title", "medusa_id", "tenant", "updated_at")
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


register_snippet(ProductViewSet)
