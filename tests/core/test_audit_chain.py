"""The audit log is append-only and hash-chained (core.audit_chain): every way Sinergi writes
events links them in id order, `verify_audit` finds the first event changed, removed or inserted
behind the application's back, and neither the model nor the admin changes or deletes one."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import io
import itertools
import json
import threading
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.admin.sites import site
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.test import RequestFactory

from sinergi.core import audit_chain
from sinergi.core.models import AuditAction, AuditEvent, AuditLogIsAppendOnly, AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import (
    Actor,
    bulk_create_objects,
    bulk_insert_objects,
    bulk_update_objects,
    create_object,
    delete_object,
    record,
    update_object,
)
from sinergi.monitoring.models import Realization, deferred_cumulative_check
from sinergi.regions.models import Official
from tests.monitoring.conftest import make_activity
from tests.monitoring.conftest import sample as sample  # a fixture

pytestmark = pytest.mark.django_db
D = Decimal


def _chain() -> list[tuple[int, str, str]]:
    return list(AuditEvent.objects.order_by("pk").values_list("pk", "previous_hash", "hash"))


def _assert_intact() -> int:
    """The whole chain holds, link by link; returns the number of events."""
    events = _chain()
    assert events, "no audit events"
    assert events[0][1] == audit_chain.GENESIS
    assert all(len(digest) == 64 for _pk, _previous, digest in events)
    for (_pk, _p, digest), (_next, previous, _d) in itertools.pairwise(events):
        assert previous == digest
    report = audit_chain.check_chain()
    assert report.broken is None, report.broken
    assert (report.count, report.last_id, report.last_hash) == (len(events), events[-1][0], events[-1][2])
    assert audit_chain.verify() is None
    return len(events)


def _officials(world, n=3):
    actor = Actor(world.users[Role.COORDINATOR])
    return [create_object(actor, Official(government=world.kutim, name=f"Pejabat {i}")) for i in range(n)]


# ---------------------------------------------------------------------------- chained writes


def test_events_written_by_the_services_chain_and_verify(world):
    actor = Actor(world.users[Role.COORDINATOR])
    official = create_object(actor, Official(government=world.kutim, name="Ardiansyah"))
    official = update_object(actor, official, {"front_title": "Drs."}, expected_version=official.version)
    record(actor, AuditAction.OTHER, official, None,
           {"nested": {"b": [1, 2.5, 3.0, 1e16], "a": "é"}, "2": (4, 5)}, note="catatan")
    delete_object(actor, official)
    # Written directly, with values the fields convert (the hash covers what they store).
    AuditEvent.objects.create(action=AuditAction.OTHER, source=AuditSource.CLI, object_id=official.pk,
                              content_type=ContentType.objects.get_for_model(Official), object_repr="x")
    count = _assert_intact()
    last = AuditEvent.objects.order_by("-pk")[1]
    assert last.action == AuditAction.DELETE and last.hash == _chain()[-2][2]
    assert count == AuditEvent.objects.count()


def test_each_hash_is_sha256_of_the_canonical_content(world):
    actor = Actor(world.users[Role.COORDINATOR])
    official = create_object(actor, Official(government=world.kutim, name="Ardiansyah"))
    event = AuditEvent.objects.filter(object_id=str(official.pk)).get()
    line = json.dumps(
        [event.pk, event.timestamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"), actor.user.pk,
         "coordinator", "create", "web", "regions.official", str(official.pk), str(official), None,
         event.after, "", event.previous_hash],
        sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    assert event.before is None and event.hash == hashlib.sha256(line.encode()).hexdigest()


def test_bulk_writes_chain_and_verify(world, sample):
    from sinergi.monitoring.services import insert_checked_drafts

    actor = Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT)
    officials = _officials(world)
    # ORM bulk_create (bulk_create_objects) and the bulk update
    created = bulk_create_objects(actor, [Official(government=world.kutim, name=f"Massal {i}")
                                          for i in range(7)])
    bulk_update_objects(actor, [(o, {"name": o.name + " (ubah)"}, o.version) for o in [*officials, *created]])
    # executemany (bulk_insert_objects -> insert_audit_events)
    with deferred_cumulative_check():
        bulk_insert_objects(actor, [Realization(activity=make_activity(world.tapem), quarter=2,
                                                physical=D("12.50"), financial=D("1500.00"))
                                    for _ in range(5)], key=("activity_id", "quarter"), batch_size=2)
    # INSERT ... SELECT with JSONObject (bulk_insert_values, the realization import)
    activities = [make_activity(world.tapem, name=f"Impor {i}") for i in range(6)]
    insert_checked_drafts(actor, 1, [(a.pk, D("10.00"), D("9876543210123.45"), "Lelang.", i % 2 == 0)
                                     for i, a in enumerate(activities)])
    # and a direct bulk_create of events, as the spreadsheet import and the synthetic demo do
    content_type = ContentType.objects.get_for_model(Official)
    events = AuditEvent.objects.bulk_create([
        AuditEvent(actor=actor.user, actor_label=actor.label, action=AuditAction.UPDATE, source=actor.source,
                   content_type=content_type, object_id=str(o.pk), object_repr=str(o)[:300],
                   before={"priorities": []}, after={"priorities": [1, 2]}, note="import: priorities")
        for o in officials])
    assert [e.hash for e in events] == [h for _pk, _p, h in _chain()[-3:]]
    drafts = AuditEvent.objects.filter(source=AuditSource.IMPORT, object_repr__startswith="Triwulan")
    assert drafts.count() == 11
    _assert_intact()


def test_bulk_chain_survives_small_batches(world, sample, monkeypatch):
    """The hashes written back after an INSERT ... SELECT are read and written BATCH at a time."""
    from sinergi.monitoring.services import insert_checked_drafts

    monkeypatch.setattr(audit_chain, "BATCH", 3)
    activities = [make_activity(world.tapem, name=f"Impor {i}") for i in range(8)]
    insert_checked_drafts(Actor(world.users[Role.COORDINATOR], AuditSource.IMPORT), 1,
                          [(a.pk, D("10.00"), D("100.00"), "", False) for a in activities])
    _assert_intact()


def test_existing_events_are_chained_by_the_migration(world):
    _officials(world)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET previous_hash = '', hash = ''")
    assert audit_chain.verify() is not None
    migration = importlib.import_module("sinergi.core.migrations.0003_audit_hash_chain")
    migration.chain_existing_events(None, SimpleNamespace(connection=connection))
    _assert_intact()


def test_deleting_an_author_leaves_the_log_alone(world):
    actor = Actor(world.users[Role.ADMINISTRATOR])
    author = world.users[Role.VIEWER]
    official = create_object(actor, Official(government=world.kutim, name="Pejabat"))
    record(Actor(author), AuditAction.OTHER, official, None, None, note="dibaca")
    author_id = author.pk
    delete_object(actor, author)
    event = AuditEvent.objects.get(note="dibaca")
    assert event.actor_id == author_id and event.actor_label == "viewer"
    _assert_intact()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite: one writer at a time already")
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_do_not_fork_the_chain():
    content_type = ContentType.objects.get_for_model(Official)
    errors = []
    start = threading.Barrier(4)

    def append(worker: int) -> None:
        try:
            start.wait()
            for i in range(15):
                with transaction.atomic():
                    AuditEvent.objects.create(action=AuditAction.OTHER, source=AuditSource.SYSTEM,
                                              content_type=content_type, object_id=str(worker),
                                              object_repr=f"{worker}-{i}")
                    if i % 3 == 0:
                        AuditEvent.objects.bulk_create([
                            AuditEvent(action=AuditAction.OTHER, source=AuditSource.SYSTEM,
                                       content_type=content_type, object_id=str(worker),
                                       object_repr=f"{worker}-{i}-{j}") for j in range(3)])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert AuditEvent.objects.filter(content_type=content_type).count() == 4 * (15 + 5 * 3)
    _assert_intact()


# ---------------------------------------------------------------------------- tampering found


def test_a_row_changed_with_sql_breaks_the_chain_at_that_row(world, english):
    _officials(world, 4)
    ids = [pk for pk, _p, _h in _chain()]
    target = ids[len(ids) // 2]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET note = 'x' WHERE id = %s", [target])
    broken = audit_chain.verify()
    assert broken is not None and broken.id == target and broken.changed
    report = audit_chain.check_chain()
    assert report.count == ids.index(target) and report.last_id == ids[ids.index(target) - 1]
    event = AuditEvent.objects.get(pk=target)
    assert (broken.object_id, broken.object_repr, broken.content_type) == (
        event.object_id, event.object_repr, f"{event.content_type.app_label}.{event.content_type.model}")
    with pytest.raises(CommandError) as failed:
        call_command("verify_audit")
    message = str(failed.value)
    assert f"#{target} " in message and event.object_repr in message and "changed afterwards" in message


def test_a_row_deleted_in_the_middle_breaks_the_chain_at_the_next(world):
    _officials(world, 4)
    ids = [pk for pk, _p, _h in _chain()]
    gone = ids[len(ids) // 2]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [gone])
    broken = audit_chain.verify()
    assert broken is not None and broken.id == ids[ids.index(gone) + 1] and not broken.changed


def test_a_json_change_or_a_relinked_row_is_found(world):
    _officials(world, 3)
    ids = [pk for pk, _p, _h in _chain()]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET after = %s WHERE id = %s",
                       ['{"name": "Orang Lain"}', ids[-2]])
    assert audit_chain.verify().id == ids[-2]
    # Recomputing the changed row's own hash does not hide it: the next one no longer follows.
    events = list(AuditEvent.objects.order_by("pk").values_list(*audit_chain._COLUMNS, "previous_hash"))
    row = events[-2]
    rehashed = audit_chain._Rows("default", text=False).hash(row[:12], row[12])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET hash = %s WHERE id = %s", [rehashed, ids[-2]])
    broken = audit_chain.verify()
    assert broken.id == ids[-1] and not broken.changed


def test_verify_audit_counts_the_events_verified(world, english):
    _officials(world, 2)
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    count, last = AuditEvent.objects.count(), AuditEvent.objects.order_by("-pk").first()
    assert f"{count} audit events verified: the chain is intact." in out.getvalue()
    assert f"#{last.pk}, hash {last.hash}" in out.getvalue()


def test_verify_audit_speaks_indonesian(world):
    _officials(world, 1)
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "entri log audit terverifikasi: rantainya utuh." in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET note = 'x' WHERE id = %s",
                       [AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()])
    with pytest.raises(CommandError) as failed:
        call_command("verify_audit")
    message = str(failed.value)
    assert "Log audit rusak pada entri #" in message and "diubah sesudah dicatat" in message


# ---------------------------------------------------------------------------- nobody edits or deletes


def test_the_model_refuses_edits_and_deletes(world):
    [official] = _officials(world, 1)
    event = AuditEvent.objects.get(object_id=str(official.pk))
    event.note = "diubah"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.save(update_fields=["note"])
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(note="diubah")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["note"])
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.update_or_create(pk=event.pk, defaults={"note": "diubah"})
    with pytest.raises(ValueError):  # ids come from the chain
        AuditEvent(pk=10**9, action=AuditAction.OTHER, source=AuditSource.SYSTEM,
                   content_type=event.content_type, object_id="1", object_repr="x").save()
    assert AuditEvent.objects.get(pk=event.pk).note == ""
    _assert_intact()


def test_the_admin_offers_no_add_change_or_delete(client, world):
    from sinergi.accounts.models import User
    from sinergi.core.admin import AuditEventAdmin

    admin_user = world.users[Role.ADMINISTRATOR]
    User.objects.filter(pk=admin_user.pk).update(is_staff=True, is_superuser=True)
    admin_user.refresh_from_db()
    admin_client = client
    admin_client.force_login(admin_user)
    [official] = _officials(world, 1)
    event = AuditEvent.objects.get(object_id=str(official.pk))
    model_admin = site._registry[AuditEvent]
    assert isinstance(model_admin, AuditEventAdmin)
    request = RequestFactory().get("/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert model_admin.get_actions(request) == {}
    changelist = "/admin/core/auditevent/"
    response = admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [event.pk],
                                              "post": "yes"})
    assert response.status_code in (200, 302)
    response = admin_client.post(f"{changelist}{event.pk}/change/", {"note": "diubah"})
    assert response.status_code == 403
    response = admin_client.post(f"{changelist}{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    page = admin_client.get(f"{changelist}{event.pk}/change/").content.decode()
    assert event.hash in page
    assert AuditEvent.objects.get(pk=event.pk).note == "" and AuditEvent.objects.filter(pk=event.pk).exists()
    _assert_intact()
