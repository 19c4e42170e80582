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
    skip = {"id", "timestamp", "object_id", "after", "previous_hash", "hash"}
    assert _stored(AuditEvent._meta.db_table, slow_event.pk, skip) == _stored(
        AuditEvent._meta.db_table, fast_event.pk, skip
    )
    # Both linked into the audit chain (core.audit_chain), one after the other.
    assert fast_event.previous_hash == slow_event.hash != ""
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


@pytest.mark.parametrize("name", ["Kegiatan", ""])  # "": the label reads the nomenclature's name
def test_insert_from_values_stores_the_same_row_and_audit_event(world, sample, name):
    """monitoring.services.insert_checked_drafts (core.services.bulk_insert_values: no model
    instances, audit events written by the database, for the xlsx import) stores what
    bulk_create_objects stores, audit included."""
    from sinergi.monitoring.services import insert_checked_drafts

    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    first, second = make_activity(world.tapem, name=name), make_activity(world.tapem, name=name)
    with deferred_cumulative_check():
        [slow] = bulk_create_objects(actor, [_draft(first)])
    figures = (D("12.50"), D("1500000.00"), "Lelang ulang.", False)
    written = insert_checked_drafts(actor, 2, [(second.pk, *figures)])
    assert written == 1
    fresh = Realization.objects.get(activity=second, quarter=2)
    skip = {"id", "activity_id", "created_at", "updated_at"}
    table = Realization._meta.db_table
    assert _stored(table, slow.pk, skip) == _stored(table, fresh.pk, skip)
    assert fresh.created_at == fresh.updated_at is not None and fresh.version == 1
    events = {e.object_id: e for e in AuditEvent.objects.filter(action="create", source="import")}
    slow_event, fast_event = events[str(slow.pk)], events[str(fresh.pk)]
    assert fast_event.object_repr == str(fresh) and str(second) in fast_event.object_repr
    assert {**fast_event.after, "id": slow.pk, "activity_id": first.pk} == slow_event.after
    assert list(fast_event.after) == list(slow_event.after)  # the same keys in the same order
    assert fast_event.after["physical"] == "12.50" and fast_event.after["over_budget_confirmed"] is False
    assert fast_event.before is None and fast_event.actor == actor.user and fast_event.note == ""
    assert fast_event.timestamp is not None and fast_event.content_type_id == slow_event.content_type_id
    assert (fast_event.actor_label, fast_event.source) == (slow_event.actor_label, slow_event.source)


def test_insert_from_values_audits_confirmed_budget_and_large_amounts(world, sample):
    from sinergi.monitoring.services import insert_checked_drafts

    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    activity = make_activity(world.tapem, name="Jalan")
    insert_checked_drafts(actor, 1, [(activity.pk, D("100.00"), D("9876543210123.45"), "", True)])
    event = AuditEvent.objects.get(action="create", source="import")
    assert event.after["financial"] == "9876543210123.45" and event.after["physical"] == "100.00"
    assert event.after["over_budget_confirmed"] is True and event.after["problems"] == ""
    assert event.object_repr == str(Realization.objects.get()) == f"Triwulan I: {activity}"


def test_import_reads_the_stored_quarters_under_lock_in_the_writing_transaction(world, sample):
    """The import checks the file against the realizations it read: they are read under lock in
    the transaction that writes, so nobody can change them between the checks and the writes
    (PostgreSQL: SELECT ... FOR UPDATE; SQLite: the transaction is IMMEDIATE, one writer)."""
    from django.test.utils import CaptureQueriesContext

    from sinergi.monitoring import spreadsheets as sheets

    activity = make_activity(world.tapem)
    with deferred_cumulative_check():
        bulk_create_objects(Actor(world.users[Role.COORDINATOR]), [_draft(activity)])
    data = sheets.export_realization(world.users[Role.COORDINATOR], world.tapem, activity.year, 2)
    with CaptureQueriesContext(connection) as queries:
        result = sheets.import_realization(data, Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT),
                                           world.tapem, activity.year, 2)
    assert result.ok and result.unchanged == 1, result.errors
    reads = [q["sql"] for q in queries
             if '"monitoring_realization"' in q["sql"] and q["sql"].startswith("SELECT")]
    if connection.vendor == "postgresql":
        # The file's quarter read, the other quarters locked (not read): both FOR UPDATE.
        assert len(reads) >= 2 and all("FOR UPDATE" in sql for sql in reads[:2]), reads
    else:
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_insert_from_values_refuses_rows_that_break_the_cumulative_rule(english, world, sample):
    """insert_checked_drafts checks the cumulative rule itself, in the database, over the rows
    it wrote: below an earlier quarter or above a later one is refused (keys as save_drafts'),
    equal figures are fine."""
    from sinergi.monitoring.services import cumulative_violations, insert_checked_drafts
    from tests.monitoring.conftest import realization

    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    below, above, equal = (make_activity(world.tapem, name=name) for name in ("Satu", "Dua", "Tiga"))
    for activity in (below, above, equal):
        realization(activity, 1, "30", "2000")
        realization(activity, 3, "60", "5000")
    with pytest.raises(ValidationError) as refused:
        insert_checked_drafts(actor, 2, [(below.pk, D("29.99"), D("2000.00"), "", False),
                                         (above.pk, D("40.00"), D("5000.01"), "", False),
                                         (equal.pk, D("30.00"), D("5000.00"), "", False)])
    errors = refused.value.message_dict
    assert set(errors) == {f"physical_{below.pk}", f"financial_{above.pk}"}
    assert "cannot decrease" in errors[f"physical_{below.pk}"][0]
    assert "(29,99 %) is below that of Quarter I (30,00 %)" in errors[f"physical_{below.pk}"][0]
    assert not Realization.objects.filter(quarter=2).exists()  # nothing written
    last = Realization.objects.order_by("-pk").first().pk
    assert insert_checked_drafts(actor, 2, [(equal.pk, D("30.00"), D("5000.00"), "", False)]) == 1
    # Stored past the rule (no validation): the database check finds it, among the rows
    # written after an id.
    Realization.objects.create(activity=below, quarter=2, physical=D("29.99"), financial=D(2000))
    assert cumulative_violations(2, written_after=last) == [below.pk]
    assert cumulative_violations(2, written_after=Realization.objects.order_by("-pk").first().pk) == []
    assert cumulative_violations(1, written_after=0) == [below.pk]  # the same pair, seen from TW I


def test_constants_of_a_fast_insert_are_quoted_by_the_database(world, sample):
    """The values every row shares are written into the statement as literals quoted by the
    database (or its driver): quotes, percent signs and placeholders in them stay text."""
    from sinergi.core.services import _sql_literals

    values = ["50% o'clock %s; DROP TABLE x; --", None, 12, "", 'say "hi"']
    literals = _sql_literals(connection, values)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([*literals, "%s"]), [1])  # placeholders as in executemany
        assert list(cursor.fetchone()) == [*values, 1]
