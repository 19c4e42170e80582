"""Benchmark: the all-or-nothing xlsx import of units stays close to the cost of reading the file.

Generates a workbook of N units (default 5,000: agencies with sections and sub-sections whose
parents are listed *after* them, and district offices) for one government in a temporary
SQLite database, then times, against (a) reading the file raw with python-calamine:
  (b) validate only (read, convert, check every row, plan; no write),
  (c) the full import (every row a create through core.services, each audited),
  (d) re-importing the same file (nothing changes: validate + compare, no write).
Limits are ratios to the raw read, so they mean the same on any machine:
  * validate-only and re-import: at most VALIDATE_LIMIT x the raw read (batched queries,
    nothing per row);
  * full import: at most IMPORT_LIMIT x the raw read (each created row costs a handful of
    queries: scope, full_clean, insert, path, audit event; it is bounded per row, not per file).
Exits 1 when a limit is exceeded or a result is wrong.

Run: .venv/bin/python bench/bench_import.py [--units 5000]
Uses a temporary SQLite database unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time

from _support import setup_django

VALIDATE_LIMIT = 30.0
IMPORT_LIMIT = 1500.0


def unit_rows(n: int, government_code: str, districts: list[str]) -> list[dict]:
    """n units: agencies (every tenth a district office), each listed after its two sections,
    so that parents come later in the file: ordering is the importer's job."""
    rows: list[dict] = []
    blank = {"government": government_code, "short_name": "", "region": "", "active_from": None,
             "active_until": None}
    agency = 0
    while len(rows) < n:
        agency += 1
        code = f"OPD{agency:04}"
        if n - len(rows) >= 3:
            rows.extend({**blank, "code": f"{code}-B{k}", "name": f"Bagian {k} OPD {agency}",
                         "kind": "section", "parent": code} for k in (1, 2))
        if agency % 10 == 0 and districts:
            rows.append({**blank, "code": code, "name": f"Kecamatan {agency}", "short_name": f"K{agency}",
                         "kind": "district_office", "parent": "",
                         "region": districts[(agency // 10) % len(districts)]})
        else:
            rows.append({**blank, "code": code, "name": f"Dinas nomor {agency}", "short_name": f"D{agency}",
                         "kind": "agency", "parent": ""})
    return rows


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=5_000)
    args = parser.parse_args()
    setup_django()

    from python_calamine import CalamineWorkbook

    from sinergi.accounts.models import User
    from sinergi.core.models import AuditEvent
    from sinergi.core.roles import Role
    from sinergi.core.spreadsheets import write_workbook
    from sinergi.regions.choices import RegionLevel
    from sinergi.regions.importers import UNIT_BOOK, UNIT_SHEET, import_units, validate_units
    from sinergi.regions.models import Government, Region, Unit
    from sinergi.regions.rules import government_name, government_short_name

    region = Region.objects.get(code="64.08")
    government, _created = Government.objects.get_or_create(
        region=region, defaults={"name": government_name(region.name, region.level),
                                 "short_name": government_short_name(region.name, region.level)},
    )
    Unit.objects.filter(government=government).delete()
    user, _created = User.objects.get_or_create(username="bench-admin",
                                                defaults={"role": Role.ADMINISTRATOR})
    districts = list(Region.objects.filter(code__subtree="64.08", level=RegionLevel.DISTRICT)
                     .values_list("code", flat=True))
    rows = unit_rows(args.units, region.code, districts)
    data = write_workbook(UNIT_BOOK, {UNIT_SHEET.name: rows})
    n = len(rows)
    print(f"workbook: {n} units, {len(data) / 1024:.0f} KiB")

    def raw_read():
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return book.get_sheet_by_name(UNIT_SHEET.name).to_python(skip_empty_area=False)

    t_raw, table = timed(raw_read, repeat=7)
    assert len(table) == n + 1
    t_validate, checked = timed(lambda: validate_units(data, user), repeat=3)
    assert checked.ok and checked.created == n, checked.errors[:5]
    events = AuditEvent.objects.count()
    t_import, imported = timed(lambda: import_units(data, user))
    assert imported.applied and imported.created == n, imported.errors[:5]
    assert AuditEvent.objects.count() == events + n
    t_again, again = timed(lambda: import_units(data, user), repeat=3)
    assert again.ok and again.unchanged == n and again.created == again.updated == 0
    assert AuditEvent.objects.count() == events + n

    failures = []
    print(f"(a) raw read (python-calamine): {t_raw * 1e3:9.1f} ms")
    for label, seconds, limit in (
        ("(b) validate only", t_validate, VALIDATE_LIMIT),
        ("(c) full import", t_import, IMPORT_LIMIT),
        ("(d) re-import, no changes", t_again, VALIDATE_LIMIT),
    ):
        ratio = seconds / t_raw
        verdict = "ok" if ratio <= limit else "OVER THE LIMIT"
        print(f"{label + ':':31} {seconds * 1e3:9.1f} ms = {ratio:7.1f}x the raw read; "
              f"limit {limit:.0f}x  {verdict}  ({seconds / n * 1e6:.0f} us/row)")
        if ratio > limit:
            failures.append(label)
    if failures:
        print("over the limit: " + ", ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
