"""Model bases shared by the services, and the change stamps any service may watch tables with."""

from __future__ import annotations

from django.db import models

from cityos.platform.stamps import STAMP_TABLE


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ChangeStamp(models.Model):
    """A token the database renews on any write to the tables a stamp watches (``cityos.platform.stamps``)."""

    name = models.CharField(max_length=50, primary_key=True)
    token = models.CharField(max_length=64)

    class Meta:
        db_table = STAMP_TABLE

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
