from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "cityos.commerce.pricing"
    label = "pricing"
    verbose_name = "Pricing"
