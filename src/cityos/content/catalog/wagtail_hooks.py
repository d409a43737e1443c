"""Products and categories in the Wagtail admin: commerce's fields shown read-only, editorial fields
editable, per tenant."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.snippets.models import register_snippet

from cityos.content.catalog.models import Category, Product
from cityos.content.tenants.admin import TenantSnippetViewSet


def seo_panel() -> MultiFieldPanel:
    return MultiFieldPanel(
        [FieldPanel("seo_meta_title"), FieldPanel("seo_meta_description"), FieldPanel("seo_meta_keywords")],
        heading="SEO",
    )


def from_commerce(*names: str) -> ObjectList:
    return ObjectList(
        [FieldPanel(name, read_only=True) for name in names], heading="From commerce (read-only)"
    )


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
                    seo_panel(),
                ],
                heading="Editorial",
            ),
            from_commerce(
                "medusa_id",
                "tenant",
                "handle",
                "title",
                "subtitle",
                "status",
                "options",
                "variants",
                "categories",
            ),
        ]
    )


class CategoryViewSet(TenantSnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = "Categories"
    menu_order = 101
    list_display = ("name", "handle", "tenant", "live")
    search_fields = ("name", "handle", "medusa_id")
    edit_handler = TabbedInterface(
        [
            ObjectList([FieldPanel("description"), FieldPanel("image"), seo_panel()], heading="Editorial"),
            from_commerce("medusa_id", "tenant", "handle", "name", "parent_medusa_id", "rank", "is_active"),
        ]
    )


register_snippet(ProductViewSet)
register_snippet(CategoryViewSet)
