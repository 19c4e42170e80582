"""core.spreadsheets reads cells with per-column converters (fast paths for the usual cells):
they return exactly what `convert` returns, and fail with the same message, for every kind."""

import datetime as dt
import re

import pytest

from sinergi.core.spreadsheets import CHOICE, DATE, NUMBER, Column, _converter, convert

COLUMNS = [
    Column("t", "Teks", max_length=5),
    Column("r", "Wajib", required=True),
    Column("s", "Telepon", safe_pattern=re.compile(r"\+?[0-9 ]+")),
    Column("n", "Angka", kind=NUMBER),
    Column("c", "Pilihan", kind=CHOICE, choices=[("ya", "Ya"), ("YA", "Dua"), ("tidak", "Tidak")]),
    Column("d", "Tanggal", kind=DATE),
]
RAWS = [None, "", "  ", "abc", "  abc  ", "abcdef", "=SUM(A1)", "+62 812", "-5", "@x", 0, 12, 12.5,
        1e20, True, False, "ya", " YA ", "Ya", "dua", "tidak", "lain", dt.date(2025, 1, 31),
        dt.datetime(2025, 1, 31), dt.datetime(2025, 1, 31, 8, 0), "2025-01-31", "31/01/2025"]


def _outcome(fn, raw):
    try:
        value = fn(raw)
    except ValueError as exc:
        return ("error", str(exc))
    return ("value", type(value), value)


@pytest.mark.parametrize("column", COLUMNS, ids=lambda c: c.key)
def test_converter_matches_convert(column):
    fast = _converter(column)
    for raw in RAWS:
        assert _outcome(fast, raw) == _outcome(lambda r, c=column: convert(c, r), raw), (column.key, raw)
