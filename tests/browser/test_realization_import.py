"""An operator downloads the quarter's realization workbook from the entry page, fills it,
uploads it: a bad row is listed and nothing is saved; the corrected file saves the draft."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.monitoring import spreadsheets as sheets
from sinergi.monitoring.models import Realization
from sinergi.planning.importers import load_sample_nomenclature
from tests.planning.conftest import make_activity

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filled(path: Path, physical, financial) -> bytes:
    book = load_workbook(path)
    ws = book[sheets.REALISASI]
    titles = {c.value: c.column for c in ws[1]}
    ws.cell(row=2, column=titles[sheets.PHYSICAL.title]).value = physical
    ws.cell(row=2, column=titles[sheets.FINANCIAL.title]).value = financial
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(page, data: bytes) -> None:
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "realisasi.xlsx", "mimeType": XLSX, "buffer": data}])
    page.get_by_test_id("import-submit").click()


def test_operator_round_trip_through_the_pages(page, world, site, sign_in, tmp_path):
    assert load_sample_nomenclature(Actor.system()).ok
    activity = make_activity(world.tapem)
    sign_in(page, world.users[Role.UNIT_OPERATOR])
    page.goto(f"/monitoring/units/{world.tapem.pk}/2025/2/")
    with page.expect_download() as info:
        page.get_by_test_id("realization-download").first.click()
    path = tmp_path / "file.xlsx"
    info.value.save_as(path)

    page.get_by_test_id("realization-import").click()
    _upload(page, _filled(path, 130, 1000000))
    expect(page.get_by_test_id("import-refused")).to_be_visible()
    errors = page.get_by_test_id("import-errors").locator("tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.nth(0).get_by_test_id("error-row")).to_have_text("2")
    expect(errors.nth(0).get_by_test_id("error-column")).to_have_text(sheets.PHYSICAL.title)
    expect(errors.nth(0).get_by_test_id("error-reason")).to_have_text("Realisasi fisik paling tinggi 100 %.")
    assert not Realization.objects.exists()

    _upload(page, _filled(path, 30, 1000000))
    expect(page.get_by_test_id("import-summary")).to_be_visible()
    expect(page.get_by_test_id("import-created")).to_have_text("1")
    saved = Realization.objects.get(activity=activity, quarter=2)
    assert (saved.physical, saved.status) == (Decimal(30), "draft")
