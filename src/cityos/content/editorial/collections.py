"""The editorial collections over the Payload REST contract, each declared by its attributes."""

from __future__ import annotations

from cityos.content.editorial.models import (
    Announcement,
    HeroSection,
    Navigation,
    OrderSummary,
    Post,
    SiteSettings,
)
from cityos.content.payload.declared import Attr, declare

HERO_SECTIONS = declare(
    slug="hero-sections",
    singular="Hero Section",
    plural="Hero Sections",
    model=HeroSection,
    drafts=True,
    attrs={
        "title": Attr("title", required=True),
        "heading": Attr("heading", required=True),
        "subheading": Attr("subheading"),
        "image": Attr("image", "image"),
        "cta_label": Attr("cta_label"),
        "cta_url": Attr("cta_url"),
        "sort_order": Attr("sort_order", "int"),
    },
)
POSTS = declare(
    slug="posts",
    singular="Post",
    plural="Posts",
    model=Post,
    drafts=True,
    unique_per_tenant="slug",
    attrs={
        "slug": Attr("slug", required=True),
        "title": Attr("title", required=True),
        "excerpt": Attr("excerpt"),
        "body": Attr("body", "rich"),
        "cover": Attr("cover", "image"),
        "publishedAt": Attr("published_at", "datetime"),
    },
)
NAVIGATIONS = declare(
    slug="navigations",
    singular="Navigation",
    plural="Navigations",
    model=Navigation,
    drafts=False,
    unique_per_tenant="handle",
    attrs={"handle": Attr("handle", required=True), "items": Attr("items", "list")},
)
ANNOUNCEMENTS = declare(
    slug="announcements",
    singular="Announcement",
    plural="Announcements",
    model=Announcement,
    drafts=False,
    attrs={
        "message": Attr("message", required=True),
        "link": Attr("link"),
        "startsAt": Attr("starts_at", "datetime"),
        "endsAt": Attr("ends_at", "datetime"),
    },
)
SITE_SETTINGS = declare(
    slug="site-settings",
    singular="Site Settings",
    plural="Site Settings",
    model=SiteSettings,
    drafts=False,
    one_per_tenant=True,
    attrs={
        "site_name": Attr("site_name", required=True),
        "tagline": Attr("tagline"),
        "contact_email": Attr("contact_email"),
        "social": Attr("social", "json"),
    },
)
ORDER_SUMMARIES = declare(
    slug="order-summaries",
    singular="Order Summary",
    plural="Order Summaries",
    model=OrderSummary,
    drafts=False,
    unique_per_tenant="date",
    writers="integration",
    attrs={
        "date": Attr("date", required=True, commerce=True),
        "orders_count": Attr("orders_count", "int", commerce=True),
        "revenue": Attr("revenue", "money", commerce=True),
        "currency_code": Attr("currency_code", commerce=True),
    },
)
