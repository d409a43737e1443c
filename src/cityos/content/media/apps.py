from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "cityos.content.media"
    label = "media"
    verbose_name = "Media"
