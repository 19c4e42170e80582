"""The annual plan (Renja) workbook: template contents, the export → edit → import round trip,
every kind of bad row refused with nothing written, idempotent re-import, stale rows, scope."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.planning.models import Activity, Indicator, Priority, PriorityFramework, QuarterTarget
from sinergi.planning.spreadsheets import (
    INDIKATOR,
    KEGIATAN,
    PRIORITAS,
    TAHAPAN,
    export_plan,
    import_plan,
    parse_number,
    version_token,
)
from sinergi.regions.models import Government, Unit
from tests import factories
from tests.planning.conftest import SUB, SUB_2, make_activity, make_targets

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "sample")]
YEAR = 2025
SUB_KEGIATAN_3 = "1.01.01.2.01.0002"


# ------------------------------------------------------------------------------ helpers


def actor(user) -> Actor:
    return Actor(user=user, source=AuditSource.IMPORT)


def asta(number: str) -> Priority:
    return Priority.objects.get(framework__name="Asta Cita", number=number)


class Book:
    """An exported workbook opened with openpyxl, edited by column title."""

    def __init__(self, data: bytes) -> None:
        self.book = load_workbook(io.BytesIO(data))

    def titles(self, sheet: str) -> list[str]:
        return [c.value for c in self.book[sheet][1]]

    def rows(self, sheet: str) -> list[dict]:
        titles = self.titles(sheet)
        return [dict(zip(titles, (c.value for c in row), strict=False))
                for row in self.book[sheet].iter_rows(min_row=2) if any(c.value is not None for c in row)]

    def set(self, sheet: str, row: int, title: str, value) -> None:
        """row: as Excel numbers it (2 = the first data row)."""
        self.book[sheet].cell(row=row, column=self.titles(sheet).index(title) + 1).value = value

    def append(self, sheet: str, values: dict) -> int:
        titles = self.titles(sheet)
        ws = self.book[sheet]
        number = ws.max_row + 1
        for title, value in values.items():
            ws.cell(row=number, column=titles.index(title) + 1, value=value)
        return number

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


def new_row(**overrides) -> dict:
    row = {"Kode Unit": "BAPPEDA", "Kode Sub Kegiatan": SUB, "Nama Kegiatan": "Penyusunan Renja",
           "Kode Lokasi": "64.08", "Pagu (Rp)": 200_000_000, "Sumber Dana": "apbd",
           "Prioritas": "Asta Cita 4; asta cita 7",
           "Target Fisik TW I (%)": 10, "Target Fisik TW II (%)": 40, "Target Fisik TW III (%)": 75,
           "Target Fisik TW IV (%)": 100,
           "Target Keuangan TW I (Rp)": 20_000_000, "Target Keuangan TW II (Rp)": 80_000_000,
           "Target Keuangan TW III (Rp)": 150_000_000, "Target Keuangan TW IV (Rp)": 200_000_000}
    row.update(overrides)
    return row


def kutai_timur() -> Government:
    return Government.objects.get(region_id="64.08")


def template(user) -> Book:
    return Book(export_plan(user, kutai_timur(), YEAR))


@pytest.fixture
def kutim(world):
    return world


@pytest.fixture
def coordinator(kutim):
    return kutim.users[Role.COORDINATOR]


@pytest.fixture
def planned(kutim):
    """A stored activity of Bappeda with targets, an indicator and one priority."""
    activity = make_activity(kutim.bappeda, budget="100000000", name="Evaluasi RKPD", code=SUB_2,
                             location_id="64.08.01")
    activity.priorities.set([asta("7")])
    make_targets(activity, ("25", "20000000"), ("50", "50000000"), ("75", "70000000"), ("100", "95000000"))
    Indicator.objects.create(activity=activity, name="Dokumen evaluasi", measure_unit="dokumen",
                             annual_target=Decimal(4))
    return activity


def run(book: Book | bytes, user, **kwargs):
    data = book.bytes() if isinstance(book, Book) else book
    return import_plan(data, actor(user), kutai_timur(), YEAR, **kwargs)


def errors_of(result) -> list[tuple]:
    return [(e.sheet, e.row, e.column) for e in result.errors]


def snapshot_db() -> tuple:
    return (
        sorted(Activity.objects.values_list("pk", "version", "name", "budget", "unit_id")),
        sorted(QuarterTarget.objects.values_list("pk", "version", "physical", "financial")),
        sorted(Indicator.objects.values_list("pk", "version", "name", "annual_target")),
        sorted(Activity.priorities.through.objects.values_list("activity_id", "priority_id")),
        AuditEvent.objects.count(),
    )


# ------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(("text", "value"), [
    ("1500000", "1500000"), ("12.5", "12.5"), ("12,5", "12.5"), ("Rp 1.500.000", "1500000"),
    ("1.500.000,50", "1500000.5"), ("1,500,000.50", "1500000.5"), ("100 %", "100"), ("-5", "-5"),
    ("0.30000000000000004", "0.3"),
])
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "1.2.3,4,5", "12.345", "1.500", "1,500", "12.3456", "", "-"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text)


# ------------------------------------------------------------------------------ template / export


def test_empty_plan_is_the_template(coordinator):
    book = template(coordinator)
    assert book.book.sheetnames[:4] == [KEGIATAN, INDIKATOR, TAHAPAN, PRIORITAS]
    assert "Petunjuk" in book.book.sheetnames
    assert book.titles(KEGIATAN) == [
        "ID Kegiatan", "Versi", "Kode Unit", "Kode Sub Kegiatan", "Nama Kegiatan", "Kode Lokasi",
        "Pagu (Rp)", "Sumber Dana", "Prioritas",
        "Target Fisik TW I (%)", "Target Fisik TW II (%)", "Target Fisik TW III (%)",
        "Target Fisik TW IV (%)",
        "Target Keuangan TW I (Rp)", "Target Keuangan TW II (Rp)", "Target Keuangan TW III (Rp)",
        "Target Keuangan TW IV (Rp)",
    ]
    assert book.titles(INDIKATOR) == ["ID Indikator", "ID Kegiatan", "Sub Kegiatan (info)", "Indikator",
                                      "Satuan", "Target Tahunan"]
    assert book.titles(TAHAPAN) == ["ID Tahapan", "ID Kegiatan", "Sub Kegiatan (info)", "Urutan", "Tahapan",
                                    "Rencana Selesai", "Tercapai", "Bukti"]
    assert book.rows(KEGIATAN) == [] and book.rows(INDIKATOR) == [] and book.rows(TAHAPAN) == []
    # The reference sheet lists the Asta Cita missions in the notation the import reads.
    notations = [r["Notasi"] for r in book.rows(PRIORITAS)]
    assert "Asta Cita 4" in notations and len([n for n in notations if n.startswith("Asta Cita")]) == 8
    # Drop-downs: the funding sources and the units the user may plan for.
    validations = book.book[KEGIATAN].data_validations.dataValidation
    formulas = [v.formula1 for v in validations]
    assert any("apbd" in f and "csr" in f for f in formulas)
    assert any("BAPPEDA" in f and "TAPEM" in f for f in formulas)
    instructions = " ".join(str(c.value) for row in book.book["Petunjuk"].iter_rows() for c in row if c.value)
    assert "Kabupaten Kutai Timur" in instructions and "2025" in instructions
    assert "Asta Cita 4; RPJMD M2.1" in instructions


def test_export_writes_activities_targets_indicators_as_numbers(coordinator, planned):
    book = template(coordinator)
    [row] = book.rows(KEGIATAN)
    assert row["ID Kegiatan"] == str(planned.pk)
    assert row["Versi"] == version_token(planned)
    assert (row["Kode Unit"], row["Kode Sub Kegiatan"], row["Nama Kegiatan"], row["Kode Lokasi"]) == (
        "BAPPEDA", SUB_2, "Evaluasi RKPD", "64.08.01")
    assert row["Pagu (Rp)"] == 100_000_000  # a number, not text
    assert row["Sumber Dana"] == "apbd" and row["Prioritas"] == "Asta Cita 7"
    assert row["Target Fisik TW II (%)"] == 50 and row["Target Keuangan TW IV (Rp)"] == 95_000_000
    [indicator] = book.rows(INDIKATOR)
    assert indicator["ID Indikator"] == str(planned.indicators.get().pk)
    assert (indicator["ID Kegiatan"], indicator["Indikator"], indicator["Satuan"],
            indicator["Target Tahunan"]) == (str(planned.pk), "Dokumen evaluasi", "dokumen", 4)


def test_export_shows_only_what_the_user_sees_and_the_unit_asked_for(kutim, planned):
    make_activity(kutim.tapem, name="Fasilitasi batas desa")
    make_activity(kutim.mimika_tapem, name="Other government")
    operator = kutim.users[Role.UNIT_OPERATOR]  # Tapem only
    names = [r["Nama Kegiatan"] for r in Book(export_plan(operator, kutim.kutim, YEAR)).rows(KEGIATAN)]
    assert names == ["Fasilitasi batas desa"]
    coordinator = kutim.users[Role.COORDINATOR]
    names = [r["Nama Kegiatan"] for r in
             Book(export_plan(coordinator, kutim.kutim, YEAR, unit=kutim.setda)).rows(KEGIATAN)]
    assert names == ["Fasilitasi batas desa"]  # Setda and its sub-unit Tapem
    assert Book(export_plan(coordinator, kutim.kutim, 2026)).rows(KEGIATAN) == []


# ------------------------------------------------------------------------------ round trip


def test_round_trip_creates_updates_and_audits(coordinator, planned):
    book = template(coordinator)
    # Edit the stored activity: pagu up, TW IV financial up, another priority, a new indicator.
    book.set(KEGIATAN, 2, "Pagu (Rp)", 150_000_000)
    book.set(KEGIATAN, 2, "Target Keuangan TW IV (Rp)", 140_000_000)
    book.set(KEGIATAN, 2, "Prioritas", "Asta Cita 7; Asta Cita 8")
    book.set(INDIKATOR, 2, "Target Tahunan", 5)
    book.append(INDIKATOR, {"ID Kegiatan": str(planned.pk), "Indikator": "Rapat evaluasi",
                            "Satuan": "kali", "Target Tahunan": 4})
    # A new activity with a label and an indicator.
    book.append(KEGIATAN, new_row(**{"ID Kegiatan": "baru-1"}))
    book.append(INDIKATOR, {"ID Kegiatan": "baru-1", "Indikator": "Dokumen Renja", "Satuan": "dokumen",
                            "Target Tahunan": 1})
    events_before = AuditEvent.objects.count()
    result = run(book, coordinator)
    assert result.ok and result.applied, result.errors
    assert (result.activities.created, result.activities.updated, result.activities.unchanged) == (1, 1, 0)
    assert (result.targets.created, result.targets.updated, result.targets.unchanged) == (4, 1, 3)
    assert (result.indicators.created, result.indicators.updated) == (2, 1)

    planned.refresh_from_db()
    assert planned.budget == Decimal(150_000_000) and planned.version == 2
    assert {p.number for p in planned.priorities.all()} == {"7", "8"}
    assert planned.quarter_targets.get(quarter=4).financial == Decimal(140_000_000)
    assert {(i.name, i.annual_target) for i in planned.indicators.all()} == {
        ("Dokumen evaluasi", Decimal(5)), ("Rapat evaluasi", Decimal(4))}
    new = Activity.objects.get(name="Penyusunan Renja")
    assert (new.government, new.unit, new.year, new.location_id, new.budget) == (
        kutai_timur(), Unit.objects.get(code="BAPPEDA"), YEAR, "64.08",
        Decimal(200_000_000))
    assert {p.number for p in new.priorities.all()} == {"4", "7"}
    assert [(t.physical, t.financial) for t in new.quarter_targets.order_by("quarter")][-1] == (
        Decimal(100), Decimal(200_000_000))
    assert new.indicators.get().name == "Dokumen Renja"

    events = AuditEvent.objects.order_by("pk")[events_before:]
    assert {e.source for e in events} == {AuditSource.IMPORT}
    assert all(e.actor_id == coordinator.pk for e in events)
    by_model = {}
    for event in events:
        by_model.setdefault((event.content_type.model, event.action), []).append(event)
    assert len(by_model[("activity", "create")]) == 1
    assert len(by_model[("activity", "update")]) == 2  # the stored one; the new one's priorities
    assert len(by_model[("quartertarget", "create")]) == 4
    assert len(by_model[("quartertarget", "update")]) == 1
    assert len(by_model[("indicator", "create")]) == 2
    assert len(by_model[("indicator", "update")]) == 1
    update = next(e for e in by_model[("activity", "update")] if e.object_id == str(planned.pk))
    assert update.before["budget"] == "100000000.00" and update.after["budget"] == "150000000.00"
    assert update.after["priorities"] == sorted([asta("7").pk, asta("8").pk])


def test_reimport_of_the_same_file_changes_nothing(coordinator, planned):
    book = template(coordinator)
    book.set(KEGIATAN, 2, "Pagu (Rp)", 120_000_000)
    book.append(KEGIATAN, new_row())  # no ID, no label: identified by unit+code+name+location
    data = book.bytes()
    first = run(data, coordinator)
    assert first.applied, first.errors
    state = snapshot_db()
    again = run(data, coordinator)
    assert again.ok and again.applied
    assert (again.activities.created, again.activities.updated, again.activities.unchanged) == (0, 0, 2)
    assert (again.targets.created, again.targets.updated, again.targets.unchanged) == (0, 0, 8)
    assert snapshot_db() == state  # nothing written, no audit event
    # An export re-imported untouched changes nothing either.
    fresh = run(template(coordinator), coordinator)
    assert fresh.applied and fresh.activities.unchanged == 2
    assert snapshot_db() == state


def test_identity_without_id_ignores_case_and_spacing(coordinator, planned):
    book = template(coordinator)
    book.append(KEGIATAN, new_row(**{"Kode Sub Kegiatan": SUB_2, "Nama Kegiatan": "  Evaluasi   RKPD ",
                                     "Kode Lokasi": "64.08.01", "Pagu (Rp)": 100_000_000,
                                     "Prioritas": "Asta Cita 7", "Target Fisik TW I (%)": None,
                                     "Target Fisik TW II (%)": None, "Target Fisik TW III (%)": None,
                                     "Target Fisik TW IV (%)": None, "Target Keuangan TW I (Rp)": None,
                                     "Target Keuangan TW II (Rp)": None,
                                     "Target Keuangan TW III (Rp)": None,
                                     "Target Keuangan TW IV (Rp)": None}))
    result = run(book, coordinator)
    # Row 3 names the stored activity that row 2 names by ID: a duplicate.
    assert errors_of(result) == [(KEGIATAN, 3, "ID Kegiatan")]
    assert "Duplicate: row 2" in result.errors[0].reason
    # Without the ID row, the same row is the stored activity (nothing changes).
    book.book[KEGIATAN].delete_rows(2)
    state = snapshot_db()
    result = run(book, coordinator)
    assert result.applied and result.activities.unchanged == 1 and result.activities.created == 0
    assert snapshot_db() == state
    # Letter case does not change the identity, but the name is the file's.
    book.set(KEGIATAN, 2, "Nama Kegiatan", "EVALUASI rkpd")
    result = run(book, coordinator)
    assert (result.activities.created, result.activities.updated) == (0, 1)
    assert Activity.objects.get().name == "EVALUASI rkpd"


def test_empty_quarter_keeps_the_stored_target(coordinator, planned):
    book = template(coordinator)
    book.set(KEGIATAN, 2, "Target Fisik TW I (%)", None)
    book.set(KEGIATAN, 2, "Target Keuangan TW I (Rp)", None)
    result = run(book, coordinator)
    assert result.applied and result.targets.unchanged == 3
    assert planned.quarter_targets.count() == 4


def test_text_numbers_are_read(coordinator):
    book = template(coordinator)
    book.append(KEGIATAN, new_row(**{"Pagu (Rp)": "Rp 200.000.000", "Target Fisik TW I (%)": "12,5",
                                     "Target Keuangan TW I (Rp)": "20.000.000"}))
    result = run(book, coordinator)
    assert result.applied, result.errors
    activity = Activity.objects.get()
    assert activity.budget == Decimal(200_000_000)
    assert activity.quarter_targets.get(quarter=1).physical == Decimal("12.5")


def test_dry_run_writes_nothing(coordinator):
    book = template(coordinator)
    book.append(KEGIATAN, new_row())
    state = snapshot_db()
    result = run(book, coordinator, dry_run=True)
    assert result.ok and not result.applied and result.activities.created == 1
    assert snapshot_db() == state


# ------------------------------------------------------------------------------ bad rows


def _bad_cases():
    return [
        ({"Kode Unit": "NOPE"}, "Kode Unit", "Unknown unit code"),
        ({"Kode Sub Kegiatan": "9.99.99.2.01.0001"}, "Kode Sub Kegiatan", "Unknown sub kegiatan"),
        ({"Kode Sub Kegiatan": "1.01.01.2.01"}, "Kode Sub Kegiatan", "not a sub kegiatan"),
        ({"Kode Lokasi": "99.99.99"}, "Kode Lokasi", "Unknown region"),
        ({"Kode Lokasi": "94.04"}, "Kode Lokasi", "outside"),
        ({"Pagu (Rp)": -5}, "Pagu (Rp)", "negative"),
        ({"Pagu (Rp)": "banyak"}, "Pagu (Rp)", "Not a number"),
        ({"Pagu (Rp)": None}, "Pagu (Rp)", "required"),
        ({"Pagu (Rp)": "10000000000000000"}, "Pagu (Rp)", "Too large"),
        ({"Target Fisik TW IV (%)": 120}, "Target Fisik TW IV (%)", "at most 100"),
        ({"Target Fisik TW III (%)": 30}, "Target Fisik TW III (%)", "cannot decrease"),
        ({"Target Keuangan TW II (Rp)": 10_000_000}, "Target Keuangan TW II (Rp)", "cannot decrease"),
        ({"Target Keuangan TW IV (Rp)": 250_000_000}, "Target Keuangan TW IV (Rp)", "exceeds the budget"),
        ({"Target Keuangan TW I (Rp)": None}, "Target Keuangan TW I (Rp)", "both"),
        ({"Prioritas": "Asta Cita 9"}, "Prioritas", "Unknown priority"),
        ({"Prioritas": "Nawacita 1"}, "Prioritas", "Unknown priority"),
        ({"Sumber Dana": "pinjaman"}, "Sumber Dana", "Unknown value"),
        ({"Nama Kegiatan": "=HYPERLINK(\"x\")"}, "Nama Kegiatan", "formula"),
        ({"Kode Sub Kegiatan": None}, "Kode Sub Kegiatan", "required"),
        ({"ID Kegiatan": "999999"}, "ID Kegiatan", "There is no activity"),
        ({"ID Kegiatan": "1234567890123456789012"}, "ID Kegiatan", "at most 18 digits"),
        ({"ID Kegiatan": str(10**17)}, "ID Kegiatan", "There is no activity"),
    ]


def test_each_bad_row_is_reported_and_nothing_is_written(coordinator, planned):
    cases = _bad_cases()
    book = template(coordinator)
    book.set(KEGIATAN, 2, "Pagu (Rp)", 1)  # a good change in the same file: not written either
    book.set(KEGIATAN, 2, "Target Keuangan TW I (Rp)", 1)
    book.set(KEGIATAN, 2, "Target Keuangan TW II (Rp)", 1)
    book.set(KEGIATAN, 2, "Target Keuangan TW III (Rp)", 1)
    book.set(KEGIATAN, 2, "Target Keuangan TW IV (Rp)", 1)
    rows = {}
    for index, (changes, _column, _reason) in enumerate(cases):
        rows[book.append(KEGIATAN, new_row(**{"Nama Kegiatan": f"Kegiatan {index}", **changes}))] = index
    state = snapshot_db()
    result = run(book, coordinator)
    assert not result.ok and not result.applied
    assert snapshot_db() == state
    for number, index in rows.items():
        changes, column, reason = cases[index]
        found = [e for e in result.errors if e.row == number]
        assert [(e.sheet, e.column) for e in found] == [(KEGIATAN, column)], (changes, found)
        assert reason.casefold() in found[0].reason.casefold(), (changes, found[0].reason)
    assert {e.row for e in result.errors} == set(rows)  # row 2 was fine


def test_errors_name_the_workbook_columns_in_any_language(coordinator, settings):
    """Reasons follow the user's language (Indonesian by default); the sheet and column titles
    are the workbook's own, whatever the language."""
    from django.utils import translation

    book = template(coordinator)
    book.append(KEGIATAN, new_row(**{"Kode Unit": "NOPE"}))
    with translation.override(settings.LANGUAGE_CODE):
        assert settings.LANGUAGE_CODE == "id"
        result = run(book, coordinator)
    assert (result.errors[0].sheet, result.errors[0].column) == (KEGIATAN, "Kode Unit")


