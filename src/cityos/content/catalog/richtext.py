"""Rich text as the API takes it (Markdown or HTML) and gives it (sanitized HTML, internal links expanded)."""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from wagtail.rich_text import expand_db_html

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "code", "pre",
    "blockquote", "ul", "ol", "li", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
HTML_START = re.compile(r"^\s*<[a-zA-Z!/]")
markdown = MarkdownIt("commonmark")


def to_storage(text: str | None) -> str | None:
    """Markdown (what commerce sends) or HTML (what editors' tools send), sanitized for Wagtail."""
    if text is None or not text.strip():
        return text or None
    html = text if HTML_START.match(text) else markdown.render(text)
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)  # the page title is the only h1
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None).strip()


def to_wire(stored: str | None) -> str | None:
    """Expand Wagtail's internal links and embeds; text without any is already what clients get."""
    if not stored or ("linktype=" not in stored and "<embed" not in stored):
        return stored
    return expand_db_html(stored)
