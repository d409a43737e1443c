from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """Listed after ``wagtail.images``, so its image permission policy replaces Wagtail's default."""

    name = "cityos.content.library"
    label = "library"
    verbose_name = "Media library"

    def ready(self) -> None:
        from cityos.content.tenants.permissions import register_images

        register_images()
