"""xlsx export, template and all-or-nothing import of units and officials."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from sinergi.core.models import AuditAction, AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.regions import exporters, importers
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Official, Position, Region, Unit
from tests import factories

pytestmark = pytest.mark.django_db

UNIT_HEADER = importers.UNIT_SHEET.titles
OFFICIAL_HEADER = importers.OFFICIAL_SHEET.titles
# A valid NIP: born 1980-01-01, appointed 2005-01, male, serial 001.
NIP = "198001012005011001"
NIP_2 = "198502152010012003"


@pytest.fixture(autouse=True)
def _english():
    """Reasons are asserted in English (the msgids); pages still choose their own language."""
    with translation.override("en"):
        yield


def xlsx(rows, header=None, sheet="Unit") -> bytes:
    """A workbook as a user would fill it: a header row then the rows, raw values."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(UNIT_HEADER if header is None else header)
    for row in rows:
        ws.append(list(row))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, not a formula cell
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def unit_row(code, name=None, *, gov="64.08", kind="agency", parent="", region="", start=None,
             end=None, short=""):
    return [gov, code, name or f"Unit {code}", short, kind, parent, region, start, end]


def official_xlsx(rows) -> bytes:
    return xlsx(rows, header=OFFICIAL_HEADER, sheet="Pejabat")


def counts():
    return Unit.objects.count(), Official.objects.count(), AuditEvent.objects.count()


def errors_of(result):
    return [(e.row, e.column, e.reason) for e in result.errors]


# ------------------------------------------------------------------------------ export


def test_export_opens_with_openpyxl_and_has_the_header(world):
    data = exporters.export_units(world.users[Role.ADMINISTRATOR])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:2] == ["Unit", "Petunjuk"]
    ws = book["Unit"]
    assert [c.value for c in ws[1]] == UNIT_HEADER
    assert UNIT_HEADER[:5] == ["Kode Pemerintah", "Kode Unit", "Nama", "Singkatan", "Jenis"]
    assert ws.freeze_panes == "A2"
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and "district_office" in lists[0].formula1
    assert str(lists[0].sqref).startswith("E2:")
    codes = {(r[0].value, r[1].value) for r in ws.iter_rows(min_row=2)}
    assert codes == {("64.08", "SETDA"), ("64.08", "TAPEM"), ("64.08", "BAPPEDA"),
                     ("64.08", "KEC-SGU"), ("94.04", "TAPEM")}
    tapem = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[:2] == ("64.08", "TAPEM"))
    assert tapem[4:6] == ("section", "SETDA")
    instructions = " ".join(str(c.value) for row in book["Petunjuk"].iter_rows() for c in row if c.value)
    assert "Kode Unit Induk" in instructions and "district_office" in instructions


