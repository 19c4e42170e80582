"""The demo loader's registry of its rows (sinergi.demo.models.DemoRecord): look a demo row up
by its key, and record the row made (or found) for a key.

`lookup(key, model)` answers (known, row): (False, None) for a key never recorded — the loader
then finds the row by its natural key (a database loaded before the registry existed) or makes
it, and records it; (True, row) for a recorded row; (True, None) for a recorded row a user has
deleted since — the loader then leaves it (and what depends on it) alone."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from sinergi.demo.models import DemoRecord

M = TypeVar("M", bound=models.Model)


def lookup(key: str, model: type[M]) -> tuple[bool, M | None]:
    record = DemoRecord.objects.filter(key=key).first()
    if record is None:
        return False, None
    return True, model._default_manager.filter(pk=record.object_id).first()


def known(key: str) -> bool:
    return DemoRecord.objects.filter(key=key).exists()


def remember(key: str, obj: models.Model) -> None:
    """Record `obj` as the demo's row for `key` (a key recorded already keeps its row)."""
    DemoRecord.objects.get_or_create(
        key=key,
        defaults={"content_type": ContentType.objects.get_for_model(obj), "object_id": str(obj.pk)},
    )