def test_unit_outside_the_users_scope(kutim):
    operator = kutim.users[Role.UNIT_OPERATOR]  # Tapem
    book = Book(export_plan(operator, kutim.kutim, YEAR))
    book.append(KEGIATAN, new_row(**{"Kode Unit": "BAPPEDA"}))
    book.append(KEGIATAN, new_row(**{"Kode Unit": "TAPEM", "Kode Lokasi": None}))
    result = run(book, operator)
    assert errors_of(result) == [(KEGIATAN, 2, "Kode Unit")]
    assert "may not plan" in result.errors[0].reason
    assert not Activity.objects.exists()


def test_activity_of_another_government_or_year(kutim, planned):
    coordinator = kutim.users[Role.COORDINATOR]
    other_year = make_activity(kutim.bappeda, year=2024, name="Lama")
    admin = kutim.users[Role.ADMINISTRATOR]
    mimika = make_activity(kutim.mimika_tapem, name="Mimika")
    book = template(coordinator)
    book.append(KEGIATAN, new_row(**{"ID Kegiatan": str(other_year.pk)}))
    result = run(book, coordinator)
    assert errors_of(result) == [(KEGIATAN, 3, "ID Kegiatan")]
    assert "2024" in result.errors[0].reason
    # The administrator sees Mimika's activity; still refused in Kutai Timur's plan.
    book = Book(export_plan(admin, kutim.kutim, YEAR))
    book.append(KEGIATAN, new_row(**{"ID Kegiatan": str(mimika.pk)}))
    result = run(book, admin)
    assert errors_of(result) == [(KEGIATAN, 3, "ID Kegiatan")]
    assert "Kabupaten Mimika" in result.errors[0].reason
    # The coordinator of Kutai Timur cannot see it at all.
    book = template(coordinator)
    book.append(KEGIATAN, new_row(**{"ID Kegiatan": str(mimika.pk)}))
    assert "There is no activity" in run(book, coordinator).errors[0].reason


