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


def crockford(value: int) -> str:
    """The ULID spec's encoding, five bits at a time from the top."""
    return "".join("0123456789ABCDEFGHJKMNPQRSTVWXYZ"[(value >> (5 * i)) & 31] for i in reversed(range(26)))


def test_ulid_encodes_time_and_randomness_as_the_spec_does(monkeypatch):
    randomness = bytes(range(246, 256))
    monkeypatch.setattr("cityos.platform.ids.os.urandom", lambda n: randomness[:n])
    for millis in (0, 1, 1_469_918_176_385, 2**48 - 1):
        expected = crockford((millis << 80) | int.from_bytes(randomness, "big"))
        assert ulid(millis) == expected
    assert ulid(1_469_918_176_385).startswith("01ARYZ6S41")  # the spec's own example timestamp
