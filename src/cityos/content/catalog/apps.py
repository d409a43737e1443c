from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "cityos.content.catalog"
    label = "catalog"
    verbose_name = "Catalog"
