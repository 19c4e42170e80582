"""Benchmark (issue 15): the daily reminder jobs at national scale, and two workers running them.

    .venv/bin/python bench/bench_reminders.py [--scale national|province|kabupaten] [--units 20]
        [--actions 8] [--limit 60]

Data (not timed), in a scratch SQLite file or, with DATABASE_URL pointing to PostgreSQL, a scratch
database created next to it and dropped at the end: migrate, the region registry, and for every
government of `--scale` the SYNTHETIC follow-up work of `sinergi.demo.synthetic.generate_follow_ups`
(a rakor, `--actions` follow-up actions each given to 4-12 of the government's `--units` units,
one line per unit, overdue / due soon / later / closed; heads and operators with an email
address, a WhatsApp number, both or neither), plus one open reporting period per government
(TW IV, opened two days before, due two days after) so that the period reminders tell every
unit's people.

Timed, in this process, on 2025-11-03 (tests/reminder_race.py: DAY_ONE): the follow-up reminders
(`meetings.tasks.follow_up_reminders`), the period reminders (`monitoring.notices.period_reminders`),
the cooperation renewal reminders (`cooperation.tasks.renewal_reminders`; the synthetic data has
no agreements) and, where the tree has it, the weekly digest (`reports.tasks.send_weekly_digest`).
Limit: their total under `--limit` seconds (60; exit 1 above it).

Then, the next day (the same lines, each of the same kind), two spawned processes (each its own
connection) run the follow-up reminders (and the digest, where there is one) at once, and two
send every queued delivery (`notifications.tasks.send_deliveries_now`, Django's locmem email
backend, WhatsApp unconfigured). Checked (exit 1 otherwise): no recipient has two notifications
of a kind on a day (GROUP BY recipient, kind, day HAVING COUNT(*) > 1 = 0), the two workers
together created exactly what one run created the day before, no delivery was sent twice (by
the processes' own lists and by the attempts), nothing is left queued."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _support import setup_django

LIMIT_SECONDS = 60.0


def scratch_database() -> tuple[str, str, str | None]:
    """(url, vendor, PostgreSQL database to drop) of a fresh database for this run."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base = url.rpartition("/")[0]
        name = f"sinergi_bench_reminders_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return f"{base}/{name}", "PostgreSQL", name
    tmp = Path(tempfile.mkdtemp(prefix="sinergi-bench-reminders-"))
    return f"sqlite:///{tmp / 'bench.sqlite3'}", "SQLite", None


