from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "cityos.commerce.inventory"
    label = "inventory"
    verbose_name = "Inventory"
