"""Importing units from an xlsx upload: a file with bad rows lists every error, saves nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from sinergi.core.roles import Role
from sinergi.regions.choices import UnitKind
from sinergi.regions.importers import UNIT_SHEET
from sinergi.regions.models import Region, Unit

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(rows: list[dict[str, str]]) -> bytes:
    """A units workbook as a user would fill it: the template's sheet and header row."""
    book = Workbook()
    sheet = book.active
    sheet.title = UNIT_SHEET.name
    sheet.append(UNIT_SHEET.titles)
    for values in rows:
        sheet.append([values.get(column.key) for column in UNIT_SHEET.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = {"government": "64.08", "code": "DISPAR", "name": "Dinas Pariwisata", "kind": "agency"}
BAD_KIND = {"government": "64.08", "code": "DISHUB", "name": "Dinas Perhubungan", "kind": "dinas"}
NO_DISTRICT = {"government": "64.08", "code": "KEC-BGL", "name": "Kecamatan Bengalon",
               "kind": UnitKind.DISTRICT_OFFICE}


def _upload(page, data: bytes) -> None:
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "unit.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_test_id("import-submit").click()


def test_failed_import_lists_every_row_error_and_saves_nothing(page, world, site, sign_in):
    sign_in(page, world.users[Role.COORDINATOR])
    before = set(Unit.objects.values_list("pk", flat=True))
    kind_title = next(c.title for c in UNIT_SHEET.columns if c.key == "kind")
    region_title = next(c.title for c in UNIT_SHEET.columns if c.key == "region")

    page.goto("/units/")
    page.get_by_test_id("unit-import").click()
    expect(page).to_have_url(f"{site.url}/units/import/")
    # Row 2 is valid, rows 3 and 4 are not: all or nothing.
    _upload(page, _workbook([GOOD, BAD_KIND, NO_DISTRICT]))

    expect(page.get_by_test_id("import-refused")).to_be_visible()
    errors = page.get_by_test_id("import-errors").locator("tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0).get_by_test_id("error-row")).to_have_text("3")
    expect(errors.nth(0).get_by_test_id("error-column")).to_have_text(kind_title)
    expect(errors.nth(0).get_by_test_id("error-reason")).to_contain_text('"dinas"')
    expect(errors.nth(1).get_by_test_id("error-row")).to_have_text("4")
    expect(errors.nth(1).get_by_test_id("error-column")).to_have_text(region_title)
    expect(errors.nth(1).get_by_test_id("error-reason")).not_to_be_empty()
    expect(page.get_by_test_id("import-summary")).to_have_count(0)
    assert set(Unit.objects.values_list("pk", flat=True)) == before

    # Corrected, the same file goes in whole.
    bengalon = Region.objects.get(code__startswith="64.08.", name="Bengalon")
    _upload(page, _workbook(
        [GOOD, {**BAD_KIND, "kind": UnitKind.AGENCY}, {**NO_DISTRICT, "region": bengalon.code}]
    ))

    expect(page.get_by_test_id("import-summary")).to_be_visible()
    expect(page.get_by_test_id("import-created")).to_have_text("3")
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    created = Unit.objects.exclude(pk__in=before)
    assert {(u.government_id, u.code, u.kind, u.region_id) for u in created} == {
        (world.kutim.pk, "DISPAR", UnitKind.AGENCY, None),
        (world.kutim.pk, "DISHUB", UnitKind.AGENCY, None),
        (world.kutim.pk, "KEC-BGL", UnitKind.DISTRICT_OFFICE, bengalon.code),
    }
