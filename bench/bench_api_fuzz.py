"""Benchmark (robustness, not speed): the whole API fuzzed with Schemathesis with a longer budget
than `make test`'s, as an administrator and as a unit operator, on the demo data.

Limit: 0 server errors and 0 responses that break their own schema (the figures printed are
operations, requests and failures per role). Exits 1 on any failure.

Run: .venv/bin/python bench/bench_api_fuzz.py [--examples 50]
Uses a temporary SQLite database unless DATABASE_URL is set (then it writes into that database:
give it a scratch one)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from _support import setup_django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=50)
    args = parser.parse_args()
    setup_django()
    from sinergi.demo.loader import load_demo
    from tests.api.test_fuzz import fuzz

    load_demo()
    failed = 0
    for username in ("admin", "operator"):
        start = time.perf_counter()
        operations, requests, failures = fuzz(username, args.examples)
        took = time.perf_counter() - start
        print(f"api fuzz as {username}: {operations} operations, {requests} requests, "
              f"{len(failures)} failures (limit 0) in {took:.0f} s")
        for line in failures:
            print("  " + line)
        failed += len(failures)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
