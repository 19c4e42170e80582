"""Importing the nomenclature: CSV and xlsx, all-or-nothing with row/column errors, idempotent,
administrators only; the load_nomenclature command."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.core.spreadsheets import write_workbook
from sinergi.planning.choices import NomenclatureLevel
from sinergi.planning.importers import NOMENCLATURE_BOOK, import_nomenclature
from sinergi.planning.models import NomenclatureItem

# The reasons are read in English (the msgids); Indonesian is the default language.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

GOOD = """code,name
1,Urusan Pemerintahan Wajib yang Berkaitan dengan Pelayanan Dasar
1.01,Urusan Pemerintahan Bidang Pendidikan
1.01.01,Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota
1.01.01.2.01,"Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"
1.01.01.2.01.0001,Penyusunan Dokumen Perencanaan Perangkat Daerah
"""


def system() -> Actor:
    return Actor.system()


def run(text: str, actor: Actor | None = None, **kwargs):
    return import_nomenclature(text.encode("utf-8"), actor or system(), **kwargs)


def test_csv_import_derives_level_and_parent():
    result = run(GOOD)
    assert result.ok and result.applied
    assert result.created == 5
    item = NomenclatureItem.objects.get(code="1.01.01.2.01.0001")
    assert item.level == NomenclatureLevel.SUB_KEGIATAN
    assert item.parent_id == "1.01.01.2.01"
    assert NomenclatureItem.objects.get(code="1.01.01.2.01").parent_id == "1.01.01"
    assert AuditEvent.objects.filter(note__startswith="load_nomenclature: 5 created").count() == 1


def test_reimport_is_idempotent_and_renames():
    run(GOOD)
    events = AuditEvent.objects.count()
    again = run(GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert AuditEvent.objects.count() == events  # nothing written, nothing recorded
    renamed = run(GOOD.replace("Bidang Pendidikan", "Pendidikan"))
    assert (renamed.created, renamed.updated, renamed.unchanged) == (0, 1, 4)
    item = NomenclatureItem.objects.get(code="1.01")
    assert (item.name, item.version) == ("Urusan Pemerintahan Pendidikan", 2)


def test_children_may_come_before_parents_and_parents_may_be_stored():
    run("code,name\n1,U\n")
    lines = "kode;nama\n1.01.01;Program\n1.01;Bidang\n"  # Indonesian titles, semicolons
    result = run(lines)
    assert result.ok, result.errors
    assert NomenclatureItem.objects.get(code="1.01.01").parent_id == "1.01"


def test_every_bad_row_is_reported_and_nothing_is_written():
    text = """# a comment line
code,name
1,Urusan
1.1,Bidang with a one-digit code
1.01.01.2,Kegiatan without its number
1.02.01,Program whose bidang is missing
1.01,
1,Urusan again
9.01.01.3.01,Wrong level digit
"""
    result = run(text)
    assert not result.ok and not result.applied
    assert NomenclatureItem.objects.count() == 0
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(4, "code"), (5, "code"), (6, "code"), (7, "name"), (8, "code"),
                     (9, "code")}
    reasons = {e.row: e.reason for e in result.errors}
    assert "part 2 (BB)" in reasons[4]
    assert "level digit" in reasons[5]
    assert "1.02" in reasons[6] and "neither in this file nor stored" in reasons[6]
    assert "row 3" in reasons[8]
    assert "part 4 (L" in reasons[9]


def test_file_level_refusals():
    assert run("kode_baru,nama\n1,x\n").errors[0].row is None
    assert "code" in run("name\nx\n").errors[0].reason
    assert not run("code,name\n").ok
    assert not import_nomenclature(b"\xff\xfe\x00garbage", system()).ok


def test_only_administrators_import(world):
    refused = run(GOOD, Actor(world.users[Role.COORDINATOR]))
    assert not refused.ok and "administrators" in refused.errors[0].reason
    assert NomenclatureItem.objects.count() == 0
    assert run(GOOD, Actor(world.users[Role.ADMINISTRATOR])).created == 5


def test_xlsx_import():
    rows = [{"code": "1", "name": "Urusan"}, {"code": "1.01", "name": "Pendidikan"},
            {"code": "1.01.01.2.01", "name": "Kegiatan without program"}]
    data = write_workbook(NOMENCLATURE_BOOK, {"Nomenklatur": rows})
    result = import_nomenclature(data, system())
    assert [(e.row, e.column) for e in result.errors] == [(4, "code")]
    rows[2] = {"code": "1.01.01", "name": "Program"}
    result = import_nomenclature(write_workbook(NOMENCLATURE_BOOK, {"Nomenklatur": rows}), system())
    assert result.ok and result.created == 3


def test_dry_run_writes_nothing():
    result = run(GOOD, dry_run=True)
    assert result.ok and result.created == 5 and not result.applied
    assert NomenclatureItem.objects.count() == 0


def test_command(tmp_path):
    path = tmp_path / "nomenklatur.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("load_nomenclature", str(path), stdout=out)
    assert "5 were created" in out.getvalue()
    call_command("load_nomenclature", str(path), stdout=out)
    assert "0 were created, 0 updated, 5 unchanged" in out.getvalue()
    path.write_text("code,name\n1.1,bad\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("load_nomenclature", str(path), stdout=out, stderr=err)
    assert "row 2, column code" in err.getvalue()


def test_sample_command_loads_the_illustrative_extract():
    out = io.StringIO()
    call_command("load_nomenclature", "--sample", stdout=out)
    assert NomenclatureItem.objects.filter(code="1.01.01.2.01.0001",
                                           name="Penyusunan Dokumen Perencanaan Perangkat Daerah").exists()
    assert NomenclatureItem.objects.filter(level=NomenclatureLevel.SUB_KEGIATAN).count() >= 10
    assert set(NomenclatureItem.objects.filter(level="urusan").values_list("code", flat=True)) == {
        str(n) for n in range(1, 9)}
