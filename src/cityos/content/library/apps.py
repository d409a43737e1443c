from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """Listed after ``wagtail.images`` and ``wagtail.documents``, so its permission policies replace
    Wagtail's defaults."""

    name = "cityos.content.library"
    label = "library"
    verbose_name = "Media library"

    def ready(self) -> None:
        from cityos.content.tenants.permissions import register_media

        register_media()
