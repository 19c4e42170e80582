"""The weekly digest job: on each government's own Monday, its coordinators and the head of
region's linked account are told once per week (a second run, or a second worker on another day
of the same week, tells nobody again); a government with nobody to tell is counted."""

from __future__ import annotations

import datetime as dt
import io

from django.core import mail
from django.core.management import call_command

from sinergi.core.roles import Role
from sinergi.notifications.choices import Kind
from sinergi.notifications.models import Notification
from sinergi.notifications.tasks import send_deliveries_now
from sinergi.regions.choices import PositionGrade
from sinergi.regions.models import Position
from sinergi.reports.tasks import head_account, recipients_of, send_weekly_digest, weekly_digest
from tests import factories

MONDAY = dt.date(2025, 12, 8)


def leaders(world):
    coordinator = world.users[Role.COORDINATOR]
    coordinator.email = "bappeda@kutaitimurkab.go.id"
    coordinator.save()
    position = Position.objects.create(government=world.kutim, title="Bupati Kutai Timur",
                                       grade=PositionGrade.REGIONAL_HEAD, order=1)
    person = factories.official(world.kutim, "Ardiansyah Sulaiman", email="Bupati@KutaiTimurKab.go.id")
    factories.term(position, person, dt.date(2021, 2, 26))
    bupati = factories.user("bupati", Role.VIEWER, [world.setda], email="bupati@kutaitimurkab.go.id")
    return coordinator, bupati


def test_coordinators_and_the_heads_account_are_told_once_per_week(world):
    coordinator, bupati = leaders(world)
    # A coordinator of another government and an inactive one are not told.
    factories.user("coord-mimika", Role.COORDINATOR, [world.mimika_tapem])
    factories.user("gone", Role.COORDINATOR, [world.bappeda], is_active=False)
    assert {u.pk for u in recipients_of(world.kutim, MONDAY)} == {coordinator.pk, bupati.pk}

    first = weekly_digest(MONDAY)
    assert (first.governments, first.sent, first.skipped) == (2, 3, 0)  # Kutai Timur 2, Mimika 1
    notice = Notification.objects.get(recipient=bupati)
    assert notice.kind == Kind.DIGEST and notice.day == MONDAY
    assert notice.dedupe_key == f"digest:{world.kutim.pk}:2025-W50"
    assert notice.url == f"/reports/digest/?government={world.kutim.pk}"
    assert "2025-W50" in notice.title and "Kutai Timur" in notice.title
    assert "*Sekilas*" in notice.body and "/reports/digest/" not in notice.body  # the sender adds it

    again = weekly_digest(MONDAY)  # the same run again: nothing new
    assert (again.sent, again.skipped) == (0, 3)
    other_worker = weekly_digest(MONDAY + dt.timedelta(days=2), force=True)  # same week, forced
    assert (other_worker.sent, other_worker.skipped) == (0, 3)
    assert weekly_digest(MONDAY + dt.timedelta(days=1)).governments == 0  # not a Monday
    assert Notification.objects.filter(kind=Kind.DIGEST).count() == 3

    next_week = weekly_digest(MONDAY + dt.timedelta(days=7))
    assert next_week.sent == 3
    send_deliveries_now()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["bappeda@kutaitimurkab.go.id", "bupati@kutaitimurkab.go.id"] * 2)
    assert "[Sinergi] Ringkasan pekanan 2025-W50" in mail.outbox[0].subject
    assert "/reports/digest/?government=" in mail.outbox[0].body


def test_governments_with_nobody_to_tell_are_counted(world):
    run = weekly_digest(MONDAY)  # the world's coordinator works in Kutai Timur only
    assert run.without_recipient == [world.mimika.pk]
    assert run.sent == 1


def test_the_head_without_an_account_gets_nothing_automatically(world):
    position = Position.objects.create(government=world.kutim, title="Bupati Kutai Timur",
                                       grade=PositionGrade.REGIONAL_HEAD, order=1)
    person = factories.official(world.kutim, "Ardiansyah Sulaiman", whatsapp="0812-3456-7890")
    factories.term(position, person, dt.date(2021, 2, 26))
    assert head_account(world.kutim, MONDAY) is None
    # An account with the same WhatsApp number in the government is the head's.
    account = factories.user("bupati", Role.VIEWER, [world.setda], whatsapp="6281234567890")
    assert head_account(world.kutim, MONDAY) == account
    # ... but not one of another government.
    account.scope_units.set([world.mimika_tapem])
    assert head_account(world.kutim, MONDAY) is None


def test_each_government_on_its_own_monday(world):
    """00.30 WIT on Monday is still 23.30 WITA on Sunday: only Mimika's digest goes."""
    factories.user("coord-mimika", Role.COORDINATOR, [world.mimika_tapem])
    now = dt.datetime(2025, 12, 7, 15, 30, tzinfo=dt.UTC)
    run = weekly_digest(now=now)
    assert (run.governments, run.sent) == (1, 1)
    assert Notification.objects.get(kind=Kind.DIGEST).government_id == world.mimika.pk
    assert weekly_digest(now=now + dt.timedelta(hours=1)).sent == 1  # now Monday in WITA too


def test_task_through_the_database_backend_and_worker(committed_world, settings):
    world = committed_world
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": ["default"]}
    }
    result = send_weekly_digest.enqueue(today=MONDAY.isoformat())
    queued = io.StringIO()
    call_command("queue_reminders", stdout=queued)  # the daily queue includes the digest
    assert "send_weekly_digest" in queued.getvalue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value["sent"] == 1 and result.return_value["without_recipient"] == 1
    assert Notification.objects.filter(kind=Kind.DIGEST, recipient=world.users[Role.COORDINATOR]).count() >= 1
