from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """The shared building blocks: connects what every service answers with (CORS)."""

    name = "cityos.platform"
    label = "platform"
    verbose_name = "cityos platform"

    def ready(self) -> None:
        from cityos.platform import cors

        cors.connect()
