"""Two workers run the follow-up reminders at the same moment, then two send the deliveries
(tests/reminder_race.py: real processes, each its own database connection), on a scratch SQLite
file or, when DATABASE_URL points to PostgreSQL, a scratch PostgreSQL database. Nobody is told
twice on a day about a kind, together they tell exactly whom one run tells, and no delivery is
sent twice. bench/bench_reminders.py runs the same at national scale."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.reminder_race import DAY_ONE, NOW_TWO, overlap, run


@pytest.fixture
def scratch_database(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'reminders.sqlite3'}"
        return
    import psycopg

    name = f"sinergi_reminders_{uuid.uuid4().hex[:10]}"
    base, _, _ = url.rpartition("/")
    maintenance = f"{base}/postgres"
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_workers_tell_nobody_twice_and_send_nothing_twice(scratch_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": scratch_database, "SINERGI_DATA_DIR": str(tmp_path)}
    # The 11 governments of province 64, 20 units each; reminded once on the first day.
    (single,) = run("prepare", env, argument={"scale": "province", "province": "64"})
    assert single["notified"] > 300 and single["queued"] > 100, single

    # The next day (the same lines, the same kinds): two workers at once.
    workers = run("reminders", env, processes=2, argument=NOW_TWO.isoformat())
    assert [w["lines"] for w in workers] == [single["due"]] * 2
    assert sum(w["notified"] for w in workers) == single["notified"], workers
    assert sum(w["queued"] for w in workers) == single["queued"], workers

    senders = run("send", env, processes=2)
    (state,) = run("check", env)
    assert state["duplicates"] == 0
    assert state["by_day"] == {DAY_ONE.isoformat(): single["notified"],
                               NOW_TWO.date().isoformat(): single["notified"]}
    assert overlap(senders) == 0
    sent = sum(len(s["sent_ids"]) for s in senders)
    assert sent == state["deliveries"] == state["sent"] == 2 * single["queued"]
    assert sum(s["outbox"] for s in senders) == state["sent"]
    assert (state["sent_more_than_once"], state["waiting"]) == (0, 0)
