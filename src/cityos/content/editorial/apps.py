from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "cityos.content.editorial"
    label = "editorial"
    verbose_name = "Editorial"
