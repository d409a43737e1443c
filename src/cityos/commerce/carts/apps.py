from django.apps import AppConfig


class CartsConfig(AppConfig):
    name = "cityos.commerce.carts"
    label = "carts"
    verbose_name = "Carts"
