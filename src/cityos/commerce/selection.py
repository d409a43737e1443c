"""Medusa's ``fields`` query parameter, parsed into a tree of what to return.

``+f`` adds to the defaults (a ``+`` that arrived as a space counts too), ``-f`` removes, ``*rel``
adds a relation with all its fields, and a bare field replaces the defaults, exactly as Medusa's
``prepareListQuery`` does. Dotted paths walk relations: ``*variants.calculated_price``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Selection:
    """What to return of one entity: ``star`` means all of its own fields."""

    star: bool = False
    fields: set[str] = field(default_factory=set)
    relations: dict[str, Selection] = field(default_factory=dict)

    def add(self, path: str, *, star: bool = False) -> None:
        head, _, rest = path.partition(".")
        if not rest:
            if star:
                self.relation(head).star = True
            else:
                self.fields.add(head)
            return
        self.relation(head).add(rest, star=star)

    def relation(self, name: str) -> Selection:
        return self.relations.setdefault(name, Selection())

    def wants(self, name: str) -> bool:
        """A computed or relation field asked for by name (``+variants.inventory_quantity``)."""
        return name in self.fields or name in self.relations

    def child(self, name: str) -> Selection | None:
        if name in self.relations:
            return self.relations[name]
        if name in self.fields:  # a bare relation name selects it with its own fields
            return Selection(star=True)
        return None


def parse_fields(raw: str | None, defaults: list[str]) -> Selection:
    tokens = list(defaults)
    if raw is not None:
        custom = [token for token in raw.split(",") if token]
        # Medusa: any plain field replaces the defaults; ``+``/``-`` then add to or take from what is
        # selected, in either form (``fields=id,title,+variants.inventory_quantity`` included).
        if not custom or any(not token.startswith(("-", "+", " ", "*")) for token in custom):
            tokens = []
        removed = {token[1:] for token in custom if token.startswith("-")}
        tokens += [token.strip().lstrip("+") for token in custom if not token.startswith("-")]
        tokens = [token for token in tokens if token.lstrip("*") not in removed]
    selection = Selection()
    for token in tokens:
        if token == "*":
            selection.star = True
        elif token.startswith("*"):
            selection.add(token[1:], star=True)
        else:
            selection.add(token)
    selection.fields.add("id")
    return selection
