"""Background work of the meetings app (django-tasks, database backend).

`send_follow_up_reminders` mails the users of the responsible units (and of the organizer unit)
about each follow-up action that is overdue or due within REMINDER_DAYS, once per action, kind
and day (FollowUpReminder), recording who was told. `sinergi queue_reminders` (cron, daily)
enqueues it with the cooperation renewal reminders; `sinergi db_worker` runs them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_tasks import task

from sinergi.accounts.models import User
from sinergi.core.formatting import long_date
from sinergi.meetings.choices import FOLLOW_UP_ACTIVE
from sinergi.meetings.followups import today_in
from sinergi.meetings.models import FollowUp, FollowUpReminder

REMINDER_DAYS = getattr(settings, "SINERGI_FOLLOW_UP_REMINDER_DAYS", 7)


def _recipients(follow_up: FollowUp) -> list[str]:
    units = [*follow_up.responsible_units.all(), follow_up.meeting.organizer]
    users = User.objects.filter(is_active=True, scope_units__in=units).exclude(email="").distinct()
    return sorted({u.email for u in users})


def follow_up_reminders(today: dt.date | None = None) -> int:
    sent = 0
    candidates = (
        FollowUp.objects.filter(status__in=FOLLOW_UP_ACTIVE)
        .select_related("meeting__organizer")
        .prefetch_related("responsible_units")
    )
    for follow_up in candidates:
        day = today or today_in(follow_up.meeting.time_zone)
        if follow_up.due_date < day:
            kind = "overdue"
        elif follow_up.due_date <= day + dt.timedelta(days=REMINDER_DAYS):
            kind = "due_soon"
        else:
            continue
        recipients = _recipients(follow_up)
        try:
            with transaction.atomic():
                FollowUpReminder.objects.create(
                    follow_up=follow_up, kind=kind, sent_on=day, recipients=", ".join(recipients)
                )
        except IntegrityError:
            continue
        if recipients:
            subject = (
                _("Overdue follow-up action: %(text)s")
                if kind == "overdue"
                else _("Follow-up action due soon: %(text)s")
            ) % {"text": follow_up.description[:80]}
            body = _("%(text)s\nDue: %(due)s\nMeeting: %(meeting)s") % {
                "text": follow_up.description,
                "due": long_date(follow_up.due_date),
                "meeting": follow_up.meeting.title,
            }
            send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)])
        sent += 1
    return sent


@task()
def send_follow_up_reminders(today: str | None = None) -> int:
    return follow_up_reminders(dt.date.fromisoformat(today) if today else None)
