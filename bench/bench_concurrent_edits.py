"""Benchmark (correctness under load): 100 editor processes against gunicorn (4 workers) edit the
same realization draft, follow-up, meeting minutes and agreement with fresh and stale versions
(tests/concurrency.py), on a scratch SQLite file or, with DATABASE_URL set to PostgreSQL, a
scratch database created next to it.

Limits: 0 lost updates, 0 errors ("database is locked" included); every loser a 409 with the
stale-edit message. Prints requests, saves, conflicts detected, errors. Exits 1 when a limit is
missed.

Run: .venv/bin/python bench/bench_concurrent_edits.py [--clients 100] [--rounds 3]"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    from tests.concurrency import measure

    url = os.environ.get("DATABASE_URL", "")
    tmp = Path(tempfile.mkdtemp(prefix="sinergi-concurrent-"))
    name = None
    if url.startswith("postgres"):
        import psycopg

        base = url.rpartition("/")[0]
        name = f"sinergi_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        database, vendor = f"{base}/{name}", "PostgreSQL"
    else:
        database, vendor = f"sqlite:///{tmp / 'bench.sqlite3'}", "SQLite"
    env = {**os.environ, "DATABASE_URL": database, "SINERGI_DATA_DIR": str(tmp), "AXES_ENABLED": "false"}
    try:
        start = time.perf_counter()
        figures = measure(env, clients=args.clients, rounds=args.rounds, workers=args.workers)
        took = time.perf_counter() - start
    finally:
        if name:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"concurrent editors on {vendor}: {args.clients} clients x {args.rounds} rounds x 4 records, "
          f"gunicorn {args.workers} workers: {figures.line()} (limits: 0 lost, 0 errors) in {took:.0f} s")
    for sample in figures.error_samples:
        print("  " + sample)
    expected_saves = args.rounds * 4
    ok = figures.errors == 0 and figures.lost_updates == 0 and figures.successes == expected_saves
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
