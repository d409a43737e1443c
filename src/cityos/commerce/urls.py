from django.contrib import admin
from django.urls import path

from cityos.commerce.api import api
from cityos.commerce.sync_dashboard import sync_dashboard
from cityos.platform.health import health

admin.site.site_header = "cityos commerce"
admin.site.site_title = "cityos commerce"
admin.site.index_title = "Commerce administration"
admin.site.index_template = "cityos/admin_index.html"  # links the sync dashboard

urlpatterns = [
    path("health", health, name="health"),
    path("app/sync/", admin.site.admin_view(sync_dashboard), name="sync-dashboard"),
    path("app/", admin.site.urls),
    path("", api.urls),
]
