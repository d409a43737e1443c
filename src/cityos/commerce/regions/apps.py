from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "cityos.commerce.regions"
    label = "regions"
    verbose_name = "Regions and taxes"
