"""Follow-up reminders through django-tasks (database backend, the real worker): overdue and
due-soon actions, once per action, kind and day."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import followups
from sinergi.meetings.models import FollowUpReminder
from sinergi.meetings.tasks import follow_up_reminders
from tests import factories
from tests.meetings.conftest import make_meeting


def test_reminders_once_per_day(world, meeting):
    factories.user("op-kec", Role.UNIT_OPERATOR, [world.kec_sangatta], email="kec@kutaitimurkab.go.id")
    organizer = Actor(world.users[Role.UNIT_OPERATOR])
    followups.create(organizer, meeting, "Data DPT", [world.kec_sangatta], dt.date(2024, 12, 20))
    followups.create(organizer, meeting, "Masih lama", [world.kec_sangatta], dt.date(2025, 6, 1))
    assert follow_up_reminders(dt.date(2024, 12, 15)) == 1  # due within 7 days
    assert follow_up_reminders(dt.date(2024, 12, 15)) == 0
    assert follow_up_reminders(dt.date(2024, 12, 21)) == 1  # now overdue
    assert [r.kind for r in FollowUpReminder.objects.order_by("id")] == ["due_soon", "overdue"]
    assert all("kec@kutaitimurkab.go.id" in m.to for m in mail.outbox) and len(mail.outbox) == 2


def test_queue_and_worker(committed_world, settings):
    world = committed_world
    meeting = make_meeting(world)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": ["default"]}
    }
    followups.create(
        Actor(world.users[Role.UNIT_OPERATOR]), meeting, "Data DPT", [world.kec_sangatta], dt.date(2020, 1, 1)
    )
    call_command("queue_reminders", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert FollowUpReminder.objects.filter(kind="overdue").count() == 1