def test_duplicate_rows(coordinator, planned):
    book = template(coordinator)
    book.append(KEGIATAN, new_row())
    book.append(KEGIATAN, new_row(**{"Nama Kegiatan": "PENYUSUNAN  renja"}))  # same identity
    book.append(KEGIATAN, new_row(**{"ID Kegiatan": str(planned.pk), "Nama Kegiatan": "X"}))
    book.append(KEGIATAN, new_row(**{"ID Kegiatan": "baru", "Nama Kegiatan": "Y"}))
    book.append(KEGIATAN, new_row(**{"ID Kegiatan": "BARU", "Nama Kegiatan": "Z"}))
    book.append(INDIKATOR, {"ID Kegiatan": "baru", "Indikator": "A", "Satuan": "x", "Target Tahunan": 1})
    book.append(INDIKATOR, {"ID Kegiatan": "baru", "Indikator": "a", "Satuan": "x", "Target Tahunan": 2})
    result = run(book, coordinator)
    assert errors_of(result) == [
        (KEGIATAN, 4, "ID Kegiatan"), (KEGIATAN, 5, "ID Kegiatan"), (KEGIATAN, 7, "ID Kegiatan"),
        (INDIKATOR, 4, "Indikator"),
    ]
    assert "row 3" in result.errors[0].reason and "row 2" in result.errors[1].reason
    assert not Activity.objects.exclude(pk=planned.pk).exists()


