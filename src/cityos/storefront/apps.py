from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "cityos.storefront"
    label = "storefront"
    verbose_name = "cityos storefront"
