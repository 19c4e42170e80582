"""The reminder jobs run by several worker processes at once, each its own interpreter and
database connection (multiprocessing "spawn"), on a database named by a DATABASE_URL (a SQLite
file or PostgreSQL, never an in-memory database).

Used by tests/test_reminder_race.py (a small scale in `make test`) and bench/bench_reminders.py
(national scale). Jobs, each run in a fresh process (`run(job, env, processes)`):
- "prepare": migrate, load the regions, generate the synthetic follow-ups
  (sinergi.demo.synthetic.generate_follow_ups) and run the reminders once on DAY_ONE;
- "reminders": `meetings.tasks.follow_up_reminders(now=...)`, all processes released together;
- "send": `notifications.tasks.send_deliveries_now()` with Django's locmem email backend (WhatsApp
  unconfigured), returning the ids of the deliveries this process sent;
- "check": the duplicates and counts the assertions need (the synthetic data tells each person
  at most once per kind and day, whatever the kind).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The synthetic follow-ups are due around DAY_ONE. Every zone (WIB, WITA, WIT) is on DAY_ONE at
# NOW_ONE and on the next day at NOW_TWO; no line is due on DAY_ONE or DAY_ONE + 8, so both days
# find the same lines with the same kinds (generate_follow_ups).
DAY_ONE = dt.date(2025, 11, 3)
NOW_ONE = dt.datetime(2025, 11, 3, 3, 0, tzinfo=dt.UTC)
NOW_TWO = NOW_ONE + dt.timedelta(days=1)
REMINDER_KINDS = ("follow_up_due_soon", "follow_up_overdue")

_BARRIER = None


def _share_barrier(barrier) -> None:
    global _BARRIER
    _BARRIER = barrier


def setup(env: dict) -> None:
    """Django in this process, on the database of `env`, mail kept in memory."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SINERGI_WHATSAPP_TOKEN = ""


def _prepare(options: dict) -> dict:
    import io

    from django.core.management import call_command

    from sinergi.demo.synthetic import generate_follow_ups
    from sinergi.meetings.tasks import follow_up_reminders

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0, stdout=io.StringIO())
    summary = generate_follow_ups(today=DAY_ONE, **options)
    run = follow_up_reminders(now=NOW_ONE)
    return {"lines": summary.lines, "users": summary.users, "due": run.lines, "notified": run.notified,
            "queued": run.queued}


def weekly_digest():
    """The weekly digest job as a plain call for every government whatever the weekday
    (reports.tasks.weekly_digest(force=True): the job sends on each government's Monday), or
    None where this tree has none."""
    try:
        from sinergi.reports.tasks import weekly_digest as job
    except ImportError:
        return None
    return lambda: job(force=True)


def _reminders(now: str, digest: bool = False) -> dict:
    from sinergi.meetings.tasks import follow_up_reminders

    run = follow_up_reminders(now=dt.datetime.fromisoformat(now))
    result = {"lines": run.lines, "notified": run.notified, "skipped": run.skipped, "queued": run.queued,
              "no_contact": run.no_contact}
    job = weekly_digest() if digest else None
    if job is not None:
        result["digest"] = repr(job())
    return result


def _send() -> dict:
    from django.core import mail

    from sinergi.notifications import tasks
    from sinergi.notifications.choices import Channel

    sent: list[int] = []
    email = tasks.SENDERS[Channel.EMAIL]

    def counting(delivery):
        sent.append(delivery.pk)
        return email(delivery)

    tasks.SENDERS[Channel.EMAIL] = counting
    done = tasks.send_deliveries_now()
    return {"sent_ids": sent, "done": dict(done), "outbox": len(getattr(mail, "outbox", []))}


def check() -> dict:
    """In the current process: (recipient, kind, day) told more than once, reminder notifications
    per day, deliveries sent more than once or still waiting."""
    from django.db.models import Count

    from sinergi.notifications.choices import DeliveryStatus
    from sinergi.notifications.models import Delivery, Notification

    reminders = Notification.objects.filter(kind__in=REMINDER_KINDS)
    # Every kind: GROUP BY recipient, kind, day HAVING COUNT(*) > 1.
    duplicates = (Notification.objects.values("recipient_id", "kind", "day").annotate(n=Count("id"))
                  .filter(n__gt=1).count())
    by_day = {day.isoformat(): n for day, n in reminders.values_list("day").annotate(n=Count("id"))}
    return {
        "duplicates": duplicates,
        "by_day": by_day,
        "deliveries": Delivery.objects.exclude(status=DeliveryStatus.NO_CONTACT).count(),
        "sent": Delivery.objects.filter(status=DeliveryStatus.SENT).count(),
        "sent_more_than_once": Delivery.objects.filter(status=DeliveryStatus.SENT, attempts__gt=1).count(),
        "waiting": Delivery.objects.filter(
            status__in=(DeliveryStatus.QUEUED, DeliveryStatus.SENDING)).count(),
    }


def _worker(args) -> dict:
    job, env, argument = args
    setup(env)
    if job == "prepare":
        return _prepare(argument)
    if job == "check":
        return check()
    _BARRIER.wait(timeout=300)  # every process set up: now all run the job at once
    if job == "reminders":  # argument: the moment (ISO), or {"now": ..., "digest": True}
        return _reminders(**(argument if isinstance(argument, dict) else {"now": argument}))
    if job == "send":
        return _send()
    raise ValueError(job)


def run(job: str, env: dict, processes: int = 1, argument=None, timeout: float = 900) -> list[dict]:
    """Run `job` in `processes` fresh processes at once; their results."""
    env = {**env, "DJANGO_SETTINGS_MODULE": "sinergi.settings", "SINERGI_WHATSAPP_TOKEN": ""}
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    with context.Pool(processes, initializer=_share_barrier, initargs=(barrier,)) as pool:
        pending = pool.map_async(_worker, [(job, env, argument)] * processes, chunksize=1)
        return pending.get(timeout=timeout)


def overlap(results: list[dict]) -> int:
    """Deliveries sent by more than one process."""
    seen: set[int] = set()
    twice = 0
    for result in results:
        ids = set(result["sent_ids"])
        twice += len(ids & seen) + (len(result["sent_ids"]) - len(ids))
        seen |= ids
    return twice