def test_bad_indicator_rows(coordinator, planned):
    book = template(coordinator)
    book.append(INDIKATOR, {"ID Kegiatan": "tidak-ada", "Indikator": "A", "Satuan": "x", "Target Tahunan": 1})
    book.append(INDIKATOR, {"ID Kegiatan": str(planned.pk), "Indikator": "B", "Satuan": "x",
                            "Target Tahunan": -1})
    book.append(INDIKATOR, {"ID Kegiatan": str(planned.pk), "Indikator": "C", "Target Tahunan": 1})
    result = run(book, coordinator)
    assert errors_of(result) == [(INDIKATOR, 3, "ID Kegiatan"), (INDIKATOR, 4, "Target Tahunan"),
                                 (INDIKATOR, 5, "Satuan")]
    assert planned.indicators.count() == 1


def test_indicator_id_renames_and_name_matches(coordinator, planned):
    stored = planned.indicators.get()
    book = template(coordinator)
    book.set(INDIKATOR, 2, "Indikator", "Laporan evaluasi")  # renamed: same ID
    result = run(book, coordinator)
    assert result.applied and (result.indicators.created, result.indicators.updated) == (0, 1)
    assert planned.indicators.get().pk == stored.pk
    assert planned.indicators.get().name == "Laporan evaluasi"
    # The old file is now stale: its activity's indicator changed since that download.
    book.set(INDIKATOR, 2, "Target Tahunan", 6)
    assert errors_of(run(book, coordinator)) == [(KEGIATAN, 2, "Versi")]
    # Without the ID, the name (any letter case) finds it; an unknown ID is refused.
    book = template(coordinator)
    book.set(INDIKATOR, 2, "ID Indikator", None)
    book.set(INDIKATOR, 2, "Indikator", "LAPORAN EVALUASI")
    book.set(INDIKATOR, 2, "Target Tahunan", 6)
    result = run(book, coordinator)
    assert result.applied and (result.indicators.created, result.indicators.updated) == (0, 1)
    assert planned.indicators.get().annual_target == Decimal(6)
    book = template(coordinator)
    book.set(INDIKATOR, 2, "ID Indikator", "999999")
    result = run(book, coordinator)
    assert errors_of(result) == [(INDIKATOR, 2, "ID Indikator")]
    book.set(INDIKATOR, 2, "ID Indikator", str(stored.pk))
    book.append(INDIKATOR, {"ID Indikator": str(stored.pk), "ID Kegiatan": str(planned.pk),
                            "Indikator": "Lain", "Satuan": "x", "Target Tahunan": 1})
    result = run(book, coordinator)
    assert errors_of(result) == [(INDIKATOR, 3, "ID Indikator")]


