"""The quarterly realization workbook: its contents, the round trip, and every kind of bad row
refused with nothing written (monitoring.spreadsheets)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.monitoring import services
from sinergi.monitoring import spreadsheets as sheets
from sinergi.monitoring.choices import RealizationStatus
from sinergi.monitoring.models import Realization, RealizationOutput
from sinergi.planning.models import Indicator
from tests.monitoring.conftest import YEAR, make_activity, open_period, realization

Q = 2


@pytest.fixture
def indicator(tapem_activity):
    return Indicator.objects.create(activity=tapem_activity, name="Dokumen perencanaan",
                                    measure_unit="dokumen", annual_target=Decimal(4))


@pytest.fixture
def operator(world):
    return world.users[Role.UNIT_OPERATOR]


def actor(user):
    return Actor(user, AuditSource.IMPORT)


def export(user, unit, quarter=Q):
    return load_workbook(io.BytesIO(sheets.export_realization(user, unit, YEAR, quarter)))


def columns(sheet):
    return {cell.value: cell.column for cell in sheet[1]}


def fill(book, row: int = 2, sheet: str = sheets.REALISASI, **values) -> None:
    """Set cells of a data row by column key."""
    ws = book[sheet]
    titles = columns(ws)
    spec = sheets.REALISASI_COLUMNS if sheet == sheets.REALISASI else sheets.KELUARAN_COLUMNS
    for key, value in values.items():
        column = next(c for c in spec if c.key == key)
        ws.cell(row=row, column=titles[column.title]).value = value


def save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(book, user, unit, quarter=Q, **kwargs):
    return sheets.import_realization(save(book), actor(user), unit, YEAR, quarter, **kwargs)


def errors_of(result):
    return [(e.sheet, e.row, e.column, e.reason) for e in result.errors]


# ---------------------------------------------------------------------------- the workbook


def test_template_is_prefilled_with_activities_targets_and_drafts(world, operator, tapem_activity,
                                                                   indicator):
    realization(tapem_activity, 1, "20", "15000000")
    draft = realization(tapem_activity, Q, "45", "40000000", problems="Lelang mundur")
    RealizationOutput.objects.create(realization=draft, indicator=indicator, value=Decimal(2))
    book = export(operator, world.tapem)
    ws = book[sheets.REALISASI]
    assert [c.value for c in ws[1]] == [c.title for c in sheets.REALISASI_COLUMNS]
    assert ws.max_row == 2
    row = {c.value: ws.cell(row=2, column=c.column).value for c in ws[1]}
    assert row["ID Kegiatan"] == str(tapem_activity.pk)
    assert row["Versi"] == str(draft.version)
    assert row["Kode Unit"] == world.tapem.code
    assert row["Kode Sub Kegiatan"] == tapem_activity.nomenclature_id
    assert row["Pagu (Rp)"] == 100_000_000
    assert (row["Tahun"], row["TW"]) == (YEAR, Q)
    assert row["Target Fisik TW (%)"] == 50
    assert row["Target Keuangan TW (Rp)"] == 50_000_000
    assert row["Realisasi Fisik TW Sebelumnya (%)"] == 20
    assert row["Realisasi Keuangan TW Sebelumnya (Rp)"] == 15_000_000
    assert row["Realisasi Fisik Kumulatif (%)"] == 45
    assert row["Realisasi Keuangan Kumulatif (Rp)"] == 40_000_000
    assert row["Melebihi Pagu Dikonfirmasi"] == "Tidak"
    assert row["Kendala"] == "Lelang mundur"
    # Ya/Tidak is a drop-down list.
    letter = ws.cell(row=1, column=columns(ws)["Melebihi Pagu Dikonfirmasi"]).column_letter
    lists = [dv for dv in ws.data_validations.dataValidation if letter in str(dv.sqref)]
    assert lists and lists[0].formula1 == '"Ya,Tidak"'
    out = book[sheets.KELUARAN]
    assert [c.value for c in out[1]] == [c.title for c in sheets.KELUARAN_COLUMNS]
    values = [c.value for c in out[2]]
    assert values[:2] == [str(indicator.pk), str(tapem_activity.pk)]
    assert values[3:] == ["Dokumen perencanaan", "dokumen", 4, None, 2]
    assert "Petunjuk" in book.sheetnames


def test_template_without_realization_is_empty_to_fill(world, operator, tapem_activity):
    ws = export(operator, world.tapem)[sheets.REALISASI]
    row = {c.value: ws.cell(row=2, column=c.column).value for c in ws[1]}
    assert row["Versi"] is None and row["Realisasi Fisik Kumulatif (%)"] is None
    assert row["Status"] is None


def test_template_covers_subunits_the_user_sees(world, tapem_activity, sample):
    setda_activity = make_activity(world.setda)
    head = world.users[Role.UNIT_HEAD]
    ids = {ws_row[0].value for ws_row in export(head, world.setda)[sheets.REALISASI].iter_rows(min_row=2)}
    assert ids == {str(tapem_activity.pk), str(setda_activity.pk)}
    only = sheets.export_realization(head, world.setda, YEAR, Q, subunits=False)
    ws = load_workbook(io.BytesIO(only))[sheets.REALISASI]
    assert [r[0].value for r in ws.iter_rows(min_row=2)] == [str(setda_activity.pk)]


# ---------------------------------------------------------------------------- round trip


def test_round_trip_saves_drafts_with_outputs_and_audit(world, operator, tapem_activity, indicator):
    realization(tapem_activity, 1, "20", "15000000")
    book = export(operator, world.tapem)
    fill(book, physical=47.5, financial=42000000, problems="Cuaca", over_budget="Tidak")
    fill(book, sheet=sheets.KELUARAN, value=3)
    events = AuditEvent.objects.count()
    result = upload(book, operator, world.tapem)
    assert result.ok, result.errors
    assert (result.applied, result.created, result.updated) == (True, 1, 0)
    saved = Realization.objects.get(activity=tapem_activity, quarter=Q)
    assert (saved.physical, saved.financial, saved.problems) == (Decimal("47.5"), Decimal(42000000), "Cuaca")
    assert saved.status == RealizationStatus.DRAFT
    assert RealizationOutput.objects.get(realization=saved).value == Decimal(3)
    new = AuditEvent.objects.order_by("pk")[events:]
    assert {e.source for e in new} == {AuditSource.IMPORT}
    assert {e.actor_id for e in new} == {operator.pk}
    assert len(new) == 2  # the realization and its output

    # Re-importing the same file: nothing written, no audit event.
    again = upload(book, operator, world.tapem)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert AuditEvent.objects.count() == events + 2
    # The export of the saved state re-imports as unchanged too.
    assert upload(export(operator, world.tapem), operator, world.tapem).unchanged == 1
    assert AuditEvent.objects.count() == events + 2


def test_update_of_a_draft_and_removal_of_an_output(world, operator, tapem_activity, indicator):
    draft = realization(tapem_activity, Q, "30", "20000000")
    RealizationOutput.objects.create(realization=draft, indicator=indicator, value=Decimal(1))
    book = export(operator, world.tapem)
    fill(book, physical=35)
    fill(book, sheet=sheets.KELUARAN, value=None)
    result = upload(book, operator, world.tapem)
    assert result.ok and result.updated == 1
    draft.refresh_from_db()
    assert draft.physical == Decimal(35)
    assert not RealizationOutput.objects.filter(realization=draft).exists()


def test_empty_rows_are_skipped(world, operator, tapem_activity):
    result = upload(export(operator, world.tapem), operator, world.tapem)
    assert result.ok and result.skipped == 1 and not Realization.objects.exists()


def test_submit_after_import(world, operator, tapem_activity):
    open_period(world.kutim, Q)
    book = export(operator, world.tapem)
    fill(book, physical=40, financial=30000000)
    result = upload(book, operator, world.tapem, submit=True)
    assert result.ok and result.submitted == 1
    assert Realization.objects.get().status == RealizationStatus.SUBMITTED


def test_submit_after_import_needs_an_open_period(world, operator, tapem_activity):
    book = export(operator, world.tapem)
    fill(book, physical=40, financial=30000000)
    result = upload(book, operator, world.tapem, submit=True)
    assert not result.ok and result.file_errors
    assert not Realization.objects.exists()  # the drafts were rolled back too


def test_dry_run_writes_nothing(world, operator, tapem_activity):
    book = export(operator, world.tapem)
    fill(book, physical=40, financial=30000000)
    result = upload(book, operator, world.tapem, dry_run=True)
    assert result.ok and result.created == 1 and not result.applied
    assert not Realization.objects.exists()


# ---------------------------------------------------------------------------- bad rows


def refused(result, *expected):
    """Every expected (sheet, row, column title, reason part) is among the errors."""
    assert not result.ok and not result.applied
    found = errors_of(result)
    for sheet, row, column, part in expected:
        assert any(s == sheet and r == row and c == column and part in reason
                   for s, r, c, reason in found), found


R = sheets.REALISASI


@pytest.mark.parametrize(("values", "column", "reason"), [
    ({"physical": 120, "financial": 1000}, "Realisasi Fisik Kumulatif (%)", "at most 100"),
    ({"physical": 10, "financial": -5}, "Realisasi Keuangan Kumulatif (Rp)", "cannot be negative"),
    ({"physical": 10, "financial": "banyak"}, "Realisasi Keuangan Kumulatif (Rp)", "Not a number"),
    ({"physical": "=1+1", "financial": 5}, "Realisasi Fisik Kumulatif (%)", "ormula"),
    ({"physical": 10.123, "financial": 5}, "Realisasi Fisik Kumulatif (%)", "2 decimals"),
    ({"physical": 10, "financial": None}, "Realisasi Keuangan Kumulatif (Rp)", "both"),
    ({"physical": 10, "financial": 150000000}, "Realisasi Keuangan Kumulatif (Rp)", "exceeds the budget"),
    ({"physical": 10, "financial": 5, "over_budget": "Mungkin"}, "Melebihi Pagu Dikonfirmasi",
     "Unknown value"),
    ({"physical": 10, "financial": 5, "quarter": 3}, "TW", "TW 2"),
    ({"physical": 10, "financial": 5, "year": 2024}, "Tahun", "2025"),
    ({"physical": 10, "financial": 5, "id": "abc"}, "ID Kegiatan", "Not an activity number"),
    ({"physical": 10, "financial": 5, "version": "x1"}, "Versi", "Not a version"),
    ({"physical": 10, "financial": 5, "problems": "\n=HYPERLINK(1)"}, "Kendala", "may not start with"),
    ({"physical": 10, "financial": 5, "quarter": 2.5}, "TW", "TW 2"),
    ({"physical": 10, "financial": 1e17}, "Realisasi Keuangan Kumulatif (Rp)", "too large"),
])
def test_bad_cells_are_refused(english, world, operator, tapem_activity, values, column, reason):
    book = export(operator, world.tapem)
    fill(book, **values)
    events = AuditEvent.objects.count()
    refused(upload(book, operator, world.tapem), (R, 2, column, reason))
    assert not Realization.objects.exists() and AuditEvent.objects.count() == events


def test_figures_typed_as_text_are_read_like_number_cells(world, operator, sample):
    """The usual row (number cells) and a row typed as text ("12,5", "Rp 1.500.000", spaces
    around the ID) are stored alike."""
    first, second = make_activity(world.tapem, name="Satu"), make_activity(world.tapem, name="Dua")
    book = export(operator, world.tapem)
    rows = {book[R].cell(row=r, column=1).value: r for r in range(2, book[R].max_row + 1)}
    fill(book, rows[str(first.pk)], physical=12.5, financial=1500000, problems=" Lelang ",
         over_budget="Tidak")
    fill(book, rows[str(second.pk)], id=f" {second.pk} ", physical="12,5", financial="Rp 1.500.000",
         problems=" Lelang ", quarter="2", year=" 2025 ")
    result = upload(book, operator, world.tapem)
    assert result.ok and result.created == 2, result.errors
    stored = {r.activity_id: (r.physical, r.financial, r.problems, r.over_budget_confirmed)
              for r in Realization.objects.filter(quarter=Q)}
    assert stored[first.pk] == stored[second.pk] == (Decimal("12.50"), Decimal("1500000.00"), "Lelang", False)


def test_every_bad_row_is_reported_and_good_rows_are_not_written(english, world, operator, sample):
    for i in range(3):
        make_activity(world.tapem, name=f"Kegiatan {i}")
    book = export(operator, world.tapem)
    fill(book, 2, physical=10, financial=5)
    fill(book, 3, physical=101, financial=5)
    fill(book, 4, physical=10, financial=-1)
    result = upload(book, operator, world.tapem)
    refused(result, (R, 3, "Realisasi Fisik Kumulatif (%)", "at most 100"),
            (R, 4, "Realisasi Keuangan Kumulatif (Rp)", "negative"))
    assert len(result.errors) == 2
    assert not Realization.objects.exists()


def test_above_budget_is_accepted_when_confirmed(world, operator, tapem_activity):
    book = export(operator, world.tapem)
    fill(book, physical=10, financial=150000000, over_budget="Ya")
    assert upload(book, operator, world.tapem).ok
    assert Realization.objects.get().over_budget_confirmed


def test_decreasing_cumulative_values_are_refused(english, world, operator, tapem_activity):
    realization(tapem_activity, 1, "30", "25000000")
    realization(tapem_activity, 3, "60", "60000000")
    book = export(operator, world.tapem)
    fill(book, physical=25, financial=70000000)
    result = upload(book, operator, world.tapem)
    refused(result, (R, 2, "Realisasi Fisik Kumulatif (%)", "cannot decrease"),
            (R, 2, "Realisasi Keuangan Kumulatif (Rp)", "cannot decrease"))
    assert not Realization.objects.filter(quarter=Q).exists()


def test_decreasing_outputs_are_refused(english, world, operator, tapem_activity, indicator):
    q1 = realization(tapem_activity, 1, "30", "25000000")
    RealizationOutput.objects.create(realization=q1, indicator=indicator, value=Decimal(2))
    book = export(operator, world.tapem)
    fill(book, physical=40, financial=30000000)
    fill(book, sheet=sheets.KELUARAN, value=1)
    refused(upload(book, operator, world.tapem),
            (sheets.KELUARAN, 2, "Realisasi Keluaran Kumulatif", "cannot decrease"))
    assert not Realization.objects.filter(quarter=Q).exists()


def test_duplicate_rows_are_refused(english, world, operator, tapem_activity, indicator):
    book = export(operator, world.tapem)
    fill(book, physical=40, financial=30000000)
    fill(book, 3, id=str(tapem_activity.pk), physical=41, financial=30000000)
    fill(book, 3, sheet=sheets.KELUARAN, id=str(indicator.pk), value=1)
    refused(upload(book, operator, world.tapem), (R, 3, "ID Kegiatan", "already in row 2"),
            (sheets.KELUARAN, 3, "ID Indikator", "already in row 2"))


def test_out_of_scope_and_unknown_activities_are_refused(english, world, operator, tapem_activity,
                                                         mimika_activity, sample):
    setda_activity = make_activity(world.setda)  # visible to nobody below setda: operator is tapem
    book = export(operator, world.tapem)
    fill(book, physical=10, financial=5)
    for row, activity_id in ((3, mimika_activity.pk), (4, setda_activity.pk), (5, 999999)):
        fill(book, row, id=str(activity_id), physical=10, financial=5)
    result = upload(book, operator, world.tapem)
    refused(result, *[(R, n, "ID Kegiatan", "whose realization you may enter") for n in (3, 4, 5)])
    assert not Realization.objects.exists()


def test_unknown_indicator_is_refused(english, world, operator, tapem_activity, indicator, mimika_activity):
    other = Indicator.objects.create(activity=mimika_activity, name="X", measure_unit="dokumen",
                                     annual_target=Decimal(1))
    book = export(operator, world.tapem)
    fill(book, physical=10, financial=5)
    fill(book, 3, sheet=sheets.KELUARAN, id=str(other.pk), value=1)
    refused(upload(book, operator, world.tapem), (sheets.KELUARAN, 3, "ID Indikator", "No indicator"))


def test_output_needs_a_realization(english, world, operator, tapem_activity, indicator):
    book = export(operator, world.tapem)
    fill(book, sheet=sheets.KELUARAN, value=1)
    refused(upload(book, operator, world.tapem),
            (sheets.KELUARAN, 2, "Realisasi Keluaran Kumulatif", "first"))


@pytest.mark.parametrize("status", [RealizationStatus.SUBMITTED, RealizationStatus.VERIFIED])
def test_locked_rows_are_refused_unless_unchanged(english, world, operator, tapem_activity, status):
    realization(tapem_activity, Q, "40", "30000000", status=status)
    book = export(operator, world.tapem)
    assert upload(book, operator, world.tapem).unchanged == 1  # unchanged: fine
    fill(book, physical=45)
    refused(upload(book, operator, world.tapem), (R, 2, "Realisasi Fisik Kumulatif (%)", "cannot be changed"))
    assert Realization.objects.get().physical == Decimal(40)


def test_stale_rows_are_refused(english, world, operator, tapem_activity):
    draft = realization(tapem_activity, Q, "40", "30000000")
    book = export(operator, world.tapem)
    services.save_draft(Actor(world.users[Role.UNIT_HEAD]), tapem_activity, Q,
                        services.Values(Decimal(42), Decimal(30000000)), expected_version=draft.version)
    fill(book, physical=45)
    refused(upload(book, operator, world.tapem), (R, 2, "Versi", "changed in Sinergi after"))
    assert Realization.objects.get().physical == Decimal(42)


def test_realization_created_after_the_download_is_stale(english, world, operator, tapem_activity):
    book = export(operator, world.tapem)
    realization(tapem_activity, Q, "40", "30000000")
    fill(book, physical=45, financial=30000000)
    refused(upload(book, operator, world.tapem), (R, 2, "Versi", "changed in Sinergi after"))


def test_viewer_cannot_import(world, tapem_activity):
    viewer = world.users[Role.VIEWER]
    book = export(world.users[Role.ADMINISTRATOR], world.tapem)
    fill(book, physical=10, financial=5)
    result = upload(book, viewer, world.tapem)
    assert not result.ok and not Realization.objects.exists()


def test_not_an_xlsx_is_refused(english, world, operator, tapem_activity):
    result = sheets.import_realization(b"hello", actor(operator), world.tapem, YEAR, Q)
    assert result.file_errors and "not an Excel workbook" in result.file_errors[0].reason


def test_wrong_header_is_refused(english, world, operator, tapem_activity):
    book = export(operator, world.tapem)
    book[R].cell(row=1, column=14, value="Fisik")
    result = upload(book, operator, world.tapem)
    assert result.file_errors and "header row" in result.file_errors[0].reason


def test_messages_are_indonesian_by_default(world, operator, tapem_activity):
    book = export(operator, world.tapem)
    fill(book, physical=120, financial=5)
    result = upload(book, operator, world.tapem)
    assert "Realisasi fisik paling tinggi 100 %." in [e.reason for e in result.errors]


def test_queries_do_not_grow_with_rows(world, operator, sample):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(count):
        for i in range(count):
            make_activity(world.tapem, name=f"Kegiatan {count}-{i}")
        book = export(operator, world.tapem)
        for row in range(2, book[sheets.REALISASI].max_row + 1):
            fill(book, row, physical=10, financial=5)
        data = save(book)
        with CaptureQueriesContext(connection) as queries:
            result = sheets.import_realization(data, actor(operator), world.tapem, YEAR, Q)
        assert result.ok, result.errors
        return len(queries)

    few = run(2)
    assert run(10) == few  # the second file has the first two rows unchanged and 10 new ones


# ---------------------------------------------------------------------------- reading by columns


def _tables(book):
    from sinergi.core.spreadsheets import read_tables

    return read_tables(save(book), sheets.READ_BOOK)


def _read_both(book, activity_ids):
    """The "Realisasi" rows as _usual_rows reads them (column by column) and as the cell readers
    read them, with the errors the cell readers found."""
    from sinergi.core.spreadsheets import ErrorList

    table = _tables(book)[R]
    errors = ErrorList()
    careful = sheets._read_cell_by_cell(table, Q, YEAR, activity_ids, None, errors)
    return sheets._usual_rows(table, Q, YEAR, activity_ids), careful, list(errors)


def test_a_usual_sheet_is_read_by_columns_exactly_as_cell_by_cell(world, operator, sample):
    """The column-wise reading of a usual sheet gives the rows the cell readers give: numbers
    at 2 decimals (floats, integers), an empty pair of figures, Ya/Tidak/empty, versions,
    TW and Tahun filled or empty, a Kendala with spaces around it."""
    activities = [make_activity(world.tapem, name=f"Kegiatan {i}") for i in range(5)]
    realization(activities[4], Q, "5", "1000")
    book = export(operator, world.tapem)
    rows = {book[R].cell(row=r, column=1).value: r for r in range(2, book[R].max_row + 1)}
    figures = [(12.5, 1500000, "Tidak", "  Lelang ulang.  "), (0.01, 0.5, "Ya", ""), (None, None, None, ""),
               (100, 99999999.99, "", "Menunggu DAK"), (33.33, 1234.56, "Tidak", "x")]
    for activity, (physical, financial, over, problems) in zip(activities, figures, strict=True):
        fill(book, rows[str(activity.pk)], physical=physical, financial=financial, over_budget=over,
             problems=problems)
    fill(book, rows[str(activities[0].pk)], quarter=None, year=None)
    usual, careful, errors = _read_both(book, {int(i) for i in rows})
    assert not errors and usual is not None
    assert usual == careful
    by_id = {row[1]: row for row in usual}
    assert by_id[activities[0].pk][3:] == (Decimal("12.50"), Decimal("1500000.00"), "Tidak", "Lelang ulang.")
    assert by_id[activities[2].pk][3:5] == (None, None)
    assert by_id[activities[4].pk][2] == Realization.objects.get(activity=activities[4]).version


@pytest.mark.parametrize("values", [
    {"physical": "12,5"},  # typed as text
    {"physical": 12.345},  # 3 decimals
    {"physical": 100.01},
    {"financial": -1},
    {"financial": 1e13 + 1},  # beyond what a float holds at cents for certain: cell by cell
    {"quarter": 3},
    {"year": "2025"},
    {"problems": "=1+1"},
    {"over_budget": "ya"},
    {"id": " 1"},
    {"physical": True},
    {"physical": None},  # one figure without the other
])
def test_an_unusual_sheet_is_read_cell_by_cell(world, operator, sample, values):
    activity = make_activity(world.tapem, name="Jalan")
    book = export(operator, world.tapem)
    rows = {book[R].cell(row=r, column=1).value: r for r in range(2, book[R].max_row + 1)}
    row = rows[str(activity.pk)]
    fill(book, row, **{"physical": 10, "financial": 5, **values})
    if "id" in values:
        fill(book, row, id=f" {activity.pk}")
    ids = {int(str(book[R].cell(row=r, column=1).value).strip()) for r in rows.values()}
    usual, _careful, _errors = _read_both(book, ids)
    if "physical" in values and values["physical"] is None:
        assert usual is not None  # read by columns; the rule "fill in both" is the import's
        return
    assert usual is None


def test_an_unknown_or_repeated_activity_is_read_cell_by_cell(world, operator, sample):
    first, second = make_activity(world.tapem, name="Satu"), make_activity(world.tapem, name="Dua")
    book = export(operator, world.tapem)
    rows = {book[R].cell(row=r, column=1).value: r for r in range(2, book[R].max_row + 1)}
    ids = {int(i) for i in rows}
    assert _read_both(book, ids)[0] is not None
    assert _read_both(book, ids - {first.pk})[0] is None
    fill(book, rows[str(second.pk)], id=str(first.pk))
    assert _read_both(book, ids)[0] is None


def test_a_row_below_an_earlier_quarter_is_refused_after_the_quick_pass_wrote_it(english, world, operator,
                                                                                 tapem_activity):
    """The quick pass leaves the cumulative rule to the database after the write; the file's
    row is then reported by the careful pass, and nothing stays written."""
    realization(tapem_activity, 1, "30", "25000000")
    events = AuditEvent.objects.count()
    book = export(operator, world.tapem)
    fill(book, physical=30, financial=24000000)
    refused(upload(book, operator, world.tapem),
            (R, 2, "Realisasi Keuangan Kumulatif (Rp)", "cannot decrease"))
    assert not Realization.objects.filter(quarter=Q).exists() and AuditEvent.objects.count() == events
    fill(book, physical=30, financial=25000000)  # equal to the earlier quarter: allowed
    assert upload(book, operator, world.tapem).ok


def test_figures_read_by_columns_are_the_numbers_typed():
    """Floats whose hundredths are inexact in binary (0.29, 4.35, 1.15 ...) read as typed; a
    third decimal, however small, sends the column cell by cell."""
    import random

    rng = random.Random(7)
    def as_typed(values):
        return [Decimal(repr(x)).quantize(Decimal("0.01")) for x in values]

    typed = [0.29, 4.35, 1.15, 0.07, 99.99, 100, 0, 57.3, *(rng.randrange(10001) / 100 for _ in range(2000))]
    assert sheets._usual_figures(typed, 100) == as_typed(typed)
    money = [0.29, 1e13, 9999999999999.99, 123456789.01, *(rng.randrange(10**15) / 100 for _ in range(2000))]
    assert sheets._usual_figures(money, 10**13) == as_typed(money)
    assert sheets._usual_figures([12.5, ""], 100) == [Decimal("12.50"), None]
    for unusual in ([12.345], [0.001], [1e13 + 0.5], [float("nan")], [float("inf")], [-0.01], ["x"]):
        assert sheets._usual_figures(unusual, 10 ** 13) is None, unusual