def test_export_is_scoped_to_what_the_user_sees(world):
    data = exporters.export_units(world.users[Role.COORDINATOR])
    rows = list(load_workbook(io.BytesIO(data))["Unit"].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == {"64.08"} and len(rows) == 4
    data = exporters.export_units(world.users[Role.UNIT_OPERATOR])
    rows = list(load_workbook(io.BytesIO(data))["Unit"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["TAPEM"]


def test_export_writes_formula_like_text_as_text(world):
    world.bappeda.short_name = '=HYPERLINK("http://evil")'  # stored by some other door
    world.bappeda.save()
    ws = load_workbook(io.BytesIO(exporters.export_units(world.users[Role.ADMINISTRATOR])))["Unit"]
    cell = next(r[3] for r in ws.iter_rows(min_row=2) if r[1].value == "BAPPEDA")
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil")'


def test_template_is_the_workbook_without_rows(world):
    book = load_workbook(io.BytesIO(exporters.unit_template()))
    assert [c.value for c in book["Unit"][1]] == UNIT_HEADER
    assert book["Unit"].max_row == 1
    officials = load_workbook(io.BytesIO(exporters.official_template()))
    assert officials.sheetnames == ["Pejabat", "Jabatan", "Petunjuk"]
    assert [c.value for c in officials["Pejabat"][1]] == OFFICIAL_HEADER


def test_export_and_template_views(client, world):
    client.force_login(world.users[Role.VIEWER])
    response = client.get(reverse("regions:unit_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    rows = list(load_workbook(io.BytesIO(response.content))["Unit"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["KEC-SGU"]
    response = client.get(reverse("regions:official_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    # The list's filters narrow the download.
    client.force_login(world.users[Role.ADMINISTRATOR])
    response = client.get(reverse("regions:unit_export") + "?q=bappeda")
    rows = list(load_workbook(io.BytesIO(response.content))["Unit"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["BAPPEDA"]


def test_list_pages_link_download_template_and_import(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    page = client.get(reverse("regions:unit_list")).content.decode()
    for name in ("unit_export", "unit_template", "unit_import"):
        assert reverse(f"regions:{name}") in page
    client.force_login(world.users[Role.VIEWER])
    page = client.get(reverse("regions:official_list")).content.decode()
    assert reverse("regions:official_export") in page
    assert reverse("regions:official_import") not in page


# ------------------------------------------------------------------------------ round trips


def test_unit_round_trip_changes_nothing(world):
    admin = world.users[Role.ADMINISTRATOR]
    world.bappeda.active_from = dt.date(2021, 1, 4)
    world.bappeda.short_name = "Bappeda"
    world.bappeda.save()
    before = counts()
    versions = dict(Unit.objects.values_list("pk", "version"))
    result = importers.import_units(exporters.export_units(admin), admin)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert counts() == before
    assert dict(Unit.objects.values_list("pk", "version")) == versions


def test_official_round_trip_changes_nothing(world):
    admin = world.users[Role.ADMINISTRATOR]
    petrus = factories.official(world.mimika, "Petrus Yumte", front_title="Dr.", back_title="S.H., M.Si.",
                                nip=NIP, email="petrus@example.org", phone="+62 812 3456 7890")
    factories.official(world.kutim, "Ardiansyah")
    bupati = Position.objects.create(government=world.mimika, title="Bupati Mimika")
    factories.term(bupati, petrus, dt.date(2025, 2, 20))
    before = counts()
    data = exporters.export_officials(admin)
    book = load_workbook(io.BytesIO(data))
    assert [c.value for c in book["Jabatan"][2]][3] == "Bupati Mimika"
    nip_cell = book["Pejabat"]["B"][1:]
    assert [c.value for c in nip_cell] == [None, NIP]  # text, not a rounded number
    result = importers.import_officials(data, admin)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert counts() == before


# ------------------------------------------------------------------------------ imports that write


def test_import_creates_units_parent_later_in_file_audited_as_import(world):
    coordinator = world.users[Role.COORDINATOR]
    sangatta_selatan = Region.objects.get(code__startswith="64.08.", name="Sangatta Selatan")
    data = xlsx([
        unit_row("UMUM", "Bagian Umum", kind="section", parent="SETDA2"),
        unit_row("SETDA2", "Sekretariat DPRD", kind="secretariat", start=dt.date(2020, 1, 1)),
        unit_row("KEC-SGS", "Kecamatan Sangatta Selatan", kind="district_office",
                 region=sangatta_selatan.code, start="01/02/2021"),
        unit_row("SUB", "Subbagian", kind="Section (Bagian)", parent="UMUM"),
    ])
    events = AuditEvent.objects.count()
    result = importers.import_units(data, coordinator)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    umum = Unit.objects.get(government=world.kutim, code="UMUM")
    setda2 = Unit.objects.get(government=world.kutim, code="SETDA2")
    sub = Unit.objects.get(government=world.kutim, code="SUB")
    assert umum.parent == setda2 and sub.parent == umum and sub.kind == UnitKind.SECTION
    assert sub.path == f"{setda2.pk}.{umum.pk}.{sub.pk}"
    assert Unit.objects.get(code="KEC-SGS").active_from == dt.date(2021, 2, 1)
    new = AuditEvent.objects.order_by("id")[events:]
    assert len(new) == 4
    assert {(e.source, e.action, e.actor_id) for e in new} == {
        (AuditSource.IMPORT, AuditAction.CREATE, coordinator.pk)
    }


def test_import_updates_changed_rows_only_and_reimport_is_idempotent(world):
    admin = world.users[Role.ADMINISTRATOR]
    data = xlsx([
        unit_row("SETDA", "Sekretariat Daerah Kabupaten", kind="secretariat"),  # renamed
        unit_row("TAPEM", "Bagian Tata Pemerintahan", kind="section", parent="SETDA"),  # same
        unit_row("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", parent="SETDA"),  # moved
    ])
    result = importers.import_units(data, admin)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    world.bappeda.refresh_from_db()
    world.setda.refresh_from_db()
    assert world.bappeda.parent == world.setda and world.bappeda.version == 2
    assert world.bappeda.path == f"{world.setda.pk}.{world.bappeda.pk}"
    assert world.setda.name == "Sekretariat Daerah Kabupaten"
    update = AuditEvent.objects.filter(object_id=str(world.setda.pk), action=AuditAction.UPDATE).get()
    assert update.source == AuditSource.IMPORT
    before = counts()
    again = importers.import_units(data, admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert counts() == before


def test_import_moves_a_subtree_in_any_row_order(world):
    admin = world.users[Role.ADMINISTRATOR]
    # Swap: TAPEM becomes the root and SETDA goes under it, child listed first.
    data = xlsx([
        unit_row("SETDA", "Sekretariat Daerah", kind="secretariat", parent="TAPEM"),
        unit_row("TAPEM", "Bagian Tata Pemerintahan", kind="section"),
    ])
    result = importers.import_units(data, admin)
    assert result.ok, result.errors
    world.setda.refresh_from_db()
    world.tapem.refresh_from_db()
    assert world.tapem.path == str(world.tapem.pk)
    assert world.setda.path == f"{world.tapem.pk}.{world.setda.pk}"


def test_new_unit_under_a_subtree_moved_by_the_same_file_gets_the_right_path(world):
    admin = world.users[Role.ADMINISTRATOR]
    data = xlsx([
        unit_row("NEWSUB", "Subbagian Baru", kind="section", parent="TAPEM"),
        unit_row("TAPEM", "Bagian Tata Pemerintahan", kind="section", parent="SETDA"),  # unchanged
        unit_row("SETDA", "Sekretariat Daerah", kind="secretariat", parent="BAPPEDA"),  # moved
    ])
    result = importers.import_units(data, admin)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1), result.errors
    new = Unit.objects.get(code="NEWSUB")
    assert new.path == f"{world.bappeda.pk}.{world.setda.pk}.{world.tapem.pk}.{new.pk}"
    world.tapem.refresh_from_db()
    assert world.tapem.path == f"{world.bappeda.pk}.{world.setda.pk}.{world.tapem.pk}"


def test_official_import_keys_by_nip_then_by_name(world):
    coordinator = world.users[Role.COORDINATOR]
    ardi = factories.official(world.kutim, "Ardiansyah", nip=NIP)
    budi = factories.official(world.kutim, "Budi Santoso")
    data = official_xlsx([
        ["64.08", NIP, "", "Ardiansyah Sulaiman", "S.Sos.", "", ""],  # found by NIP: renamed
        ["64.08", "", "Ir.", "Budi Santoso", "", "budi@example.org", "0812-555"],  # found by name
        ["64.08", "19850215 201001 2 003", "", "Siti Aminah", "", "", "+62 811"],  # new
    ])
    result = importers.import_officials(data, coordinator)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (1, 2, 0)
    ardi.refresh_from_db()
    budi.refresh_from_db()
    assert (ardi.name, ardi.back_title, ardi.nip) == ("Ardiansyah Sulaiman", "S.Sos.", NIP)
    assert (budi.front_title, budi.email, budi.phone) == ("Ir.", "budi@example.org", "0812-555")
    siti = Official.objects.get(name="Siti Aminah")
    assert siti.nip == NIP_2 and siti.phone == "+62 811"
    assert set(AuditEvent.objects.filter(source=AuditSource.IMPORT).values_list("action", flat=True)) == {
        AuditAction.CREATE, AuditAction.UPDATE
    }
    # A blank NIP never clears a stored one.
    again = importers.import_officials(official_xlsx([["64.08", "", "", "Ardiansyah Sulaiman", "S.Sos.",
                                                       "", ""]]), coordinator)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


# ------------------------------------------------------------------------------ bad rows


BAD_UNIT_ROWS = [
    ("unknown government", unit_row("X", gov="99.99"), "Kode Pemerintah", "Unknown government code"),
    ("outside write scope", unit_row("X", gov="94.04"), "Kode Pemerintah", "You may not change"),
    ("unknown parent", unit_row("X", parent="NOPE"), "Kode Unit Induk", "Unknown parent unit code"),
    ("own parent", unit_row("X", parent="X"), "Kode Unit Induk", "own parent"),
    ("circle", unit_row("SETDA", kind="secretariat", parent="TAPEM"), "Kode Unit Induk", "under itself"),
    ("invalid kind", unit_row("X", kind="dinas"), "Jenis", "Unknown value"),
    ("district elsewhere", unit_row("X", kind="district_office", region="94.04.01"), "Kode Wilayah",
     "outside the region"),
    ("not a district", unit_row("X", region="64.08"), "Kode Wilayah", "is not a district"),
    ("unknown region", unit_row("X", region="64.08.99"), "Kode Wilayah", "Unknown region code"),
    ("district office without district", unit_row("X", kind="district_office"), "Kode Wilayah",
     "needs its district"),
    ("not a date", unit_row("X", start="kemarin"), "Aktif Sejak", "Not a date"),
    ("end before start", unit_row("X", start=dt.date(2024, 5, 1), end=dt.date(2024, 4, 30)),
     "Aktif Sampai", "before the start"),
    ("name missing", ["64.08", "X", "", "", "agency", "", "", None, None], "Nama", "required"),
    ("code missing", ["64.08", None, "Nama", "", "agency", "", "", None, None], "Kode Unit", "required"),
    ("text too long", unit_row("X", "N" * 201), "Nama", "At most 200 characters"),
    ("formula injection text", unit_row("X", "=HYPERLINK(\"http://evil\",\"klik\")"), "Nama",
     "may not start with"),
    ("injection with +", unit_row("X", "+1+cmd|' /C calc'!A0"), "Nama", "may not start with"),
    ("injection with @", unit_row("X", short="@SUM(A1)"), "Singkatan", "may not start with"),
    ("code turned into a date", unit_row(dt.date(2024, 1, 5)), "Kode Unit", "into a date"),
]


@pytest.mark.parametrize(("row", "column", "reason"), [c[1:] for c in BAD_UNIT_ROWS],
                         ids=[c[0] for c in BAD_UNIT_ROWS])
def test_each_bad_unit_row_is_reported_and_nothing_written(world, row, column, reason):
    before = counts()
    good = unit_row("GOOD", "Dinas Baik")
    result = importers.import_units(xlsx([good, row]), world.users[Role.COORDINATOR])
    assert not result.ok and not result.applied
    assert [(e.row, e.column) for e in result.errors] == [(3, column)], result.errors
    assert reason in result.errors[0].reason
    assert counts() == before


def test_duplicate_code_in_file_is_reported_on_the_second_row(world):
    before = counts()
    result = importers.import_units(xlsx([unit_row("NEW"), unit_row("OTHER"), unit_row("NEW")]),
                                    world.users[Role.ADMINISTRATOR])
    assert [(e.row, e.column) for e in result.errors] == [(4, "Kode Unit")]
    assert "row 2" in result.errors[0].reason
    assert counts() == before


def test_real_formula_cell_is_refused(world):
    book = Workbook()
    ws = book.active
    ws.title = "Unit"
    ws.append(UNIT_HEADER)
    ws.append(unit_row("X"))
    ws["C2"] = '=CONCATENATE("Dinas ","Baru")'
    out = io.BytesIO()
    book.save(out)
    before = counts()
    result = importers.import_units(out.getvalue(), world.users[Role.ADMINISTRATOR])
    assert errors_of(result) == [(2, "Nama", result.errors[0].reason)]
    assert "Formulas are not accepted" in result.errors[0].reason
    assert counts() == before


def test_every_error_is_collected_and_one_bad_row_of_many_writes_nothing(world):
    admin = world.users[Role.ADMINISTRATOR]
    rows = [unit_row(f"U{i:03}", f"Unit nomor {i}") for i in range(40)]
    rows[25] = unit_row("U025", kind="dinas")
    rows[30] = unit_row("U030", start="31-02-2024")
    before = counts()
    result = importers.import_units(xlsx(rows), admin)
    assert [(e.row, e.column) for e in result.errors] == [(27, "Jenis"), (32, "Aktif Sejak")]
    assert counts() == before
    rows[25], rows[30] = unit_row("U025"), unit_row("U030")
    result = importers.import_units(xlsx(rows), admin)
    assert result.ok and result.created == 40
    assert counts()[0] == before[0] + 40


def test_a_refusal_while_writing_rolls_back_the_rows_already_written(world, monkeypatch):
    real_create = importers.create_object
    calls = []

    def create_then_refuse(actor, obj, **kwargs):
        calls.append(obj.code)
        if len(calls) == 3:
            raise ValidationError({"name": "Refused by the database rules."})
        return real_create(actor, obj, **kwargs)

    monkeypatch.setattr(importers, "create_object", create_then_refuse)
    before = counts()
    result = importers.import_units(xlsx([unit_row(f"N{i}") for i in range(5)]),
                                    world.users[Role.ADMINISTRATOR])
    assert not result.applied and result.rows == []
    assert errors_of(result) == [(4, "Nama", "Refused by the database rules.")]
    assert counts() == before


BAD_OFFICIAL_ROWS = [
    ("invalid NIP", ["64.08", "12345", "", "Andi", "", "", ""], "NIP", "18 digits"),
    ("NIP as a number", ["64.08", 198001012005011001, "", "Andi", "", "", ""], "NIP", "15 digits"),
    ("invalid email", ["64.08", "", "", "Andi", "", "andi@", ""], "Email", "email"),
    ("name missing", ["64.08", "", "Dr.", "", "", "", ""], "Nama", "required"),
    ("injection in phone", ["64.08", "", "", "Andi", "", "", "+cmd|' /C calc'!A0"], "Telepon",
     "may not start with"),
    ("government outside scope", ["94.04", "", "", "Andi", "", "", ""], "Kode Pemerintah",
     "You may not change the officials"),
]


@pytest.mark.parametrize(("row", "column", "reason"), [c[1:] for c in BAD_OFFICIAL_ROWS],
                         ids=[c[0] for c in BAD_OFFICIAL_ROWS])
def test_each_bad_official_row_is_reported_and_nothing_written(world, row, column, reason):
    before = counts()
    good = ["64.08", "", "", "Siti", "", "", ""]
    result = importers.import_officials(official_xlsx([good, row]), world.users[Role.COORDINATOR])
    assert [(e.row, e.column) for e in result.errors] == [(3, column)], result.errors
    assert reason in result.errors[0].reason
    assert counts() == before


def test_ambiguous_and_duplicate_officials(world):
    coordinator = world.users[Role.COORDINATOR]
    factories.official(world.kutim, "Budi")
    factories.official(world.kutim, "Budi")
    factories.official(world.mimika, "Yohanes", nip=NIP)
    before = counts()
    result = importers.import_officials(official_xlsx([
        ["64.08", "", "", "Budi", "", "", ""],
        ["64.08", NIP_2, "", "Citra", "", "", ""],
        ["64.08", NIP_2, "", "Citra", "", "", ""],
        ["64.08", "", "", "Dewi", "", "", ""],
        ["64.08", "", "", "Dewi", "", "", ""],
        ["64.08", NIP, "", "Yohanes", "", "", ""],
    ]), coordinator)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Nama"), (4, "NIP"), (6, "Nama"), (7, "NIP"),
    ]
    assert "Ambiguous" in result.errors[0].reason
    assert "may not change" in result.errors[3].reason
    assert counts() == before


# ------------------------------------------------------------------------------ file problems


def test_file_level_problems_are_refused_with_a_clear_message(world, settings):
    admin = world.users[Role.ADMINISTRATOR]
    cases = [
        (b"", "empty"),
        (b"Kode Pemerintah,Kode Unit\n64.08,X\n", "not an Excel workbook"),
        (b"PK\x03\x04 broken zip", "not an Excel workbook"),
        (xlsx([unit_row("X")], header=["Kode", "Nama Unit"]), "does not match the template"),
        (xlsx([], header=UNIT_HEADER), "no data rows"),
        (exporters.unit_template(), "no data rows"),
    ]
    for data, message in cases:
        result = importers.import_units(data, admin)
        assert len(result.errors) == 1 and result.errors[0].row is None, data[:20]
        assert message in result.errors[0].reason
    header_error = importers.import_units(cases[3][0], admin).errors[0].reason
    assert "missing: Kode Pemerintah" in header_error and "unknown: Kode, Nama Unit" in header_error
    settings.SINERGI_MAX_UPLOAD_BYTES = 1000
    result = importers.import_units(xlsx([unit_row("X")]), admin)
    assert "too big" in result.errors[0].reason
    assert Unit.objects.count() == 5


# ------------------------------------------------------------------------------ import pages


@pytest.mark.parametrize("role", [Role.VIEWER, Role.UNIT_OPERATOR, Role.UNIT_HEAD])
def test_roles_that_cannot_write_get_403_on_import(client, world, role):
    client.force_login(world.users[role])
    assert client.get(reverse("regions:unit_import")).status_code == 403
    data = io.BytesIO(xlsx([unit_row("X")]))
    data.name = "units.xlsx"
    assert client.post(reverse("regions:unit_import"), {"file": data}).status_code == 403
    assert client.get(reverse("regions:official_import")).status_code == 403
    assert not Unit.objects.filter(code="X").exists()


def _upload(client, name, data, **extra):
    upload = io.BytesIO(data)
    upload.name = "file.xlsx"
    return client.post(reverse(name), {"file": upload, **extra})


def test_import_page_shows_every_error_in_a_table(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    page = client.get(reverse("regions:unit_import"))
    assert page.status_code == 200 and 'name="file"' in page.content.decode()
    response = _upload(client, "regions:unit_import",
                       xlsx([unit_row("X", gov="94.04"), unit_row("Y", kind="dinas")]))
    html = response.content.decode()
    assert 'data-testid="import-errors"' in html
    assert html.count('data-testid="error-row"') == 2
    assert "Kode Pemerintah" in html and "Jenis" in html
    assert Unit.objects.count() == 5


def test_import_page_applies_and_summarises(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    data = xlsx([unit_row("NEW", "Dinas Baru"), unit_row("BAPPEDA", "Badan Perencanaan Pembangunan Daerah")])
    response = _upload(client, "regions:unit_import", data, dry_run="on")
    assert 'data-testid="import-summary"' in response.content.decode()
    assert not Unit.objects.filter(code="NEW").exists()
    response = _upload(client, "regions:unit_import", data)
    html = response.content.decode()
    assert '<span data-testid="import-created">1</span>' in html
    assert '<span data-testid="import-unchanged">1</span>' in html
    assert AuditEvent.objects.get(object_id=str(Unit.objects.get(code="NEW").pk)).source == "import"


def test_import_page_refuses_oversized_and_non_xlsx_files(client, world, settings):
    client.force_login(world.users[Role.ADMINISTRATOR])
    response = _upload(client, "regions:official_import", b"not a spreadsheet")
    assert 'data-testid="import-file-error"' in response.content.decode()
    settings.SINERGI_MAX_UPLOAD_BYTES = 100
    response = _upload(client, "regions:unit_import", xlsx([unit_row("X")]))
    html = response.content.decode()
    assert 'data-testid="import-file-error"' in html
    assert not Unit.objects.filter(code="X").exists()
