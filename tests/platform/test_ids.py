import re

from cityos.platform.ids import PrefixedId, prefixed_id, ulid

ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")


def test_ulid_is_26_crockford_characters():
    assert ULID.match(ulid())


def test_ulids_sort_by_time():
    assert ulid(1_000) < ulid(2_000) < ulid(10**12)


def test_prefixed_id_looks_like_medusa():
    value = prefixed_id("prod")
    assert value.startswith("prod_")
    assert ULID.match(value.removeprefix("prod_"))


def test_prefixed_id_default_is_serializable_for_migrations():
    path, args, kwargs = PrefixedId("cart").deconstruct()
    assert (path, args, kwargs) == ("cityos.platform.ids.PrefixedId", ("cart",), {})
    assert PrefixedId("cart")() != PrefixedId("cart")()
