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
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import AuditAction, AuditEvent, AuditSource
from sinergi.core.scope import Action, check, scoped

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


# ----------------------------------------------------------------------------- bulk writes
#
# For importers of volume (quarterly realization, tens of thousands of rows): the importer has
# validated the file as a whole — foreign keys resolved and uniqueness checked in a few batched
# queries — so these functions skip the per-row database look-ups of `full_clean` (foreign keys,
# unique checks) but still run each row's own field and model validation, check scope, write in
# batches and record one audit event per row, all in one transaction.


def _audit_event(actor: Actor, content_type, action: str, obj: models.Model,
                 before: dict | None, after: dict | None) -> AuditEvent:
    return AuditEvent(
        actor=actor.user, actor_label=actor.label, action=action, source=actor.source,
        content_type=content_type, object_id=str(obj.pk), object_repr=str(obj)[:300],
        before=before, after=after,
    )


def _validate_without_lookups(obj: models.Model) -> None:
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.clean_fields(exclude=relations)
    obj.clean()


@transaction.atomic
def bulk_create_objects(actor: Actor, objs: list[M], *, batch_size: int = 1000) -> list[M]:
    """Create many rows of one model: batched INSERTs plus one audit event per row."""
    if not objs:
        return objs
    model = type(objs[0])
    for obj in objs:
        _check(actor, Action.ADD, obj)
        _validate_without_lookups(obj)
    model._default_manager.bulk_create(objs, batch_size=batch_size)
    content_type = ContentType.objects.get_for_model(model)
    AuditEvent.objects.bulk_create(
        [_audit_event(actor, content_type, AuditAction.CREATE, obj, None, snapshot(obj))
         for obj in objs],
        batch_size=batch_size,
    )
    return objs


SCOPE_CHUNK = 500  # ids per scope query: well within every database's limit on parameters


def _writable_pks(actor: Actor, model: type[models.Model], pks: list[Any]) -> set[Any] | None:
    """The rows among `pks` the actor may change (one query per SCOPE_CHUNK rows; None: the
    system may change all). Row by row this is `check(user, Action.CHANGE, row)`."""
    if actor.user is None:
        return None
    allowed: set[Any] = set()
    for start in range(0, len(pks), SCOPE_CHUNK):
        chunk = model._default_manager.filter(pk__in=pks[start:start + SCOPE_CHUNK])
        allowed.update(scoped(chunk, actor.user, Action.CHANGE).values_list("pk", flat=True))
    return allowed


@transaction.atomic
def bulk_update_objects(
    actor: Actor,
    changes: list[tuple[M, dict[str, Any], int | None]],
    *,
    batch_size: int = 1000,
    select_related: tuple[str, ...] = (),
) -> list[M]:
    """Apply (row, changes, expected version) to many rows of one model at once.

    The current rows are read in one query (locked on PostgreSQL; SQLite's IMMEDIATE
    transactions already hold the write lock), every version is compared before anything is
    written — one stale row refuses the whole batch — and rows whose values do not change are
    left alone. Returns the rows that were written.

    Scope: whether the user may change the rows is asked for the whole batch in one query;
    whether each changed row still lies inside what the user may write is judged from the
    row's own relations. `select_related` names the relations that check and the model's
    clean() follow (e.g. `("activity__unit",)`): read with the rows, they cost no query per row."""
    if not changes:
        return []
    model = type(changes[0][0])
    pks = [obj.pk for obj, _changes, _version in changes]
    rows = model._default_manager.select_for_update(of=("self",) if select_related else ())
    current_by_pk = rows.select_related(*select_related).in_bulk(pks)
    writable = _writable_pks(actor, model, pks)
    written, events, fields = [], [], set()
    content_type = ContentType.objects.get_for_model(model)
    for obj, row_changes, expected_version in changes:
        current = current_by_pk.get(obj.pk)
        if current is None:
            raise StaleEditError()
        if writable is not None and current.pk not in writable:
            raise PermissionDenied
        versioned = hasattr(current, "version")
        if versioned and expected_version is not None and current.version != expected_version:
            raise StaleEditError()
        before = snapshot(current)
        for name, value in row_changes.items():
            setattr(current, name, value)
        _check(actor, Action.ADD, current)
        _validate_without_lookups(current)
        after = snapshot(current)
        if after == before:
            continue
        fields.update(row_changes)
        if versioned:
            current.version += 1
            after["version"] = current.version
        written.append(current)
        events.append(_audit_event(actor, content_type, AuditAction.UPDATE, current, before, after))
    if written:
        if hasattr(written[0], "version"):
            fields.add("version")
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            now = timezone.now()
            for row in written:
                row.updated_at = now
            fields.add("updated_at")
        model._default_manager.bulk_update(written, sorted(fields), batch_size=batch_size)
        AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return written
