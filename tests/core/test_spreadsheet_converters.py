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


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"


@pytest.mark.parametrize(("xml", "cells"), [
    (f'<worksheet xmlns="{MAIN}"><sheetData><row r="2"><c r="B2"><f>A1+1</f><v>2</v></c></row>'
     "</sheetData></worksheet>", [(2, 2)]),
    (f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="3"><x:c r="AA3"><x:f t="shared" si="0"/>'
     "<x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>", [(3, 27)]),
    (f"<s:worksheet xmlns:s='{STRICT}'><s:sheetData><s:row r=\"4\"><s:c r=\"C4\"><s:f>1</s:f></s:c>"
     "</s:row></s:sheetData></s:worksheet>", [(4, 3)]),
    # A drop-down's <formula1>, and <mc:f...> of another namespace, are not formula cells.
    (f'<worksheet xmlns="{MAIN}" xmlns:mc="urn:other"><sheetData><row r="2"><c r="A2"><v>1</v></c>'
     "</row></sheetData><dataValidations><dataValidation><formula1>\"Ya,Tidak\"</formula1>"
     "</dataValidation></dataValidations><mc:fallback/></worksheet>", []),
])
def test_formula_cells_are_found_whatever_the_namespace_prefix(xml, cells):
    from sinergi.core.spreadsheets import formula_cells

    assert formula_cells(b'<?xml version="1.0"?>\n' + xml.encode()) == cells
