from django.apps import AppConfig


class ContentConfig(AppConfig):
    """The service package itself: holds its management commands (``demo``)."""

    name = "cityos.content"
    label = "content"
    verbose_name = "cityos content"

    def ready(self) -> None:
        from cityos.content import announcements
        from cityos.content.tenants import permissions

        announcements.connect()
        permissions.register_commerce_born()