def test_decreasing_against_stored_targets(coordinator, planned):
    """An empty quarter keeps its stored target, which the file's values must still respect."""
    book = template(coordinator)
    book.set(KEGIATAN, 2, "Target Fisik TW I (%)", None)
    book.set(KEGIATAN, 2, "Target Keuangan TW I (Rp)", None)
    book.set(KEGIATAN, 2, "Target Fisik TW II (%)", 20)  # below the stored 25 of TW I
    result = run(book, coordinator)
    assert errors_of(result) == [(KEGIATAN, 2, "Target Fisik TW II (%)")]


def test_pagu_below_the_targets_together_with_lower_targets(coordinator, planned):
    book = template(coordinator)
    book.set(KEGIATAN, 2, "Pagu (Rp)", 50_000_000)
    for q, value in (("I", 10), ("II", 20), ("III", 30), ("IV", 50)):
        book.set(KEGIATAN, 2, f"Target Keuangan TW {q} (Rp)", value * 1_000_000)
    result = run(book, coordinator)
    assert result.applied, result.errors
    planned.refresh_from_db()
    assert planned.budget == Decimal(50_000_000)
    assert planned.quarter_targets.get(quarter=4).financial == Decimal(50_000_000)


def test_regional_priorities_and_ambiguity(kutim, coordinator):
    rpjmd = PriorityFramework.objects.create(name="RPJMD", kind="regional", government=kutim.kutim,
                                             start_year=2021, end_year=2026)
    Priority.objects.create(framework=rpjmd, number="M2.1", title="Misi 2.1")
    later = PriorityFramework.objects.create(name="RPJMD", kind="regional", government=kutim.kutim,
                                             start_year=2027, end_year=2031)
    Priority.objects.create(framework=later, number="M2.1", title="Misi 2.1 (baru)")
    mimika = PriorityFramework.objects.create(name="RPJMD Mimika", kind="regional",
                                              government=kutim.mimika, start_year=2025, end_year=2029)
    Priority.objects.create(framework=mimika, number="1", title="Mimika")
    book = template(coordinator)
    assert "RPJMD M2.1" in [r["Notasi"] for r in book.rows(PRIORITAS)]
    assert "RPJMD Mimika 1" not in [r["Notasi"] for r in book.rows(PRIORITAS)]
    book.append(KEGIATAN, new_row(**{"Prioritas": "Asta Cita 4; RPJMD M2.1"}))
    book.append(KEGIATAN, new_row(**{"Nama Kegiatan": "Lain", "Prioritas": "RPJMD Mimika 1"}))
    result = run(book, coordinator)
    assert errors_of(result) == [(KEGIATAN, 3, "Prioritas")]
    book.book[KEGIATAN].delete_rows(3)
    result = run(book, coordinator)
    assert result.applied
    activity = Activity.objects.get()
    assert {p.framework_id for p in activity.priorities.all()} == {asta("4").framework_id, rpjmd.pk}


