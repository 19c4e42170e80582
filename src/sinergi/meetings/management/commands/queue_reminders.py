"""`sinergi queue_reminders`: enqueue today's reminders (follow-up actions due or overdue,
cooperation agreements due for renewal, reporting periods opening or closing soon), the weekly
digest for leaders (sent on each government's Monday only) and the sending of any waiting
notification deliveries, for the background worker (`sinergi db_worker`).
Run it daily from cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sinergi.cooperation.tasks import send_renewal_reminders
from sinergi.meetings.tasks import send_follow_up_reminders
from sinergi.monitoring.tasks import send_period_reminders
from sinergi.notifications.tasks import send_deliveries
from sinergi.reports.tasks import send_weekly_digest


class Command(BaseCommand):
    help = "Queue today's reminders for the background worker."

    def handle(self, *args, **options) -> None:
        for reminder in (send_follow_up_reminders, send_renewal_reminders, send_period_reminders,
                         send_weekly_digest, send_deliveries):
            result = reminder.enqueue()
            self.stdout.write(f"{reminder.name}: {result.id}")
