from django.urls import path

from cityos.platform.health import health
from cityos.storefront import views

urlpatterns = [
    path("health", health, name="health"),
    path("", views.home, name="home"),
    path("products", views.products, name="products"),
    path("products/<str:handle>", views.product, name="product"),
    path("categories/<str:handle>", views.category, name="category"),
    path("pages/<slug:slug>", views.content_page, name="content_page"),
    path("journal", views.journal, name="journal"),
    path("journal/<slug:slug>", views.post, name="post"),
    path("cart", views.cart, name="cart"),
    path("checkout", views.checkout, name="checkout"),
    path("orders/<str:order_id>/confirmed", views.order_confirmed, name="order_confirmed"),
    path("account", views.account_page, name="account"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
]
