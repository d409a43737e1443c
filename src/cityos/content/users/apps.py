from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "cityos.content.users"
    label = "users"
    verbose_name = "Editors"
