"""Model fields shared by the services."""

from __future__ import annotations

from typing import Any

from django.db import models

from cityos.platform.ids import PrefixedId

ID_MAX_LENGTH = 40


class PrefixedIdField(models.CharField):
    """Primary key holding a Medusa-style prefixed ULID such as ``prod_01H…``."""

    def __init__(self, prefix: str = "", **kwargs: Any) -> None:
        self.prefix = prefix
        kwargs.setdefault("max_length", ID_MAX_LENGTH)
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("editable", False)
        if prefix:
            kwargs.setdefault("default", PrefixedId(prefix))
        super().__init__(**kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        kwargs["prefix"] = self.prefix
        kwargs.pop("default", None)
        for key, value in (("max_length", ID_MAX_LENGTH), ("primary_key", True), ("editable", False)):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, "cityos.platform.fields.PrefixedIdField", args, kwargs
