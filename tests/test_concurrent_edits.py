"""Concurrent editors (tests/concurrency.py), bounded for `make test`: editor processes against
gunicorn with 4 workers, on the database the suite runs on (a scratch SQLite file, or a scratch
PostgreSQL database), editing a realization draft, a follow-up, a meeting's minutes and an
agreement with fresh and stale versions. 0 lost updates, every loser a 409 with the stale-edit
message, 0 errors ("database is locked" included). bench/bench_concurrent_edits.py runs 100."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

from tests.concurrency import ROOT, measure

CLIENTS = int(os.environ.get("SINERGI_CONCURRENT_CLIENTS", "16"))
ROUNDS = 2


@pytest.fixture
def scratch_database(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'concurrent.sqlite3'}"
        return
    import psycopg

    name = f"sinergi_concurrent_{uuid.uuid4().hex[:10]}"
    base, _, _ = url.rpartition("/")
    maintenance = f"{base}/postgres"   # the configured database itself may not exist (tests use test_*)
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_concurrent_editors_lose_nothing(scratch_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": scratch_database, "SINERGI_DATA_DIR": str(tmp_path),
           "AXES_ENABLED": "false"}
    figures = measure(env, clients=CLIENTS, rounds=ROUNDS)
    print(figures.line())
    assert figures.requests == CLIENTS * ROUNDS * 4
    assert figures.errors == 0, figures.error_samples
    assert figures.lost_updates == 0, figures.per_target
    # Each record and round: one editor wins, every other one is told it was stale.
    assert figures.successes == ROUNDS * 4, figures.per_target
    assert figures.conflicts == figures.requests - figures.successes
    # The audit events the workers wrote at the same time form one unbroken hash chain.
    verify_env = {**env, "PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "sinergi.settings"}
    verified = subprocess.run([sys.executable, "-m", "sinergi.cli", "verify_audit"], env=verify_env,
                              capture_output=True, text=True, timeout=300, check=False)
    assert verified.returncode == 0, verified.stderr[-2000:]
