"""Which rows the demo loader made, under the stable keys the demo data gives them.

The loader finds its rows again by these keys, never by the names, codes and titles a user may
change in the demo: a renamed official is still the demo's official, and no second one is made
beside it. A key whose row is gone names a row a user deleted; the loader leaves it deleted."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models


class DemoRecord(models.Model):
    """One demo row (or one step of the demo done once, recorded on the row it is about)."""

    key = models.CharField(max_length=400, unique=True)  # "official:64.08:Sutrisno"
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key
