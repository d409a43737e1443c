from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_migrate


class RegionsConfig(AppConfig):
    name = "cityos.commerce.regions"
    label = "regions"
    verbose_name = "Regions and taxes"

    def ready(self) -> None:
        from cityos.commerce import store_config

        # The stamp's triggers after every migrate (which may have rebuilt a table), and no cached
        # configuration used outside the Store request that read its token.
        post_migrate.connect(store_config.install, sender=self, dispatch_uid="store-config-triggers")
        request_started.connect(store_config.forget, dispatch_uid="store-config-forget-start")
        request_finished.connect(store_config.forget, dispatch_uid="store-config-forget-end")
