"""The page layout blocks editors compose (Payload's ``blocks`` field, ``blockType`` on the wire)."""

from __future__ import annotations

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200)
    subheading = blocks.TextBlock(required=False)
    image = ImageChooserBlock(required=False)
    cta_label = blocks.CharBlock(required=False, max_length=80)
    cta_url = blocks.CharBlock(required=False, max_length=500)


class ProductGridBlock(blocks.StructBlock):
    """Products by handle, or the newest of a category; the storefront reads them from commerce."""

    heading = blocks.CharBlock(required=False, max_length=200)
    handles = blocks.ListBlock(blocks.CharBlock(max_length=300), default=[])
    category_handle = blocks.CharBlock(required=False, max_length=300)
    limit = blocks.IntegerBlock(default=8, min_value=1, max_value=48)


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200)
    body = blocks.TextBlock(required=False)
    label = blocks.CharBlock(max_length=80)
    url = blocks.CharBlock(max_length=500)


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300)
    answer = blocks.RichTextBlock()


class LayoutBlock(blocks.StreamBlock):
    hero = HeroBlock()
    rich_text = blocks.RichTextBlock()
    product_grid = ProductGridBlock()
    call_to_action = CallToActionBlock()
    faq = blocks.ListBlock(QuestionBlock())
    gallery = blocks.ListBlock(ImageChooserBlock())
