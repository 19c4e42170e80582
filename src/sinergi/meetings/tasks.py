"""Background work of the meetings app (django-tasks, database backend).

`send_follow_up_reminders` tells the users (heads and operators) of each responsible unit about
the unit's follow-up lines that are overdue or due within REMINDER_DAYS, through the
notification centre (sinergi.notifications: in-app, and email / WhatsApp by each user's
preference, every delivery recorded as queued, sent, failed or no contact). Each recipient is
told at most once per day and kind (the notification's unique key), one message listing all the
lines of their units — so two workers running the job on the same day tell nobody twice. The
day is the meeting's government's own (WIB/WITA/WIT). A unit with nobody to reach is counted
(and named on the action's and the meeting's page: "3 unit belum dapat dihubungi").

`sinergi queue_reminders` (cron, daily) enqueues it with the other reminders; `sinergi
db_worker` runs them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from sinergi.core.formatting import long_date
from sinergi.meetings.choices import FOLLOW_UP_ACTIVE, LINE_ACTIVE
from sinergi.meetings.models import FollowUpLine
from sinergi.notifications.choices import Kind
from sinergi.notifications.services import Message, notify_many, users_by_unit

REMINDER_DAYS = getattr(settings, "SINERGI_FOLLOW_UP_REMINDER_DAYS", 7)
MAX_LISTED = 10  # lines named in one message; the link lists them all
REMINDER_KEY = "follow_up_lines"
MESSAGE_LANGUAGE = "id"  # what the recipients read, whatever the server's default
CHUNK = 2000


@dataclass
class ReminderRun:
    lines: int = 0  # lines due soon or overdue
    notified: int = 0  # notifications created in this run (0 when run again the same day)
    skipped: int = 0  # recipients already told today
    queued: int = 0  # external deliveries queued
    no_contact: int = 0  # recipients with no address on any channel they want
    unreachable_units: list[int] = field(default_factory=list)  # units with no user at all


@dataclass(frozen=True)
class _Line:
    pk: int
    unit_id: int
    unit_name: str
    government_id: int
    description: str
    due_date: dt.date
    overdue: bool


def _today_by_zone(zones, now: dt.datetime) -> dict[str, dt.date]:
    return {zone: now.astimezone(ZoneInfo(zone)).date() for zone in zones}


def due_lines(today: dt.date | None = None, now: dt.datetime | None = None) -> list[_Line]:
    """The active lines (of active actions) due within REMINDER_DAYS or overdue, each judged in
    its meeting's zone (or on `today` for every zone, in tests)."""
    now = now or timezone.now()
    zones = (
        FollowUpLine.objects.filter(status__in=LINE_ACTIVE, follow_up__status__in=FOLLOW_UP_ACTIVE)
        .values_list("follow_up__meeting__time_zone", flat=True)
        .distinct()
    )
    days = {zone: today for zone in zones} if today else _today_by_zone(set(zones), now)
    if not days:
        return []
    due = Q(pk__in=[])
    for zone, day in days.items():
        due |= Q(follow_up__meeting__time_zone=zone, due_date__lte=day + dt.timedelta(days=REMINDER_DAYS))
    rows = (
        FollowUpLine.objects.filter(due, status__in=LINE_ACTIVE, follow_up__status__in=FOLLOW_UP_ACTIVE)
        .values_list(
            "pk",
            "unit_id",
            "unit__name",
            "follow_up__government_id",
            "follow_up__description",
            "due_date",
            "follow_up__meeting__time_zone",
        )
        .order_by("due_date", "pk")
    )
    return [
        _Line(pk, unit, name, government, description, due_date, due_date < days[zone])
        for pk, unit, name, government, description, due_date, zone in rows.iterator(chunk_size=CHUNK)
    ]


def _message(lines: list[_Line], overdue: bool) -> tuple[str, str]:
    with translation.override(MESSAGE_LANGUAGE):
        n = len(lines)
        title = (
            ngettext("%(n)s follow-up action overdue", "%(n)s follow-up actions overdue", n)
            if overdue
            else ngettext("%(n)s follow-up action due soon", "%(n)s follow-up actions due soon", n)
        ) % {"n": n}
        items = [
            f"- {line.description[:120]} ({line.unit_name}; "
            + _("due %(due)s") % {"due": long_date(line.due_date)}
            + ")"
            for line in lines[:MAX_LISTED]
        ]
        if n > MAX_LISTED:
            items.append(_("… and %(n)s more") % {"n": n - MAX_LISTED})
        return title, "\n".join(items)


def follow_up_reminders(today: dt.date | None = None, now: dt.datetime | None = None) -> ReminderRun:
    """Tell each responsible unit's users about their lines due soon and overdue (two kinds,
    each at most once per recipient and day)."""
    run = ReminderRun()
    lines = due_lines(today, now)
    run.lines = len(lines)
    if not lines:
        return run
    by_unit: dict[int, list[_Line]] = defaultdict(list)
    for line in lines:
        by_unit[line.unit_id].append(line)
    unit_ids = list(by_unit)
    users: dict[int, list] = {}
    for start in range(0, len(unit_ids), CHUNK):
        users |= users_by_unit(unit_ids[start : start + CHUNK])
    run.unreachable_units = [unit for unit in unit_ids if not users.get(unit)]
    # Per recipient, the lines of all their units; recipients with the same lines share a call.
    people: dict[int, object] = {}
    lines_of: dict[int, list[_Line]] = defaultdict(list)
    for unit, members in users.items():
        for user in members:
            people[user.pk] = user
            lines_of[user.pk].extend(by_unit[unit])
    groups: dict[tuple[bool, tuple[int, ...]], list] = defaultdict(list)
    for user_pk, mine in lines_of.items():
        for overdue in (True, False):
            chosen = [line for line in mine if line.overdue == overdue]
            if chosen:
                groups[(overdue, tuple(line.pk for line in chosen))].append(people[user_pk])
    board = reverse("meetings:followup_board")
    catalogue = {line.pk: line for line in lines}
    messages = []
    for (overdue, pks), recipients in groups.items():
        chosen = [catalogue[pk] for pk in pks]
        title, body = _message(chosen, overdue)
        first = chosen[0]
        units = {line.unit_id for line in chosen}
        query = f"?government={first.government_id}&status={'overdue' if overdue else 'due_soon'}"
        if len(units) == 1:
            query += f"&unit={first.unit_id}"
        messages.append(Message(
            recipients,
            Kind.FOLLOW_UP_OVERDUE if overdue else Kind.FOLLOW_UP_DUE_SOON,
            title,
            body,
            board + query,
            REMINDER_KEY,
            government=first.government_id,
            day=today,
        ))
    # All at once: a few queries per thousand notifications, not several per group.
    for result in notify_many(messages, now=now):
        run.notified += result.created
        run.skipped += result.skipped
        run.queued += result.queued
        run.no_contact += result.no_contact
    return run


@task()
def send_follow_up_reminders(today: str | None = None) -> dict:
    run = follow_up_reminders(dt.date.fromisoformat(today) if today else None)
    return {
        "lines": run.lines,
        "notified": run.notified,
        "skipped": run.skipped,
        "queued": run.queued,
        "no_contact": run.no_contact,
        "unreachable_units": len(run.unreachable_units),
    }
