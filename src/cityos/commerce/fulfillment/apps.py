from django.apps import AppConfig


class FulfillmentConfig(AppConfig):
    name = "cityos.commerce.fulfillment"
    label = "fulfillment"
    verbose_name = "Shipping and fulfillment"
