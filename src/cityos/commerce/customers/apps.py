from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "cityos.commerce.customers"
    label = "customers"
    verbose_name = "Customers"
