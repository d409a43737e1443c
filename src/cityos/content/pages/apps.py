from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "cityos.content.pages"
    label = "pages"
    verbose_name = "Pages"
