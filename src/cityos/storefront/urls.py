from django.urls import path

from cityos.platform.health import health
from cityos.storefront import views

urlpatterns = [
    path("health", health, name="health"),
    path("", views.home, name="home"),
]
