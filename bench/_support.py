"""What every benchmark needs: Django on a throw-away database, and a stable timer."""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def setup_django(*, load_regions: bool = True) -> None:
    """Django on a temporary SQLite database (unless DATABASE_URL is set), migrated, with the
    region registry loaded."""
    if "DATABASE_URL" not in os.environ:
        tmp = Path(tempfile.mkdtemp(prefix="sinergi-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if load_regions:
        call_command("load_regions", verbosity=0, stdout=io.StringIO())


def best_of(fn: Callable[[], object], repeat: int = 30) -> float:
    """The fastest of `repeat` runs, in seconds: the least disturbed by other load."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def analyze() -> None:
    """What autovacuum does to a PostgreSQL database in use: the planner's statistics of the
    tables a benchmark has just filled (without them it guesses, e.g. a sequential scan of
    every region of Indonesia to join eleven governments). SQLite: nothing."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def generate_logged(**kwargs):
    """sinergi.demo.synthetic.generate(**kwargs), with its summary printed: what every benchmark
    at a given scale starts from."""
    from sinergi.demo.synthetic import generate

    started = time.perf_counter()
    summary = generate(**kwargs)
    print(f"data: {summary.governments} governments, {summary.units} units, {summary.activities:,} "
          f"activities, {summary.realizations:,} realizations ({time.perf_counter() - started:.1f} s)",
          flush=True)
    return summary
