"""core.services.bulk_insert_objects (rows and audit events written with executemany, used by
monitoring.services.save_drafts) stores exactly what bulk_create_objects (the ORM's
bulk_create) stores, and keeps its guarantees: scope, validation, all or nothing."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import Actor, bulk_create_objects, bulk_insert_objects
from sinergi.monitoring.models import Realization, deferred_cumulative_check
from tests.monitoring.conftest import make_activity

pytestmark = pytest.mark.django_db
D = Decimal
KEY = ("activity_id", "quarter")


def _draft(activity, **extra) -> Realization:
    values = {"physical": D("12.50"), "financial": D("1500000.00"), "problems": "Lelang ulang.", **extra}
    return Realization(activity=activity, quarter=2, **values)


def _stored(table: str, pk: int, skip: set[str]) -> dict:
    """The row as the database holds it (raw SQL: no field conversion), without `skip`."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} WHERE id = %s", [pk])  # noqa: S608
        names = [c[0] for c in cursor.description]
        return {n: v for n, v in zip(names, cursor.fetchone(), strict=True) if n not in skip}


def test_fast_insert_stores_the_same_row_and_audit_event_as_bulk_create(world, sample):
    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    # Same name: the two activities differ only by their id (and so do their realizations).
    first, second = make_activity(world.tapem, name="Kegiatan"), make_activity(world.tapem, name="Kegiatan")
    with deferred_cumulative_check():
        [slow] = bulk_create_objects(actor, [_draft(first)])
        [fast] = bulk_insert_objects(actor, [_draft(second)], key=KEY)
    assert fast.pk is not None and fast.pk != slow.pk and not fast._state.adding
    rows = [
        _stored(Realization._meta.db_table, r.pk, {"id", "activity_id", "created_at", "updated_at"})
        for r in (slow, fast)
    ]
    assert rows[0] == rows[1]
    fresh = Realization.objects.get(pk=fast.pk)
    assert (fresh.activity_id, fresh.physical, fresh.financial, fresh.version) == (
        second.pk,
        D("12.50"),
        D("1500000.00"),
        1,
    )
    assert fresh.created_at == fresh.updated_at is not None

    events = {e.object_id: e for e in AuditEvent.objects.filter(action="create", source="import")}
    slow_event, fast_event = events[str(slow.pk)], events[str(fast.pk)]
    skip = {"id", "timestamp", "object_id", "after"}
    assert _stored(AuditEvent._meta.db_table, slow_event.pk, skip) == _stored(
        AuditEvent._meta.db_table, fast_event.pk, skip
    )
    # "after" differs by the ids only; the stored JSON text has the same form.
    assert {**fast_event.after, "id": slow.pk, "activity_id": first.pk} == slow_event.after
    assert fast_event.after["id"] == fast.pk and fast_event.after["activity_id"] == second.pk
    assert fast_event.before is None and fast_event.actor == actor.user
    assert fast_event.object_repr == str(fresh)
    raw_after = {
        e.pk: _stored(AuditEvent._meta.db_table, e.pk, set())["after"] for e in (slow_event, fast_event)
    }
    ids = re.compile(r'"(id|activity_id)": \d+')
    assert ids.sub(r'"\1": N', raw_after[fast_event.pk]) == ids.sub(r'"\1": N', raw_after[slow_event.pk])
    assert fast_event.timestamp is not None


def test_fast_insert_checks_scope_and_writes_nothing_when_one_row_is_outside(world, sample):
    operator = Actor(world.users[Role.UNIT_OPERATOR], AuditSource.IMPORT)  # Tapem only
    rows = [_draft(make_activity(world.tapem)), _draft(make_activity(world.bappeda))]
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied), deferred_cumulative_check():
        bulk_insert_objects(operator, rows, key=KEY)
    assert not Realization.objects.exists()
    assert AuditEvent.objects.count() == events


def test_fast_insert_validates_each_row_unless_told_it_is_validated(world, sample):
    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    rows = [_draft(make_activity(world.tapem)), _draft(make_activity(world.tapem), physical=D(120))]
    with pytest.raises(ValidationError), deferred_cumulative_check():
        bulk_insert_objects(actor, rows, key=KEY)
    assert not Realization.objects.exists()
    assert not AuditEvent.objects.filter(action="create", source="import").exists()


