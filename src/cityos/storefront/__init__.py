"""The storefront: one multi-tenant shop in front of commerce and content, a client of both APIs."""
