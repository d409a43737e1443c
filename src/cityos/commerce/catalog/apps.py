from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "cityos.commerce.catalog"
    label = "catalog"
    verbose_name = "Catalog"
