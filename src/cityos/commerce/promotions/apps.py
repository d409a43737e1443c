from django.apps import AppConfig


class PromotionsConfig(AppConfig):
    name = "cityos.commerce.promotions"
    label = "promotions"
    verbose_name = "Promotions"
