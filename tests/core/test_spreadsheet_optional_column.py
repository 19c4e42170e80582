"""core.spreadsheets: an `optional` column may be missing from an upload (a file made before the
column existed); its key is then absent from the rows. Other columns stay required."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from sinergi.core.spreadsheets import Column, SheetSpec, SpreadsheetError, WorkbookSpec, read_workbook

SPEC = WorkbookSpec([SheetSpec("Data", [Column("name", "Nama", required=True),
                                        Column("wa", "WhatsApp", optional=True)])])


def upload(header, *rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_optional_column_missing_or_present():
    old = read_workbook(upload(["Nama"], ["Ani"]), SPEC)
    assert [r.values for r in old.rows("Data")] == [{"name": "Ani"}]
    new = read_workbook(upload(["WhatsApp", "Nama"], ["0812", "Ani"], ["", "Budi"]), SPEC)
    assert [r.values for r in new.rows("Data")] == [{"name": "Ani", "wa": "0812"}, {"name": "Budi", "wa": ""}]


def test_a_required_column_is_still_required():
    with translation.override("en"), pytest.raises(SpreadsheetError, match="missing: Nama"):
        read_workbook(upload(["WhatsApp"], ["0812"]), SPEC)
