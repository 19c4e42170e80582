"""Renewal reminders: queued through django-tasks on the database backend and run by the real
worker; once per agreement and day; only agreements whose renewal is due."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command

from sinergi.cooperation.models import RenewalReminder
from sinergi.cooperation.tasks import renewal_reminders, send_renewal_reminders
from tests import factories
from tests.cooperation.test_evaluation import agreement


def test_reminders_once_per_day_only_for_renewals_due(world):
    operator = world.users["unit_operator"]
    operator.email = "tapem@kutaitimurkab.go.id"
    operator.save()
    due = agreement(world, "Jatuh tempo", [world.tapem], end=dt.date(2025, 3, 31))
    agreement(world, "Masih lama", [world.tapem], end=dt.date(2027, 3, 31))
    agreement(world, "Sudah berakhir", [world.tapem], end=dt.date(2024, 12, 31))
    assert renewal_reminders(dt.date(2025, 1, 10)) == 1
    assert [m.to for m in mail.outbox] == [["tapem@kutaitimurkab.go.id"]]
    assert "Jatuh tempo" in mail.outbox[0].subject
    assert renewal_reminders(dt.date(2025, 1, 10)) == 0  # the same day again: nothing
    assert RenewalReminder.objects.get().agreement == due
    assert renewal_reminders(dt.date(2025, 1, 11)) == 1


def test_task_through_the_database_backend_and_worker(committed_world, settings):
    world = committed_world
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": ["default"]}
    }
    factories.user("kabag", "unit_head", [world.tapem], email="kabag@kutaitimurkab.go.id")
    agreement(world, "Jatuh tempo", [world.tapem], end=dt.date(2025, 3, 31))
    result = send_renewal_reminders.enqueue(today="2025-01-10")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL" and result.return_value == 1
    assert RenewalReminder.objects.count() == 1 and len(mail.outbox) == 1