# ------------------------------------------------------------------------------ stale rows


def test_stale_row_is_refused(coordinator, planned):
    book = template(coordinator)
    # Someone edits a target in Sinergi after the download.
    target = planned.quarter_targets.get(quarter=1)
    target.physical = Decimal(20)
    target.version += 1
    target.save()
    book.set(KEGIATAN, 2, "Pagu (Rp)", 110_000_000)
    state = snapshot_db()
    result = run(book, coordinator)
    assert errors_of(result) == [(KEGIATAN, 2, "Versi")]
    assert "changed in Sinergi after the file was downloaded" in result.errors[0].reason
    assert snapshot_db() == state


def test_stale_activity_edit_is_refused_but_an_unchanged_row_is_not(coordinator, planned):
    book = template(coordinator)
    Activity.objects.filter(pk=planned.pk).update(name="Evaluasi RKPD 2025", version=2)
    result = run(book, coordinator)  # the row would put the old name back
    assert errors_of(result) == [(KEGIATAN, 2, "Versi")]
    book.set(KEGIATAN, 2, "Nama Kegiatan", "Evaluasi RKPD 2025")  # now equal to the stored data
    result = run(book, coordinator)
    assert result.applied and result.activities.unchanged == 1


@pytest.mark.parametrize("change", ["pagu", "target"])
def test_change_between_check_and_write_refuses_everything(coordinator, planned, monkeypatch, change):
    """Someone saves the same activity after the file was checked but before it is written: the
    versions read at check time no longer match and the whole import is rolled back."""
    from sinergi.planning import spreadsheets

    book = template(coordinator)
    book.set(KEGIATAN, 2, "Pagu (Rp)", 120_000_000)
    book.set(KEGIATAN, 2, "Target Fisik TW I (%)", 30)
    book.append(KEGIATAN, new_row())
    original = spreadsheets._tally

    def meanwhile(plans, result):
        if change == "pagu":
            Activity.objects.filter(pk=planned.pk).update(version=planned.version + 1)
        else:
            QuarterTarget.objects.filter(activity=planned, quarter=1).update(version=5)
        original(plans, result)

    monkeypatch.setattr(spreadsheets, "_tally", meanwhile)
    activities = Activity.objects.count()
    result = run(book, coordinator)
    assert not result.applied and result.file_errors
    assert "changed while the file was being imported" in result.errors[0].reason
    assert Activity.objects.count() == activities
    planned.refresh_from_db()
    assert planned.budget == Decimal(100_000_000)
    assert planned.quarter_targets.get(quarter=1).physical == Decimal(25)


