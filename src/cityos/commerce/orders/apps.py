from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "cityos.commerce.orders"
    label = "orders"
    verbose_name = "Orders"
