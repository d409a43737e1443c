from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "cityos.commerce.tenants"
    label = "tenants"
    verbose_name = "Tenants and stores"
