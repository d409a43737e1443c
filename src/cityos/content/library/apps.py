from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "cityos.content.library"
    label = "library"
    verbose_name = "Media library"
