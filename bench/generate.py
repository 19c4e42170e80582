"""Build deterministic SYNTHETIC plan + realization data (sinergi.demo.synthetic) into a database.

    .venv/bin/python bench/generate.py --scale kabupaten|province|national [--year 2025] [--seed 1]
        [--database-url URL | --sqlite PATH] [--province 64] [--government 64.08]
        [--units 40] [--activities 30] [--quarters 4]

Without --database-url/--sqlite (and without DATABASE_URL in the environment) it writes into a
fresh temporary SQLite file and prints its path. The database is migrated and the region
registry loaded first (both idempotent). Governments that already have activities for the year
are skipped, so running it twice adds nothing. Prints one line per government and the summary
with rows/s. Other benchmarks import `sinergi.demo.synthetic.generate` directly.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from _support import setup_django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("kabupaten", "province", "national"), default="kabupaten")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quarters", type=int, default=4, help="quarters with realization (1-4)")
    parser.add_argument("--province", default="64", help="province code for --scale province")
    parser.add_argument("--government", default="64.08", help="region code for --scale kabupaten")
    parser.add_argument("--units", type=int, default=40, help="units per government")
    parser.add_argument("--activities", type=int, default=30, help="activities per unit")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--database-url", help="e.g. postgres://user:pw@127.0.0.1:5432/sinergi_bench")
    target.add_argument("--sqlite", type=Path, help="path of a SQLite file (created if missing)")
    args = parser.parse_args(argv)

    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    elif args.sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite.resolve()}"
    setup_django(load_regions=True)
    from django.db import connection

    from sinergi.demo.synthetic import generate

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    summary = generate(scale=args.scale, year=args.year, seed=args.seed, quarters=args.quarters,
                       province=args.province, government_code=args.government,
                       units_per_government=args.units, activities_per_unit=args.activities,
                       stdout=sys.stdout)
    print(f"scale={args.scale} year={args.year} seed={args.seed}: {summary.governments} governments "
          f"({summary.skipped} skipped), {summary.units} units, {summary.activities:,} activities, "
          f"{summary.realizations:,} realizations, {summary.rows:,} rows in {summary.seconds:.1f} s "
          f"= {summary.rows_per_second:,.0f} rows/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
