from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cityos.platform.events"
    label = "events"
    verbose_name = "Events"
