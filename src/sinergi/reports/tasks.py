"""Background work of the reports (django-tasks, database backend): the weekly digest for leaders.

`send_weekly_digest` sends, on each government's own Monday (WIB/WITA/WIT), its digest
(reports.digest) through the notification centre (in-app, and email / WhatsApp by each
recipient's preference) to:

- its active coordinators (role coordinator with a scope unit in the government), and
- the head of region's account, when one is linked: an active user with a scope unit in the
  government whose email address or WhatsApp number is the one recorded for the official
  exercising the head-of-region office today. Without such an account the head gets nothing
  automatically: the digest page offers "Kirim lewat WhatsApp" to the official's number.

The subject is `digest:<government>:<ISO year>-W<week>` and the notification's day is the week's
Monday, so each recipient is told once per week and government (the notification's unique key),
however often the job runs that week and however many workers run it. `force` sends on another
day of the week too (still once per week). Governments with nobody to tell are counted.

`sinergi queue_reminders` (cron, daily) enqueues it; it does nothing outside Mondays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from sinergi.accounts.models import User
from sinergi.core.contacts import mobile_or_empty
from sinergi.core.roles import Role
from sinergi.notifications.choices import Kind
from sinergi.notifications.services import notify
from sinergi.regions.models import Government
from sinergi.reports.digest import digest_for, digest_text, digest_title, head_of_region, today_in

MONDAY = 1  # ISO weekday


@dataclass
class DigestRun:
    governments: int = 0  # governments whose Monday it is (or all, forced)
    sent: int = 0  # notifications created in this run
    skipped: int = 0  # recipients told this week already
    queued: int = 0  # external deliveries queued
    no_contact: int = 0  # recipients with no address on any channel they want
    without_recipient: list[int] = field(default_factory=list)  # government ids nobody to tell


def coordinators_of(government: Government) -> list[User]:
    return list(User.objects.filter(is_active=True, role=Role.COORDINATOR,
                                    scope_units__government=government).distinct().order_by("pk"))


def head_account(government: Government, day: dt.date) -> User | None:
    """The account of the official exercising the head-of-region office on `day` (see the
    module's docstring), or None."""
    term = head_of_region(government, day)
    if term is None:
        return None
    official = term.official
    contact = Q(pk__in=[])
    if official.email:
        contact |= Q(email__iexact=official.email)
    if number := mobile_or_empty(official.whatsapp_number):
        contact |= Q(whatsapp=number)
    return (User.objects.filter(contact, is_active=True, scope_units__government=government)
            .distinct().order_by("pk").first())


def recipients_of(government: Government, day: dt.date) -> list[User]:
    people = {u.pk: u for u in coordinators_of(government)}
    head = head_account(government, day)
    if head is not None:
        people.setdefault(head.pk, head)
    return list(people.values())


def weekly_digest(today: dt.date | None = None, *, force: bool = False,
                  now: dt.datetime | None = None) -> DigestRun:
    """Send the week's digest of every government whose day (`today` for all of them, else
    the day in each government's zone) is a Monday, or of every government when `force`."""
    run = DigestRun()
    now = now or timezone.now()
    for government in Government.objects.select_related("region__parent").order_by("pk"):
        day = today or today_in(government, now)
        if not force and day.isoweekday() != MONDAY:
            continue
        run.governments += 1
        recipients = recipients_of(government, day)
        if not recipients:
            run.without_recipient.append(government.pk)
            continue
        digest = digest_for(government, day)
        result = notify(recipients, Kind.DIGEST, digest_title(digest), digest_text(digest, link=False),
                        digest.url, f"digest:{government.pk}:{digest.week.key}", government=government,
                        day=digest.week.monday, now=now)
        run.sent += result.created
        run.skipped += result.skipped
        run.queued += result.queued
        run.no_contact += result.no_contact
    return run


@task()
def send_weekly_digest(today: str | None = None, force: bool = False) -> dict:
    run = weekly_digest(dt.date.fromisoformat(today) if today else None, force=force)
    return {
        "governments": run.governments,
        "sent": run.sent,
        "skipped": run.skipped,
        "queued": run.queued,
        "no_contact": run.no_contact,
        "without_recipient": len(run.without_recipient),
    }
