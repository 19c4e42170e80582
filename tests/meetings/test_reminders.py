"""Follow-up reminders through the notification centre and django-tasks (database backend, the
real worker): per responsible unit's line, due soon and overdue, each recipient told once per
day and kind (also when two runs race), units nobody can be reached in counted."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import followups
from sinergi.meetings.followups import Step
from sinergi.meetings.tasks import follow_up_reminders
from sinergi.notifications.choices import DeliveryStatus, Kind
from sinergi.notifications.models import Delivery, Notification
from sinergi.notifications.tasks import send_deliveries_now
from tests import factories
from tests.meetings.conftest import make_meeting


def test_reminders_once_per_day_and_kind(world, meeting):
    operator = factories.user(
        "op-kec", Role.UNIT_OPERATOR, [world.kec_sangatta], email="kec@kutaitimurkab.go.id"
    )
    organizer = Actor(world.users[Role.UNIT_OPERATOR])
    followups.create(
        organizer, meeting, "Data DPT", [world.kec_sangatta, world.bappeda], dt.date(2024, 12, 20)
    )
    followups.create(organizer, meeting, "Masih lama", [world.kec_sangatta], dt.date(2025, 6, 1))
    first = follow_up_reminders(dt.date(2024, 12, 15))  # due within 7 days
    assert (first.lines, first.notified, first.queued) == (2, 1, 1)
    assert first.unreachable_units == [world.bappeda.pk]  # nobody works in Bappeda in this world
    again = follow_up_reminders(dt.date(2024, 12, 15))
    assert (again.notified, again.skipped) == (0, 1)
    later = follow_up_reminders(dt.date(2024, 12, 21))  # now overdue: another kind, another day
    assert later.notified == 1
    kinds = list(
        Notification.objects.filter(recipient=operator).order_by("id").values_list("kind", flat=True)
    )
    # Told when each line was given, then reminded once as due soon and once as overdue.
    assert kinds == [Kind.FOLLOW_UP_ASSIGNED] * 2 + [Kind.FOLLOW_UP_DUE_SOON, Kind.FOLLOW_UP_OVERDUE]
    notice = Notification.objects.filter(recipient=operator).order_by("id").last()
    assert (
        "Data DPT" in notice.body
        and "status=overdue" in notice.url
        and f"unit={world.kec_sangatta.pk}" in notice.url
    )
    send_deliveries_now()
    assert [m.to for m in mail.outbox] == [["kec@kutaitimurkab.go.id"]] * 4


def test_a_closed_line_is_not_reminded_and_no_contact_is_recorded(world, meeting):
    kec = factories.user("op-kec", Role.UNIT_OPERATOR, [world.kec_sangatta])  # no email, no WhatsApp
    organizer = Actor(world.users[Role.UNIT_OPERATOR])
    action = followups.create(organizer, meeting, "Data DPT", [world.kec_sangatta], dt.date(2024, 12, 20))
    followups.act(organizer, action.lines.get(), Step.CLOSE, note="Diterima lewat surat")
    assert follow_up_reminders(dt.date(2024, 12, 21)).lines == 0
    followups.create(organizer, meeting, "Laporan", [world.kec_sangatta], dt.date(2024, 12, 20))
    run = follow_up_reminders(dt.date(2024, 12, 21))
    assert (run.notified, run.no_contact) == (1, 1)
    assert set(Delivery.objects.filter(notification__recipient=kec).values_list("status", flat=True)) == {
        DeliveryStatus.NO_CONTACT
    }


def test_queue_and_worker(committed_world, settings):
    world = committed_world
    meeting = make_meeting(world)
    factories.user("op-kec", Role.UNIT_OPERATOR, [world.kec_sangatta], email="kec@kutaitimurkab.go.id")
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": ["default"]}
    }
    followups.create(
        Actor(world.users[Role.UNIT_OPERATOR]), meeting, "Data DPT", [world.kec_sangatta], dt.date(2020, 1, 1)
    )
    call_command("queue_reminders", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert Notification.objects.filter(kind=Kind.FOLLOW_UP_OVERDUE).count() == 1
