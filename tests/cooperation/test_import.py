"""The registry sheet in and out: all or nothing, every bad row reported, idempotent, region
names matched to their codes (ambiguous and unknown names reported on their row)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from sinergi.cooperation.choices import DocumentKind, Stage
from sinergi.cooperation.importers import SHEET, export_registry, import_registry, template
from sinergi.cooperation.models import Agreement, Document, Partner, ThirdParty
from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from tests import factories

HEADER = [
    "ID Sinergi",
    "Judul",
    "Jenis",
    "Mitra",
    "Jenis Mitra",
    "Objek/Urusan",
    "SKPD Penanggung Jawab",
    "Nomor KB (kita)",
    "Nomor KB (mitra)",
    "Tanggal KB",
    "Nomor PKS (kita)",
    "Nomor PKS (mitra)",
    "Tanggal PKS",
    "Mulai Berlaku",
    "Berakhir",
    "Nilai (Rp)",
    "Sumber Dana",
    "Perlu Persetujuan DPRD",
    "Tanggal Persetujuan DPRD",
    "Keterangan",
]


def workbook(rows: list[dict]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template()))
    sheet = book[SHEET]
    for row in rows:
        sheet.append([row.get(title, "") for title in HEADER])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_rows(world) -> list[dict]:
    return [
        {
            "Judul": "Pengelolaan Sampah Regional",
            "Jenis": "With another region, voluntary",
            "Mitra": "Kota Bontang; Kukar",
            "SKPD Penanggung Jawab": "TAPEM",
            "Nomor KB (kita)": "415.4/01/KSD/2024",
            "Nomor KB (mitra)": "180/12/HK/2024",
            "Tanggal KB": dt.date(2024, 2, 1),
            "Mulai Berlaku": dt.date(2024, 3, 1),
            "Berakhir": dt.date(2027, 2, 28),
            "Nilai (Rp)": 1_500_000_000,
            "Perlu Persetujuan DPRD": "Tidak",
        },
        {
            "Judul": "Beasiswa Mahasiswa Daerah",
            "Jenis": "third_party",
            "Mitra": "Universitas Mulawarman",
            "Jenis Mitra": "university",
            "SKPD Penanggung Jawab": "Badan Perencanaan Pembangunan Daerah",
            "Nomor PKS (kita)": "PKS/07/2025",
            "Tanggal PKS": dt.date(2025, 1, 15),
            "Nilai (Rp)": "Rp 750.000.000",
        },
    ]


def test_import_creates_agreements_partners_documents_and_is_idempotent(world):
    actor = Actor(world.users[Role.COORDINATOR])
    result = import_registry(workbook(good_rows(world)), actor, world.kutim)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 0)
    waste = Agreement.objects.get(title="Pengelolaan Sampah Regional")
    assert sorted(p.region.name for p in Partner.objects.filter(agreement=waste)) == [
        "Kabupaten Kutai Kartanegara",
        "Kota Bontang",
    ]
    mou = Document.objects.get(agreement=waste, kind=DocumentKind.MOU)
    assert {(n.is_own, n.number) for n in mou.numbers.all()} == {
        (True, "415.4/01/KSD/2024"),
        (False, "180/12/HK/2024"),
    }
    assert waste.stages.get(stage=Stage.MOU_SIGNED).reached_on == dt.date(2024, 2, 1)
    assert ThirdParty.objects.get(name="Universitas Mulawarman").kind == "university"
    scholarship = Agreement.objects.get(title="Beasiswa Mahasiswa Daerah")
    assert scholarship.value == 750_000_000 and list(scholarship.responsible_units.all()) == [world.bappeda]
    events = AuditEvent.objects.count()
    again = import_registry(workbook(good_rows(world)), actor, world.kutim)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert AuditEvent.objects.count() == events
    # The export reads back as the same registry.
    exported = export_registry(Agreement.objects.filter(government=world.kutim))
    assert import_registry(exported, actor, world.kutim).unchanged == 2


def test_a_changed_document_number_is_updated(world):
    """A document number has no version: the re-import that changes one updates it (it used to
    fail with a TypeError, found by the killed-import measure, tests/killing)."""
    actor = Actor(world.users[Role.COORDINATOR])
    assert import_registry(workbook(good_rows(world)), actor, world.kutim).ok
    rows = good_rows(world)
    rows[0]["Nomor KB (mitra)"] = "180/12/HK/2024-rev"
    result = import_registry(workbook(rows), actor, world.kutim)
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 1, 1), result.errors
    mou = Document.objects.get(agreement__title="Pengelolaan Sampah Regional", kind=DocumentKind.MOU)
    number = mou.numbers.get(is_own=False)
    assert number.number == "180/12/HK/2024-rev"
    event = AuditEvent.objects.filter(object_id=str(number.pk), action="update").get()
    assert (event.before["number"], event.after["number"]) == ("180/12/HK/2024", "180/12/HK/2024-rev")


def test_every_bad_row_is_reported_and_nothing_is_saved(world):
    rows = [
        *good_rows(world),
        {
            "Judul": "Air Bersih",
            "Jenis": "region_voluntary",
            "Mitra": "Bogor",
            "SKPD Penanggung Jawab": "TAPEM",
        },
        {
            "Judul": "Jalan Poros",
            "Jenis": "region_voluntary",
            "Mitra": "Kabupaten Atlantis",
            "SKPD Penanggung Jawab": "NOPE",
        },
        {
            "Judul": "Pengelolaan Sampah Regional",
            "Jenis": "region_voluntary",
            "Mitra": "Kota Bontang",
            "SKPD Penanggung Jawab": "TAPEM",
        },
        {
            "Judul": "Mundur",
            "Jenis": "third_party",
            "Mitra": "PT Contoh",
            "SKPD Penanggung Jawab": "TAPEM",
            "Mulai Berlaku": dt.date(2025, 1, 1),
            "Berakhir": dt.date(2024, 1, 1),
            "Nilai (Rp)": "banyak",
        },
    ]
    result = import_registry(workbook(rows), Actor(world.users[Role.COORDINATOR]), world.kutim)
    assert not result.ok
    by_row = {}
    for error in result.errors:
        by_row.setdefault(error.row, []).append((error.column, error.reason))
    assert any("bermakna ganda" in reason for _c, reason in by_row[4])  # Bogor: kabupaten or kota
    assert {c for c, _r in by_row[5]} == {"Mitra", "SKPD Penanggung Jawab"}
    assert by_row[6][0][0] == "Judul"  # the same agreement twice
    assert {c for c, _r in by_row[7]} >= {"Berakhir", "Nilai (Rp)", "Jenis Mitra"}
    assert not Agreement.objects.exists()


def test_a_unit_records_only_its_own_agreements(world):
    operator = world.users[Role.UNIT_OPERATOR]  # Tapem
    result = import_registry(workbook(good_rows(world)), Actor(operator), world.kutim)
    assert not result.ok
    assert [e.row for e in result.errors] == [3]  # the Bappeda row
    ok = import_registry(workbook(good_rows(world)[:1]), Actor(operator), world.kutim)
    assert ok.ok and ok.created == 1
    viewer = factories.user("viewer2", Role.VIEWER, [world.tapem])
    assert not import_registry(workbook(good_rows(world)[:1]), Actor(viewer), world.kutim).ok
