"""Bulk audited writes: batched, scoped, validated, one audit event per row, all or nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F

from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import Actor, StaleEditError, bulk_create_objects, bulk_update_objects
from sinergi.regions.models import Official

pytestmark = pytest.mark.django_db


def _officials(gov, n, prefix="Pejabat"):
    return [Official(government=gov, name=f"{prefix} {i}") for i in range(n)]


def test_bulk_create_writes_rows_and_one_audit_event_each(world, django_assert_max_num_queries):
    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    rows = _officials(world.kutim, 50)
    # (+1 for the audit chain's head, +1 more for its lock on PostgreSQL: core.audit_chain)
    with django_assert_max_num_queries(8):
        bulk_create_objects(actor, rows)
    assert Official.objects.filter(government=world.kutim).count() == 50
    events = AuditEvent.objects.filter(source=AuditSource.IMPORT, action="create")
    assert events.count() == 50
    assert {e.object_id for e in events} == {str(o.pk) for o in rows}
    assert events.first().after["name"].startswith("Pejabat")


def test_bulk_create_checks_scope_and_writes_nothing_when_one_row_is_outside(world):
    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    rows = [*_officials(world.kutim, 3), Official(government=world.mimika, name="Petrus Yumte")]
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        bulk_create_objects(actor, rows)
    assert not Official.objects.exists()
    assert AuditEvent.objects.count() == events


def test_bulk_create_validates_each_row(world):
    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    rows = [*_officials(world.kutim, 2), Official(government=world.kutim, name="X", nip="123")]
    with pytest.raises(ValidationError):
        bulk_create_objects(actor, rows)
    assert not Official.objects.exists()


def test_bulk_update_changes_versions_and_audits_only_changed_rows(world):
    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    rows = bulk_create_objects(actor, _officials(world.kutim, 3))
    written = bulk_update_objects(actor, [
        (rows[0], {"phone": "0812 1111 2222"}, 1),
        (rows[1], {"name": rows[1].name}, 1),          # no change
        (rows[2], {"email": "camat@example.go.id"}, 1),
    ])
    assert [r.pk for r in written] == [rows[0].pk, rows[2].pk]
    fresh = Official.objects.in_bulk([r.pk for r in rows])
    assert fresh[rows[0].pk].phone == "0812 1111 2222" and fresh[rows[0].pk].version == 2
    assert fresh[rows[1].pk].version == 1
    updates = AuditEvent.objects.filter(action="update")
    assert updates.count() == 2
    assert updates.get(object_id=str(rows[0].pk)).before["phone"] == ""


def test_bulk_update_refuses_the_whole_batch_when_one_row_is_stale(world):
    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    rows = bulk_create_objects(actor, _officials(world.kutim, 2))
    Official.objects.filter(pk=rows[1].pk).update(version=F("version") + 1)  # someone saved
    with pytest.raises(StaleEditError):
        bulk_update_objects(actor, [(rows[0], {"phone": "1"}, 1), (rows[1], {"phone": "2"}, 1)])
    assert set(Official.objects.values_list("phone", flat=True)) == {""}


def test_bulk_update_refuses_rows_the_user_may_not_change(world):
    admin = Actor(world.users[Role.ADMINISTRATOR], AuditSource.IMPORT)
    [mimika_person] = bulk_create_objects(admin, [Official(government=world.mimika, name="A")])
    coordinator = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    with pytest.raises(PermissionDenied):
        bulk_update_objects(coordinator, [(mimika_person, {"phone": "1"}, 1)])
