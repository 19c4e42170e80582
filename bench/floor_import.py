"""Floor experiment for benchmark (a) of issue 3 (not part of `make bench`): what does the least
an import can do cost, against the raw python-calamine read of the same workbook?

A synthetic "Realisasi" sheet of --rows rows is read with calamine, checked by a minimal loop
(activity known, ranges, the budget flag, cumulative against a stored quarter), and written to an
in-memory SQLite database with executemany, its audit rows built by the database
(INSERT ... SELECT json_object). Prints each step as a ratio of the raw read (best of 3).

Run: .venv/bin/python bench/floor_import.py [--rows 20000]
"""

from __future__ import annotations

import argparse
import io
import sqlite3
import time
from decimal import Decimal

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

CENTS = Decimal("0.01")
HEADER = ["ID", "Tahun", "TW", "Unit", "Kode", "Sub kegiatan", "Pagu", "Target fisik", "Target keuangan",
          "Realisasi fisik", "Realisasi keuangan", "Melebihi pagu", "Kendala", "Versi"]
REALIZATION = """CREATE TABLE r (id INTEGER PRIMARY KEY, created_at TEXT, updated_at TEXT, version INT,
    activity_id INT, quarter INT, physical DECIMAL, financial DECIMAL, problems TEXT, over_budget INT,
    status TEXT, return_reason TEXT, submitted_late INT, UNIQUE (activity_id, quarter))"""
AUDIT = """CREATE TABLE a (id INTEGER PRIMARY KEY, ts TEXT, actor INT, label TEXT, action TEXT,
    source TEXT, ct INT, oid TEXT, repr TEXT, before TEXT, after TEXT, note TEXT)"""
INSERT = """INSERT INTO r (created_at, updated_at, version, activity_id, quarter, physical, financial,
    problems, over_budget, status, return_reason, submitted_late) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"""
AUDIT_FROM_ROWS = """INSERT INTO a (ts, actor, label, action, source, ct, oid, repr, before, after, note)
    SELECT ?, 1, 'x', 'create', 'import', 7, CAST(id AS TEXT), 'TW II: ' || activity_id, NULL,
      json_object('id', id, 'version', version, 'activity_id', activity_id, 'quarter', quarter,
        'physical', printf('%.2f', physical), 'financial', printf('%.2f', financial),
        'problems', problems,
        'over_budget_confirmed', json(CASE WHEN over_budget THEN 'true' ELSE 'false' END),
        'status', status), ''
    FROM r WHERE quarter = 2"""


def workbook(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Realisasi")
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append([i + 1, 2025, 2, "Dinas X", f"1.01.02.1.01.{i:04d}", f"Sub kegiatan nomor {i}",
                      1_000_000_000, 50.0, 500_000_000, 37.5, 200_000_000 + i, "Tidak",
                      "Pengadaan barang menunggu proses lelang.", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def best(fn, times: int = 3) -> float:
    timings = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    rows = parser.parse_args().rows
    data = workbook(rows)
    budgets = {i + 1: Decimal(1_000_000_000) for i in range(rows)}
    stored = {i + 1: (Decimal("25.00"), Decimal(100_000_000)) for i in range(rows)}

    def raw():
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names]

    def check():
        table = raw()[0]
        at = {title: index for index, title in enumerate(table[0])}
        c_id, c_phys, c_fin = at["ID"], at["Realisasi fisik"], at["Realisasi keuangan"]
        c_over, c_text = at["Melebihi pagu"], at["Kendala"]
        good, errors = [], []
        for number, line in enumerate(table[1:], start=2):
            activity = line[c_id]
            if type(activity) is float:
                activity = int(activity)
            budget = budgets.get(activity)
            if budget is None:
                errors.append((number, "id"))
                continue
            physical = Decimal(repr(line[c_phys])).quantize(CENTS)
            financial = Decimal(repr(line[c_fin])).quantize(CENTS)
            if physical < 0 or physical > 100 or financial < 0:
                errors.append((number, "range"))
                continue
            if financial > budget and line[c_over] != "Ya":
                errors.append((number, "budget"))
                continue
            before = stored.get(activity)
            if before and (physical < before[0] or financial < before[1]):
                errors.append((number, "cumulative"))
                continue
            good.append((activity, physical, financial, (line[c_text] or "").strip(), line[c_over] == "Ya"))
        return good

    def write():
        checked = check()
        db = sqlite3.connect(":memory:")
        db.execute(REALIZATION)
        db.execute(AUDIT)
        now = "2026-11-24 07:00:00"
        db.executemany(INSERT, [(now, now, 1, a, 2, str(p), str(f), text, over, "draft", "", 0)
                                for a, p, f, text, over in checked])
        db.execute(AUDIT_FROM_ROWS, (now,))
        db.commit()

    seconds = best(raw)
    checked = best(check)
    written = best(write)
    print(f"{rows} rows: raw read {seconds:.3f} s; + check {checked:.3f} s ({checked / seconds:.2f} x); "
          f"+ write with audit {written:.3f} s ({written / seconds:.2f} x)")


if __name__ == "__main__":
    main()
