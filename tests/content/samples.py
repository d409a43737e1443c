"""One valid body per collection with drafts, with the text field a draft changes; the draft-access tests
are generated from the collection registry and fail for a collection that has no sample here."""

from __future__ import annotations

from typing import Any

DRAFT_SAMPLES: dict[str, tuple[dict[str, Any], str]] = {
    "products": ({"medusa_id": "prod_01SAMPLE", "title": "Sample"}, "title"),
    "categories": ({"medusa_id": "pcat_01SAMPLE", "name": "Sample"}, "name"),
    "pages": (
        {"slug": "sample", "title": "Sample", "layout": [{"blockType": "rich_text", "content": "Hi"}]},
        "title",
    ),
    "hero-sections": ({"title": "Sample", "heading": "Sample heading"}, "title"),
    "posts": ({"slug": "sample", "title": "Sample"}, "title"),
}
