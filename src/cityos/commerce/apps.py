from django.apps import AppConfig


class CommerceConfig(AppConfig):
    """The service package itself: holds its management commands (``demo``)."""

    name = "cityos.commerce"
    label = "commerce"
    verbose_name = "cityos commerce"
