"""Checkout: the workflows that cross modules (complete a cart, act on a payment provider's notice).

It stands above carts, payments, inventory, promotions and orders and calls each only through its
services; none of them imports it. Its extension points are declared in ``extensions``.
"""