# ------------------------------------------------------------------------------ who may import


def test_coordinator_of_another_government_cannot_import_here(kutim):
    other = factories.user("koordinator-mimika", Role.COORDINATOR, [kutim.mimika_tapem])
    book = template(kutim.users[Role.COORDINATOR])
    book.append(KEGIATAN, new_row())
    result = run(book, other)
    assert result.file_errors and not result.applied
    assert "may not plan" in result.errors[0].reason
    assert not Activity.objects.exists()


def test_viewer_cannot_import(kutim):
    book = template(kutim.users[Role.COORDINATOR])
    book.append(KEGIATAN, new_row())
    result = run(book, kutim.users[Role.VIEWER])
    assert result.file_errors and not Activity.objects.exists()


def test_not_an_xlsx_and_wrong_header(coordinator):
    assert run(b"code,name\n1,x\n", coordinator).file_errors
    book = template(coordinator)
    book.set(KEGIATAN, 1, "Pagu (Rp)", "Anggaran")
    book.append(KEGIATAN, {"Kode Unit": "BAPPEDA"})
    result = run(book, coordinator)
    assert result.file_errors and "header row" in result.errors[0].reason


# ------------------------------------------------------------------------------ milestones


def test_milestones_round_trip_created_updated_and_matched_by_name(coordinator, planned):
    from sinergi.planning.models import Milestone

    book = template(coordinator)
    book.append(TAHAPAN, {"ID Kegiatan": str(planned.pk), "Urutan": "1", "Tahapan": "M1 Pembentukan Pokja",
                          "Rencana Selesai": dt.date(2025, 3, 31), "Tercapai": dt.date(2025, 3, 20),
                          "Bukti": "SK Bupati"})
    book.append(TAHAPAN, {"ID Kegiatan": str(planned.pk), "Urutan": 2, "Tahapan": "M2 Buku Putih",
                          "Rencana Selesai": "30/06/2025"})
    result = run(book, coordinator)
    assert result.applied, result.errors
    assert (result.milestones.created, result.milestones.updated) == (2, 0)
    stored = list(planned.milestones.all())
    assert [(m.order, m.name, m.planned_date, m.achieved_date, m.evidence) for m in stored] == [
        (1, "M1 Pembentukan Pokja", dt.date(2025, 3, 31), dt.date(2025, 3, 20), "SK Bupati"),
        (2, "M2 Buku Putih", dt.date(2025, 6, 30), None, ""),
    ]
    assert AuditEvent.objects.filter(action="create", content_type__model="milestone").count() == 2

    again = template(coordinator)  # the export carries them, with their IDs and real dates
    rows = again.rows(TAHAPAN)
    assert [(r["ID Tahapan"], r["Urutan"], r["Tahapan"]) for r in rows] == [
        (str(stored[0].pk), "1", "M1 Pembentukan Pokja"), (str(stored[1].pk), "2", "M2 Buku Putih")]
    assert rows[0]["Rencana Selesai"].date() == dt.date(2025, 3, 31)
    unchanged = run(again, coordinator)
    assert unchanged.applied and unchanged.milestones.unchanged == 2 and unchanged.milestones.updated == 0
    again.set(TAHAPAN, 3, "Tercapai", dt.date(2025, 7, 2))  # M2 reached
    again.set(TAHAPAN, 3, "Bukti", "Dokumen Buku Putih")
    again.set(TAHAPAN, 2, "ID Tahapan", None)  # matched by its name instead
    result = run(again, coordinator)
    assert result.applied and (result.milestones.updated, result.milestones.unchanged) == (1, 1)
    m2 = Milestone.objects.get(pk=stored[1].pk)
    assert (m2.achieved_date, m2.evidence, m2.version) == (dt.date(2025, 7, 2), "Dokumen Buku Putih", 2)
    assert Milestone.objects.count() == 2


