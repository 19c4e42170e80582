"""Audited, atomic writes: the only way Sinergi changes a record.

Each app's services call `create_object`, `update_object` and `delete_object`. Each validates
(full_clean), checks the user's scope, writes, and records an AuditEvent in the same
transaction. `update_object` also refuses a change based on a stale version."""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import AuditAction, AuditEvent, AuditSource
from sinergi.core.scope import Action, check

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Actor:
    """Who is writing and through which door. `user=None` is the system itself (CLI, loaders)."""

    user: Any
    source: str = AuditSource.WEB

    @classmethod
    def system(cls, source: str = AuditSource.SYSTEM) -> Actor:
        return cls(user=None, source=source)

    @property
    def label(self) -> str:
        if self.user is None:
            return "system"
        return self.user.get_username()


class StaleEditError(ValidationError):
    """The record changed since the form or request was loaded."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This record was changed by someone else after you opened it. Your changes "
                "were not saved. Reload the page to see the current data, then edit again."
            ),
            code="stale",
        )


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_json_value(v) for v in value]
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's concrete fields (and many-to-many ids) as JSON-ready values."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in {"password", "created_at", "updated_at"}:
            continue
        data[f.attname] = _json_value(f.value_from_object(obj))
    if obj.pk is not None:
        for f in obj._meta.many_to_many:
            data[f.name] = sorted(_json_value(v) for v in f.value_from_object(obj))
    return data


def record(
    actor: Actor,
    action: str,
    obj: models.Model,
    before: dict | None,
    after: dict | None,
    note: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor.user,
        actor_label=actor.label,
        action=action,
        source=actor.source,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        note=note[:300],
    )


def _check(actor: Actor, action: Action, obj: models.Model) -> None:
    if actor.user is not None:
        check(actor.user, action, obj)


@transaction.atomic
def create_object(actor: Actor, obj: M, *, m2m: dict[str, Any] | None = None) -> M:
    _check(actor, Action.ADD, obj)
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    record(actor, AuditAction.CREATE, obj, None, snapshot(obj))
    return obj


@transaction.atomic
def update_object(
    actor: Actor,
    obj: M,
    changes: dict[str, Any],
    *,
    expected_version: int | None,
    m2m: dict[str, Any] | None = None,
) -> M:
    """Apply `changes` to `obj` if it is still at `expected_version`.

    The version is bumped with a conditional UPDATE first: it takes the row's write lock
    (PostgreSQL) or the database write lock (SQLite), so two concurrent saves of the same
    version cannot both succeed. Nothing is written when nothing changes."""
    model = type(obj)
    _check(actor, Action.CHANGE, obj)
    current = model._default_manager.get(pk=obj.pk)
    before = snapshot(current)
    versioned = hasattr(current, "version")
    if versioned and expected_version is not None and current.version != expected_version:
        raise StaleEditError()
    for name, value in changes.items():
        setattr(current, name, value)
    # The changed row must still lie inside what the user may write (no moving it out).
    _check(actor, Action.ADD, current)
    current.full_clean()
    after = snapshot(current)
    m2m_changed = False
    for name, values in (m2m or {}).items():
        new_ids = sorted(_json_value(v) for v in values)
        if before.get(name) != new_ids:
            m2m_changed = True
            after[name] = new_ids
    if after == before and not m2m_changed:
        return current
    if versioned:
        base = current.version
        bumped = model._default_manager.filter(pk=obj.pk, version=base).update(
            version=F("version") + 1
        )
        if not bumped:
            raise StaleEditError()
        current.version = base + 1
        after["version"] = current.version
    current.save()
    for name, values in (m2m or {}).items():
        getattr(current, name).set(values)
    record(actor, AuditAction.UPDATE, current, before, after)
    return current


@transaction.atomic
def delete_object(actor: Actor, obj: models.Model, *, expected_version: int | None = None) -> None:
    model = type(obj)
    _check(actor, Action.DELETE, obj)
    current = model._default_manager.get(pk=obj.pk)
    if (
        expected_version is not None
        and hasattr(current, "version")
        and current.version != expected_version
    ):
        raise StaleEditError()
    before = snapshot(current)
    record(actor, AuditAction.DELETE, current, before, None)
    current.delete()