def test_fast_insert_writes_many_rows_with_one_event_each(world, sample):
    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    rows = [_draft(make_activity(world.tapem), physical=D(i)) for i in range(25)]
    with deferred_cumulative_check():
        bulk_insert_objects(actor, rows, key=KEY, validated=True, batch_size=7)
    stored = dict(Realization.objects.values_list("pk", "physical"))
    assert stored == {r.pk: D(i) for i, r in enumerate(rows)}
    events = AuditEvent.objects.filter(action="create", source="import")
    assert sorted(events.values_list("object_id", flat=True)) == sorted(str(r.pk) for r in rows)
    assert {e.object_id: e.after["physical"] for e in events} == {
        str(r.pk): f"{i}" for i, r in enumerate(rows)
    }


def test_fast_insert_refuses_a_key_that_is_not_unique(world, sample):
    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    with pytest.raises(TypeError), deferred_cumulative_check():
        bulk_insert_objects(actor, [_draft(make_activity(world.tapem))], key=("activity_id",))
    assert not Realization.objects.exists()


def test_insert_from_values_stores_the_same_row_and_audit_event(world, sample):
    """monitoring.services.insert_checked_drafts (core.services.bulk_insert_values: no model
    instances, for the xlsx import) stores what bulk_create_objects stores, audit included."""
    from sinergi.monitoring.services import Values, insert_checked_drafts

    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    first, second = make_activity(world.tapem, name="Kegiatan"), make_activity(world.tapem, name="Kegiatan")
    with deferred_cumulative_check():
        [slow] = bulk_create_objects(actor, [_draft(first)])
    [pk] = insert_checked_drafts(
        actor, 2, [(second.pk, str(second), Values(D("12.5"), D("1500000"), "Lelang ulang."))]
    )
    fresh = Realization.objects.get(pk=pk)
    skip = {"id", "activity_id", "created_at", "updated_at"}
    assert _stored(Realization._meta.db_table, slow.pk, skip) == _stored(Realization._meta.db_table, pk, skip)
    assert fresh.created_at == fresh.updated_at is not None and fresh.version == 1
    events = {e.object_id: e for e in AuditEvent.objects.filter(action="create", source="import")}
    slow_event, fast_event = events[str(slow.pk)], events[str(pk)]
    assert fast_event.object_repr == str(fresh)
    assert {**fast_event.after, "id": slow.pk, "activity_id": first.pk} == slow_event.after
    raw = {e.pk: _stored(AuditEvent._meta.db_table, e.pk, set())["after"] for e in (slow_event, fast_event)}
    ids = re.compile(r'"(id|activity_id)": \d+')
    assert ids.sub(r'"\1": N', raw[fast_event.pk]) == ids.sub(r'"\1": N', raw[slow_event.pk])


def test_import_refuses_when_the_stored_quarters_changed_after_its_checks(world, sample):
    """The import checks the file against the realizations it read; under lock, before writing,
    they must be unchanged (a realization saved meanwhile makes the upload stale)."""
    from sinergi.core.services import StaleEditError
    from sinergi.monitoring.spreadsheets import _ensure_unchanged, _Stored
    from sinergi.planning.models import Activity

    activity = make_activity(world.tapem)
    scope, changed = Activity.objects.filter(pk=activity.pk).values("pk"), {activity.pk}
    _ensure_unchanged(scope, changed, {})  # nothing stored, nothing read: fine
    with deferred_cumulative_check():
        row = bulk_create_objects(Actor(world.users[Role.COORDINATOR]), [_draft(activity)])[0]
    with pytest.raises(StaleEditError):
        _ensure_unchanged(scope, changed, {})  # created after the read
    seen = _Stored(row.physical, row.financial, row.problems, False, row.status, row.version)
    _ensure_unchanged(scope, changed, {activity.pk: {2: seen}})
    _ensure_unchanged(scope, set(), {})  # an activity the file does not change: not compared
    Realization.objects.filter(pk=row.pk).update(version=row.version + 1)
    with pytest.raises(StaleEditError):
        _ensure_unchanged(scope, changed, {activity.pk: {2: seen}})  # changed after the read
