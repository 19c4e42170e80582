"""Background work of the monitoring app (django-tasks): the daily reporting-period reminders
(period opened, deadline near). `sinergi queue_reminders` (cron, daily) enqueues it."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from sinergi.monitoring.notices import period_reminders


@task()
def send_period_reminders(today: str | None = None) -> int:
    return period_reminders(dt.date.fromisoformat(today) if today else None)