def drop(name: str) -> None:
    import psycopg

    base = os.environ["DATABASE_URL"].rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def open_periods(day) -> int:
    """One open reporting period (TW IV) per government, opened two days before `day`."""
    import datetime as dt

    from sinergi.monitoring.choices import PeriodStatus
    from sinergi.monitoring.models import ReportingPeriod
    from sinergi.regions.models import Government

    two = dt.timedelta(days=2)
    periods = [ReportingPeriod(government_id=pk, year=day.year, quarter=4, opens_on=day - two,
                               deadline=day + two, status=PeriodStatus.OPEN)
               for pk in Government.objects.values_list("pk", flat=True)]
    ReportingPeriod.objects.bulk_create(periods, ignore_conflicts=True)
    return len(periods)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("kabupaten", "province", "national"), default="national")
    parser.add_argument("--province", default="64")
    parser.add_argument("--units", type=int, default=20, help="units per government")
    parser.add_argument("--actions", type=int, default=8, help="follow-up actions per government")
    parser.add_argument("--limit", type=float, default=LIMIT_SECONDS, help="seconds for all the jobs")
    args = parser.parse_args()

    from tests.reminder_race import (
        DAY_ONE,
        NOW_ONE,
        NOW_TWO,
        REMINDER_KINDS,
        check,
        overlap,
        run,
        weekly_digest,
    )

    original = os.environ.get("DATABASE_URL", "")
    url, vendor, name = scratch_database()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SINERGI_DATA_DIR", tempfile.mkdtemp(prefix="sinergi-bench-reminders-data-"))
    os.environ["SINERGI_WHATSAPP_TOKEN"] = ""
    failures: list[str] = []
    try:
        started = time.perf_counter()
        setup_django(load_regions=True)
        from django.conf import settings
        from django.db import connections

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        from sinergi.cooperation.tasks import renewal_reminders
        from sinergi.demo.synthetic import generate_follow_ups
        from sinergi.meetings.tasks import follow_up_reminders
        from sinergi.monitoring.notices import period_reminders
        from sinergi.notifications.models import Notification

        data = generate_follow_ups(scale=args.scale, province=args.province, today=DAY_ONE,
                                   units_per_government=args.units, actions_per_government=args.actions)
        periods = open_periods(DAY_ONE)
        print(f"{vendor}: {data.governments} governments, {data.units:,} units, {data.actions:,} actions, "
              f"{data.lines:,} follow-up lines ({data.lines_due:,} due within 7 days or overdue), "
              f"{data.users:,} users, {periods} open periods; setup {time.perf_counter() - started:.0f} s",
              flush=True)

        jobs = [
            ("follow-up reminders", lambda: follow_up_reminders(now=NOW_ONE)),
            ("period reminders", lambda: period_reminders(DAY_ONE)),
            ("cooperation renewal reminders", lambda: renewal_reminders(DAY_ONE)),
        ]
        digest = weekly_digest()
        if digest is not None:
            jobs.append(("weekly digest", digest))
        else:
            print("  (no reports.tasks.send_weekly_digest in this tree: the digest is not measured)")
        total = 0.0
        single = None
        for label, job in jobs:
            start = time.perf_counter()
            result = job()
            took = time.perf_counter() - start
            total += took
            if label == "follow-up reminders":
                single = result
                recipients = (Notification.objects.filter(kind__in=REMINDER_KINDS, day=DAY_ONE)
                              .values("recipient_id").distinct().count())
                detail = (f"{result.lines:,} lines due or overdue, {recipients:,} recipients, "
                          f"{result.notified:,} notifications (recipient x kind), "
                          f"{result.queued:,} deliveries queued, {result.no_contact:,} with no contact, "
                          f"{len(result.unreachable_units):,} units with nobody")
            elif label == "weekly digest":
                detail = (f"{result.governments:,} governments, {result.sent:,} sent, "
                          f"{result.queued:,} queued, {len(result.without_recipient):,} without a recipient")
            else:
                detail = f"result {result!r}"
            print(f"  {label}: {took:.1f} s ({detail})", flush=True)
        verdict = "ok" if total <= args.limit else "OVER THE LIMIT"
        print(f"all jobs: {total:.1f} s = {total / args.limit:.2f} x the {args.limit:.0f} s limit "
              f"({verdict})", flush=True)
        if total > args.limit:
            failures.append(f"jobs took {total:.1f} s > {args.limit:.0f} s")

        connections.close_all()  # the workers are other processes; this one waits
        env = dict(os.environ)
        start = time.perf_counter()
        workers = run("reminders", env, processes=2,
                      argument={"now": NOW_TWO.isoformat(), "digest": digest is not None})
        race = time.perf_counter() - start
        created = [w["notified"] for w in workers]
        print(f"two workers, the next day: created {created} (together {sum(created):,}; one run "
              f"{single.notified:,}), skipped {[w['skipped'] for w in workers]}, {race:.1f} s", flush=True)
        if sum(created) != single.notified:
            failures.append(f"two workers created {sum(created)} notifications, one run {single.notified}")
        start = time.perf_counter()
        senders = run("send", env, processes=2)
        sending = time.perf_counter() - start
        state = check()
        twice = overlap(senders)
        sent = [len(s["sent_ids"]) for s in senders]
        print(f"two senders: sent {sent} (together {sum(sent):,} of {state['deliveries']:,} deliveries "
              f"with an address), sent by both {twice}, attempts > 1 {state['sent_more_than_once']}, "
              f"left waiting {state['waiting']}, {sending:.1f} s", flush=True)
        print(f"duplicates (recipient, kind, day told twice): {state['duplicates']}; reminders per day "
              f"{state['by_day']}", flush=True)
        if state["duplicates"]:
            failures.append(f"{state['duplicates']} (recipient, kind, day) told more than once")
        if twice or state["sent_more_than_once"] or state["waiting"] or sum(sent) != state["deliveries"]:
            failures.append("deliveries sent twice or not sent")
        if state["by_day"].get(NOW_TWO.date().isoformat()) != single.notified:
            failures.append(f"reminders of the second day {state['by_day']} != one run's {single.notified}")
    finally:
        if name:
            from django.db import connections

            connections.close_all()
            os.environ["DATABASE_URL"] = original
            drop(name)
    for failure in failures:
        print("FAILED: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
