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


def test_each_government_sets_its_own_renewal_window(client, world):
    """Kutai Timur widens its window to 12 months: an agreement ending in 10 months is flagged
    and reminded; Mimika keeps the default 6 months. Only the coordinator may change it."""
    from django.urls import reverse

    from sinergi.cooperation.choices import AgreementStatus
    from sinergi.cooperation.models import CooperationSettings
    from sinergi.cooperation.services import renewal_window, status_of

    ends_in_10_months = agreement(world, "Sepuluh bulan lagi", [world.tapem], end=dt.date(2025, 11, 10))
    today = dt.date(2025, 1, 10)
    assert status_of(ends_in_10_months, today) == AgreementStatus.ACTIVE
    assert renewal_reminders(today) == 0

    url = reverse("cooperation:renewal_settings", args=[world.kutim.pk])
    client.force_login(world.users["unit_operator"])
    assert client.post(url, {"renewal_months": 12}).status_code == 403
    client.force_login(world.users["coordinator"])
    client.post(url, {"renewal_months": 99})  # over the 36-month limit: refused
    assert not CooperationSettings.objects.exists()
    client.post(url, {"renewal_months": 12})
    assert renewal_window(world.kutim.pk) == 12 and renewal_window(world.mimika.pk) == 6
    assert status_of(ends_in_10_months, today) == AgreementStatus.RENEWAL_DUE
    assert renewal_reminders(today) == 1
    page = client.get(reverse("cooperation:dashboard", args=[world.kutim.pk])).content.decode()
    assert 'data-testid="renewal-settings"' in page and 'value="12"' in page
