from cityos.commerce.selection import parse_fields

DEFAULTS = ["id", "title", "*variants"]


def test_no_fields_gives_defaults():
    selection = parse_fields(None, DEFAULTS)
    assert selection.fields == {"id", "title"}
    assert selection.relations["variants"].star


def test_plus_adds_and_minus_removes():
    selection = parse_fields("+metadata,-title", DEFAULTS)
    assert selection.fields == {"id", "metadata"}


def test_star_adds_nested_relation():
    selection = parse_fields("*variants.calculated_price", DEFAULTS)
    variants = selection.relations["variants"]
    assert variants.star
    assert variants.relations["calculated_price"].star
    assert variants.wants("calculated_price")


def test_bare_field_replaces_defaults():
    selection = parse_fields("title,variants.sku", DEFAULTS)
    assert selection.fields == {"id", "title"}
    assert selection.relations["variants"].fields == {"sku"}
    assert not selection.relations["variants"].star


def test_space_is_a_plus_that_lost_its_encoding():
    assert "metadata" in parse_fields(" metadata", DEFAULTS).fields
