from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "cityos.commerce.users"
    label = "users"
    verbose_name = "Admin users"