def test_milestones_of_a_new_activity_by_its_label(coordinator):
    book = template(coordinator)
    book.append(KEGIATAN, new_row(**{"ID Kegiatan": "baru-1"}))
    book.append(TAHAPAN, {"ID Kegiatan": "baru-1", "Urutan": 1, "Tahapan": "M1"})
    result = run(book, coordinator)
    assert result.applied, result.errors
    activity = Activity.objects.get(name="Penyusunan Renja")
    assert [m.name for m in activity.milestones.all()] == ["M1"]


def test_bad_milestone_rows_are_each_reported_and_nothing_is_written(coordinator, planned):
    from sinergi.planning.models import Milestone

    planned.milestones.create(order=1, name="M1")
    other = make_activity(planned.unit, budget="1000000", name="Lain", code=SUB)
    foreign = other.milestones.create(order=1, name="M1 lain")
    before = snapshot_db(), Milestone.objects.count()
    book = template(coordinator)
    book.append(TAHAPAN, {"ID Kegiatan": str(planned.pk), "Urutan": "nol", "Tahapan": "M2"})  # row 4
    book.append(TAHAPAN, {"ID Kegiatan": str(planned.pk), "Urutan": 3, "Tahapan": "M3",
                          "Rencana Selesai": "31/02/2025"})  # row 5
    book.append(TAHAPAN, {"ID Kegiatan": "tidak-ada", "Urutan": 4, "Tahapan": "M4"})  # row 6
    book.append(TAHAPAN, {"ID Tahapan": str(foreign.pk), "ID Kegiatan": str(planned.pk), "Urutan": 5,
                          "Tahapan": "M5"})  # row 7: another activity's milestone
    book.append(TAHAPAN, {"ID Kegiatan": str(planned.pk), "Urutan": 6, "Tahapan": "m1"})  # row 8: M1 again
    result = run(book, coordinator)
    assert not result.applied
    found = errors_of(result)
    for expected in [(TAHAPAN, 4, "Urutan"), (TAHAPAN, 5, "Rencana Selesai"), (TAHAPAN, 6, "ID Kegiatan"),
                     (TAHAPAN, 7, "ID Tahapan"), (TAHAPAN, 8, "Tahapan")]:
        assert expected in found, found
    assert (snapshot_db(), Milestone.objects.count()) == before


def test_a_file_without_the_milestone_sheet_is_still_read(coordinator, planned):
    """Files downloaded before the sheet existed: no milestones, everything else as before."""
    book = template(coordinator)
    del book.book[TAHAPAN]
    book.set(KEGIATAN, 2, "Nama Kegiatan", "Evaluasi RKPD 2025")
    result = run(book, coordinator)
    assert result.applied and result.activities.updated == 1, result.errors


def test_a_milestone_saved_after_the_download_makes_the_row_stale(coordinator, planned):
    milestone = planned.milestones.create(order=1, name="M1")
    book = template(coordinator)
    milestone.evidence = "SK Pokja"  # saved in Sinergi meanwhile (the services move the version)
    milestone.version += 1
    milestone.save()
    book.set(TAHAPAN, 2, "Tercapai", dt.date(2025, 4, 1))
    result = run(book, coordinator)
    assert (KEGIATAN, 2, "Versi") in errors_of(result)
    assert not result.applied
