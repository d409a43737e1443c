from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "cityos.content.tenants"
    label = "tenants"
    verbose_name = "Tenants"
