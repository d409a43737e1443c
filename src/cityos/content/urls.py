from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cityos.content.api import api
from cityos.platform.health import health
from cityos.platform.uploads import serve_upload

urlpatterns = [
    path("health", health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "media/<path:path>",
        serve_upload,
        name="media",
    ),
    path("", api.urls),
]
