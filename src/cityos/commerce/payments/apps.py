from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "cityos.commerce.payments"
    label = "payments"
    verbose_name = "Payments"
