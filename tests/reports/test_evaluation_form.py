"""The official quarterly evaluation form (Renja per unit, RKPD per government): the data
builder checked by hand (quarterly vs cumulative figures, achievement and bands at their edges,
budget-weighted subtotals, drafts left out, the signatory on the date), the xlsx (headers,
merged cells, numbers as numbers, print setup), the PDF (text, Indonesian figures, NIP,
injection-safe) and the download views' permissions."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sinergi.core.pdf import render_pdf
from sinergi.core.roles import Role
from sinergi.monitoring.achievement import Band
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.monitoring.models import RealizationOutput
from sinergi.planning.models import Indicator
from sinergi.regions.choices import Capacity, PositionGrade
from sinergi.regions.models import Position
from sinergi.reports import evaluation_form as ef
from sinergi.reports.evaluation_form import Kind
from tests.factories import official, term
from tests.monitoring.conftest import make_activity, make_targets, realization

pytestmark = pytest.mark.django_db
D = Decimal
M = D(1_000_000)
YEAR = 2025
NIP = "198001012005011001"
SEPT = dt.date(2025, 9, 15)


def _indicator(activity, name, unit, target):
    return Indicator.objects.create(activity=activity, name=name, measure_unit=unit, annual_target=D(target))


def _output(realization_row, indicator, value):
    return RealizationOutput.objects.create(realization=realization_row, indicator=indicator, value=D(value))


@pytest.fixture
def plan(world, sample):
    """Tapem (under Setda), evaluated at TW III:
    A 1.01.01.2.01.0001, Rp 100 jt, no indicator (K = physical %): TW I 20 % / 15 jt submitted,
      TW II 50 % / 45 jt verified, TW III 80 % / 70 jt still a draft (not shown).
    B 1.01.01.2.01.0007, Rp 300 jt, 4 dokumen: TW I 1 dok / 60 jt, TW II missing, TW III 3 dok /
      240 jt verified ("Hujan deras") -> 75 % (Sedang).
    C 1.01.01.2.02.0001, Rp 100 jt, two indicators of target 100: TW III 91 (Sangat Tinggi, the
      edge) and 75.99 (Sedang, just under Tinggi), 50 jt -> mean 83.495 % (Tinggi).
    Bappeda E 1.02.01.2.01.0001, Rp 200 jt: only a draft (90 %) -> 0 %.
    Mimika: one activity (another government)."""
    a = make_activity(world.tapem, budget="100000000")
    make_targets(a, ("25", "20000000"), ("50", "50000000"), ("75", "75000000"), ("100", "100000000"))
    realization(a, 1, "20", "15000000", status=S.SUBMITTED)
    realization(a, 2, "50", "45000000", status=S.VERIFIED)
    realization(a, 3, "80", "70000000", status=S.DRAFT, problems="draft kendala")
    b = make_activity(world.tapem, code="1.01.01.2.01.0007", budget="300000000")
    dok = _indicator(b, "Jumlah dokumen evaluasi kinerja", "dokumen", "4")
    _output(realization(b, 1, "10", "60000000", status=S.SUBMITTED), dok, "1")
    _output(realization(b, 3, "70", "240000000", status=S.VERIFIED, problems="Hujan deras"), dok, "3")
    c = make_activity(world.tapem, code="1.01.01.2.02.0001", budget="100000000")
    i1 = _indicator(c, "ASN yang menerima gaji", "orang", "100")
    i2 = _indicator(c, "Laporan gaji tepat waktu", "%", "100")
    r = realization(c, 3, "75", "50000000", status=S.SUBMITTED)
    _output(r, i1, "91")
    _output(r, i2, "75.99")
    e = make_activity(world.bappeda, code="1.02.01.2.01.0001", budget="200000000")
    realization(e, 3, "90", "100000000", status=S.DRAFT)
    make_activity(world.mimika_tapem, budget="999000000")
    return {"a": a, "b": b, "c": c, "e": e, "dok": dok}


@pytest.fixture
def head_position(world):
    """Kepala Bagian Tata Pemerintahan: Drs. Andi Wijaya, M.Si. until 30 Sept 2025, then Plt.
    Budi Santoso (no NIP recorded)."""
    position = Position.objects.create(government=world.kutim, unit=world.tapem,
                                       title="Kepala Bagian Tata Pemerintahan", is_unit_head=True)
    andi = official(world.kutim, "Andi Wijaya", front_title="Drs.", back_title="M.Si.", nip=NIP)
    budi = official(world.kutim, "Budi Santoso")
    term(position, andi, dt.date(2025, 1, 1), dt.date(2025, 9, 30))
    term(position, budi, dt.date(2025, 10, 1), capacity=Capacity.PLT)
    return position


def _by_code(form):
    return {(line.kind, line.code): line for line in form.lines}


# ---------------------------------------------------------------------------- data builder


def test_renja_lines_by_hand(world, plan, head_position):
    form = ef.renja_form(world.tapem, YEAR, 3, day=SEPT)
    assert form.title == ("EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH BAGIAN TATA PEMERINTAHAN "
                          "KABUPATEN KUTAI TIMUR TRIWULAN III TAHUN 2025")
    assert [(line.kind, line.code) for line in form.lines] == [
        (Kind.URUSAN, "1"), (Kind.BIDANG, "1.01"), (Kind.PROGRAM, "1.01.01"),
        (Kind.KEGIATAN, "1.01.01.2.01"), (Kind.SUB_KEGIATAN, "1.01.01.2.01.0001"),
        (Kind.SUB_KEGIATAN, "1.01.01.2.01.0007"), (Kind.KEGIATAN, "1.01.01.2.02"),
        (Kind.SUB_KEGIATAN, "1.01.01.2.02.0001"), (Kind.INDICATOR, ""), (Kind.INDICATOR, ""),
    ]
    lines = _by_code(form)
    a = lines[(Kind.SUB_KEGIATAN, "1.01.01.2.01.0001")]
    # Cumulative 20 -> 50: the quarters show 20 and 30; the TW III draft is not shown.
    assert (a.indicator, a.measure_unit, a.target_k) == (ef.PHYSICAL_INDICATOR, "%", D(100))
    assert a.quarter_k == [D(20), D(30), None, None]
    assert a.quarter_rp == [15 * M, 30 * M, None, None]
    assert (a.cumulative_k, a.cumulative_rp) == (D(50), 45 * M)
    assert (a.achievement_k, a.achievement_rp, a.band) == (D(50), D(45), Band.SANGAT_RENDAH)
    assert a.notes == "Triwulan III belum dilaporkan" and a.number == 1
    assert a.unit == "Bagian Tata Pemerintahan"
    b = lines[(Kind.SUB_KEGIATAN, "1.01.01.2.01.0007")]
    # TW II missing: blank, and TW III's gain (3 - 1 = 2 dok, 240 - 60 jt) covers the gap.
    assert (b.indicator, b.measure_unit, b.target_k) == ("Jumlah dokumen evaluasi kinerja", "dokumen", D(4))
    assert b.quarter_k == [D(1), None, D(2), None]
    assert b.quarter_rp == [60 * M, None, 180 * M, None]
    assert (b.cumulative_k, b.cumulative_rp) == (D(3), 240 * M)
    assert (b.achievement_k, b.achievement_rp, b.band) == (D(75), D(80), Band.SEDANG)
    assert b.notes == "Hujan deras"
    c = lines[(Kind.SUB_KEGIATAN, "1.01.01.2.02.0001")]
    first, second = form.lines[-2:]
    assert (first.achievement_k, first.band) == (D(91), Band.SANGAT_TINGGI)  # the lower edge
    assert (second.achievement_k, second.band) == (D("75.99"), Band.SEDANG)  # just under Tinggi
    assert (first.indicator, first.measure_unit, first.cumulative_k) == (
        "ASN yang menerima gaji", "orang", D(91))
    assert c.achievement_k == D("83.495") and c.band == Band.TINGGI
    assert c.indicator == "" and c.cumulative_rp == 50 * M


def test_subtotals_are_budget_weighted(world, plan):
    form = ef.renja_form(world.tapem, YEAR, 3, day=SEPT)
    lines = _by_code(form)
    kegiatan = lines[(Kind.KEGIATAN, "1.01.01.2.01")]
    # K: (100 jt x 50 % + 300 jt x 75 %) / 400 jt = 68.75 %; Rp: (45 + 240) / 400 jt = 71.25 %.
    assert kegiatan.achievement_k == D("68.75") and kegiatan.band == Band.SEDANG
    assert (kegiatan.target_rp, kegiatan.cumulative_rp) == (400 * M, 285 * M)
    assert kegiatan.achievement_rp == D("71.25")
    assert kegiatan.quarter_rp == [75 * M, 30 * M, 180 * M, None]
    assert kegiatan.target_k is None and kegiatan.cumulative_k is None  # units of measure differ
    program = lines[(Kind.PROGRAM, "1.01.01")]
    # + C (100 jt x 83.495 %): 35,849.5 / 500 = 71.699 % -> shown 71,70 %.
    assert program.achievement_k == D("71.699")
    assert (program.target_rp, program.cumulative_rp, program.achievement_rp) == (500 * M, 335 * M, D(67))
    urusan = lines[(Kind.URUSAN, "1")]
    assert urusan.achievement_k is None and urusan.target_rp is None  # a heading
    assert form.total.achievement_k == program.achievement_k and form.average == D("71.699")
    assert form.band == Band.SEDANG
    assert ef.closing_rows(form)[:2] == [("Rata-rata capaian kinerja (%)", "71,70"),
                                         ("Predikat kinerja", "Sedang")]


def test_earlier_quarter_and_drafts(world, plan):
    form = ef.renja_form(world.tapem, YEAR, 1, day=SEPT)
    a = _by_code(form)[(Kind.SUB_KEGIATAN, "1.01.01.2.01.0001")]
    assert a.quarter_k == [D(20), None, None, None] and a.cumulative_rp == 15 * M
    assert a.achievement_k == D(20) and a.notes == ""
    c = _by_code(form)[(Kind.SUB_KEGIATAN, "1.01.01.2.02.0001")]
    assert c.achievement_k == 0 and c.cumulative_rp == 0  # nothing reported counts as 0


def test_rkpd_covers_the_government_and_respects_scope(world, plan):
    form = ef.rkpd_form(world.kutim, YEAR, 3, day=SEPT)
    assert form.title == "EVALUASI TERHADAP HASIL RKPD KABUPATEN KUTAI TIMUR TRIWULAN III TAHUN 2025"
    e = _by_code(form)[(Kind.SUB_KEGIATAN, "1.02.01.2.01.0001")]
    assert e.unit == "Badan Perencanaan Pembangunan Daerah"
    assert (e.achievement_k, e.cumulative_rp) == (D(0), D(0))  # its draft does not count
    assert form.total.target_rp == 700 * M  # Mimika is another government
    assert round(form.average, 4) == D("51.2136")  # 35,849.5 / 700
    assert form.band == Band.RENDAH
    assert [line.number for line in form.lines if line.number] == [1, 2, 3, 4]
    head = world.users[Role.UNIT_HEAD]  # Setda's subtree: no Bappeda activity
    scoped_form = ef.rkpd_form(world.kutim, YEAR, 3, user=head, day=SEPT)
    assert (Kind.SUB_KEGIATAN, "1.02.01.2.01.0001") not in _by_code(scoped_form)
    assert scoped_form.total.target_rp == 500 * M
    setda = ef.renja_form(world.setda, YEAR, 3, day=SEPT)  # Setda's Renja holds its Bagian's lines
    assert setda.total.target_rp == 500 * M


def test_signatory_on_the_date(world, plan, head_position):
    sig = ef.renja_form(world.tapem, YEAR, 3, day=SEPT).signature
    assert (sig.title, sig.name, sig.nip) == (
        "Kepala Bagian Tata Pemerintahan", "Drs. Andi Wijaya, M.Si.", "19800101 200501 1 001")
    assert sig.place_date == "Kutai Timur, 15 September 2025"
    later = ef.renja_form(world.tapem, YEAR, 3, day=dt.date(2025, 10, 10)).signature
    assert (later.title, later.name, later.nip) == (
        "Plt. Kepala Bagian Tata Pemerintahan", "Budi Santoso", "")
    before = ef.renja_form(world.tapem, YEAR, 3, day=dt.date(2024, 12, 31), place="Sangatta").signature
    assert (before.title, before.name, before.nip) == ("Kepala Bagian Tata Pemerintahan", "", "")
    assert before.place_date == "Sangatta, 31 Desember 2024"


def test_signatory_without_a_position_and_for_the_rkpd(world, plan):
    sig = ef.renja_form(world.bappeda, YEAR, 3, day=SEPT).signature
    assert (sig.title, sig.name, sig.nip) == ("Kepala Badan Perencanaan Pembangunan Daerah", "", "")
    bupati = Position.objects.create(government=world.kutim, title="Bupati Kutai Timur",
                                     grade=PositionGrade.REGIONAL_HEAD, order=1)
    term(bupati, official(world.kutim, "Ardiansyah Sulaiman"), dt.date(2021, 2, 26))
    assert ef.rkpd_form(world.kutim, YEAR, 3, day=SEPT).signature.name == "Ardiansyah Sulaiman"
    kepala = Position.objects.create(government=world.kutim, unit=world.bappeda, is_unit_head=True,
                                     title="Kepala Badan Perencanaan Pembangunan Daerah")
    term(kepala, official(world.kutim, "Sri Wahyuni", nip="197505052000032002"), dt.date(2024, 1, 1))
    sig = ef.rkpd_form(world.kutim, YEAR, 3, day=SEPT).signature
    assert (sig.title, sig.name, sig.nip) == (
        "Kepala Badan Perencanaan Pembangunan Daerah", "Sri Wahyuni", "19750505 200003 2 002")


@pytest.fixture
def planning_head(world):
    """Kepala Bappeda Kutai Timur: Sri Wahyuni."""
    kepala = Position.objects.create(government=world.kutim, unit=world.bappeda, is_unit_head=True,
                                     title="Kepala Badan Perencanaan Pembangunan Daerah")
    term(kepala, official(world.kutim, "Sri Wahyuni", nip="197505052000032002"), dt.date(2024, 1, 1))
    return kepala


def test_renja_evaluator_without_a_planning_agency_head_is_left_to_fill_in(world, plan, head_position):
    form = ef.renja_form(world.tapem, YEAR, 3, day=SEPT)
    assert form.signature.caption == "Disusun oleh,"
    counter = form.countersignature  # nobody heads Bappeda: a block to fill in by hand
    assert (counter.caption, counter.title, counter.name, counter.nip) == (
        "Dievaluasi oleh,", "Kepala Bappeda", "", "")


def test_renja_is_prepared_by_the_unit_and_evaluated_by_the_planning_agency(world, plan, head_position,
                                                                           planning_head):
    counter = ef.renja_form(world.tapem, YEAR, 3, day=SEPT).countersignature
    assert (counter.title, counter.name, counter.nip) == (
        "Kepala Badan Perencanaan Pembangunan Daerah", "Sri Wahyuni", "19750505 200003 2 002")
    own = ef.renja_form(world.bappeda, YEAR, 3, day=SEPT)  # Bappeda does not evaluate itself twice
    assert own.signature.name == "Sri Wahyuni" and own.countersignature is None


def test_rkpd_is_prepared_by_the_planning_agency_and_acknowledged_by_the_regional_head(world, plan,
                                                                                      planning_head):
    form = ef.rkpd_form(world.kutim, YEAR, 3, day=SEPT)
    assert (form.signature.caption, form.signature.name) == ("Disusun oleh,", "Sri Wahyuni")
    assert (form.countersignature.caption, form.countersignature.title, form.countersignature.name) == (
        "Mengetahui,", "Bupati Kutai Timur", "")
    bupati = Position.objects.create(government=world.kutim, title="Bupati Kutai Timur",
                                     grade=PositionGrade.REGIONAL_HEAD, order=1)
    term(bupati, official(world.kutim, "Ardiansyah Sulaiman"), dt.date(2021, 2, 26))
    assert ef.rkpd_form(world.kutim, YEAR, 3, day=SEPT).countersignature.name == "Ardiansyah Sulaiman"
    planning_head.terms.all().delete()  # without a planning agency the Bupati signs alone
    planning_head.delete()
    form = ef.rkpd_form(world.kutim, YEAR, 3, day=SEPT)
    assert form.signature.name == "Ardiansyah Sulaiman" and form.countersignature is None


def test_both_signatures_are_printed_side_by_side(world, plan, head_position, planning_head):
    form = ef.renja_form(world.tapem, YEAR, 3, day=SEPT)
    sheet = load_workbook(io.BytesIO(ef.write_xlsx(form))).active
    cells = {sheet.cell(r, c).value: (r, c) for r in range(1, sheet.max_row + 1)
             for c in range(1, sheet.max_column + 1) if sheet.cell(r, c).value}
    prepared, evaluated = cells["Disusun oleh,"], cells["Dievaluasi oleh,"]
    assert prepared[0] == evaluated[0] and evaluated[1] < prepared[1]  # the evaluator on the left
    assert cells["Sri Wahyuni"][0] == cells["Drs. Andi Wijaya, M.Si."][0]  # names on one line
    assert cells["NIP. 19750505 200003 2 002"][0] == cells["NIP. 19800101 200501 1 001"][0]
    text = _text(ef.render_form_pdf(form))
    for part in ("Disusun oleh,", "Dievaluasi oleh,", "Sri Wahyuni", "19750505 200003 2 002",
                 "Drs. Andi Wijaya, M.Si."):
        assert part in text, part


def test_query_count_does_not_grow_with_the_activities(world, plan, head_position):
    def count():
        with CaptureQueriesContext(connection) as queries:
            ef.renja_form(world.tapem, YEAR, 3, day=SEPT, user=world.users[Role.UNIT_OPERATOR])
        return len(queries)

    count()  # the user's scope is loaded once and cached
    before = count()
    for code in ("1.01.01.2.01.0002", "1.01.01.2.01.0003", "1.02.01.2.01.0001"):
        activity = make_activity(world.tapem, code=code)
        _indicator(activity, "Dokumen", "dokumen", "1")
        realization(activity, 3, "50", "1000000", status=S.SUBMITTED)
    assert count() == before


def test_indonesian_number_formats():
    assert ef.number(D("1234567.5")) == "1.234.568"
    assert ef.number(D("85.5"), 2) == "85,50"
    assert ef.percent_number(D("90.995")) == "91,00"
    assert ef.k_number(D("4")) == "4" and ef.k_number(D("2.5")) == "2,50"
    assert ef.number(None) == "" and ef.grouped_nip(None) == ""


# ---------------------------------------------------------------------------- xlsx


def test_xlsx(world, plan, head_position):
    plan["b"].realizations.filter(quarter=3).update(problems='=HYPERLINK("http://x","klik")')
    form = ef.renja_form(world.tapem, YEAR, 3, day=SEPT)
    sheet = load_workbook(io.BytesIO(ef.write_xlsx(form))).active
    assert [sheet.cell(i, 1).value for i in (1, 2, 3)] == form.title_lines
    top = len(form.title_lines) + 2
    assert sheet.cell(top, 1).value == "No"
    assert sheet.cell(top, 8).value == "Realisasi Kinerja dan Anggaran pada Triwulan"
    assert sheet.cell(top + 1, 12).value == "III"
    assert [sheet.cell(top + 2, c).value for c in (6, 7)] == ["K", "Rp"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {f"A{top}:A{top + 2}", f"H{top}:O{top}", f"L{top + 1}:M{top + 1}", f"F{top}:G{top + 1}",
            "A1:V1"} <= merged
    rows = {sheet.cell(r, 2).value: r for r in range(top + 4, sheet.max_row + 1) if sheet.cell(r, 2).value}
    b = rows["1.01.01.2.01.0007"]
    assert sheet.cell(b, 7).value == 300_000_000 and sheet.cell(b, 17).value == 240_000_000
    assert sheet.cell(b, 14).value is None  # TW II not reported: blank
    assert sheet.cell(b, 18).value == 75 and sheet.cell(b, 20).value == "Sedang"
    assert sheet.cell(b, 22).value == '=HYPERLINK("http://x","klik")'
    assert sheet.cell(b, 22).data_type == "s"  # text, never a formula
    assert sheet.cell(b, 17).number_format == "#,##0" and sheet.cell(b, 18).number_format == "0.00"
    assert isinstance(sheet.cell(b, 17).value, int | float)
    program = rows["1.01.01"]
    assert sheet.cell(program, 18).value == pytest.approx(71.7)
    total = next(r for r in range(top + 4, sheet.max_row + 1) if sheet.cell(r, 3).value == "Jumlah")
    assert sheet.cell(total, 7).value == 500_000_000
    values = [sheet.cell(r, c).value for r in range(total + 1, sheet.max_row + 1) for c in (1, 6, 17)]
    assert "Rata-rata capaian kinerja (%)" in values and "Sedang" in values
    assert "Drs. Andi Wijaya, M.Si." in values and "NIP. 19800101 200501 1 001" in values
    assert "Kutai Timur, 15 September 2025" in values
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${top}:${top + 3}"
    assert sheet.freeze_panes == f"D{top + 4}"
    # Each body cell has its column's style (copied from the column's first cell): thin borders,
    # numbers right-aligned with their format, text wrapped, group and total rows bold.
    lines = [*form.lines, form.total]
    assert total == top + 4 + len(lines) - 1
    assert sheet.cell(program, 17).font.bold and not sheet.cell(b, 17).font.bold
    for r, line in enumerate(lines, start=top + 4):
        for c in (3, 17):
            cell = sheet.cell(r, c)
            assert cell.border.left.style == cell.border.bottom.style == "thin"
            assert cell.alignment.vertical == "top"
            assert cell.font.bold == (line.kind in (*ef.GROUP_KINDS, ef.Kind.TOTAL))
        assert sheet.cell(r, 17).number_format == "#,##0"
        assert sheet.cell(r, 17).alignment.horizontal == "right"
        assert sheet.cell(r, 3).alignment.wrap_text and sheet.cell(r, 3).number_format == "General"


# ---------------------------------------------------------------------------- pdf


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_text_figures_signatory_and_injection(world, plan, head_position):
    hostile = 'Bagian #panic("x") ] $y$ *Tata* // Pemerintahan'
    world.tapem.name = hostile
    world.tapem.save()
    form = ef.renja_form(world.tapem, YEAR, 3, day=SEPT)
    pdf = ef.render_form_pdf(form)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert 'BAGIAN #PANIC("X") ] $Y$ *TATA* // PEMERINTAHAN KABUPATEN KUTAI TIMUR' in text
    for figure in ("240.000.000", "300.000.000", "71,70", "75,00", "Sangat Tinggi", "Sedang",
                   "Hujan deras", "19800101 200501 1 001", "Drs. Andi Wijaya, M.Si.",
                   "Kutai Timur, 15 September 2025", "TRIWULAN III TAHUN 2025", "Halaman 1 dari"):
        assert figure in text, figure
    assert "draft kendala" not in text
    assert ef.render_form_pdf(form) == pdf  # deterministic


def test_pdf_repeats_the_table_header_on_every_page(world, plan):
    form = ef.renja_form(world.tapem, YEAR, 3, day=SEPT)
    data = ef.pdf_data(form)
    data["rows"] = data["rows"] * 9  # 99 rows: several pages
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(render_pdf(ef.TEMPLATE, data))).pages
    assert len(pages) >= 3
    assert "Realisasi Kinerja dan Anggaran pada Triwulan" in pages[-2].extract_text()
    for n, page in enumerate(pages, start=1):
        text = page.extract_text()
        if "1.01.01.2.01.0001" in text:  # a page of the table (the last may hold only the closing)
            assert "Realisasi Kinerja dan Anggaran pada Triwulan" in text
        assert f"Halaman {n} dari {len(pages)}" in text
        assert (n > 1) == ("EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH BAGIAN" in text.split("\n")[0])


def test_render_pdf_refuses_names_outside_the_templates():
    for name in ("../settings.typ", "/etc/passwd.typ", "monitoring/entry.html"):
        with pytest.raises(ValueError, match="not a template name"):
            render_pdf(name, {})
    with pytest.raises(FileNotFoundError):
        render_pdf("monitoring/none.typ", {})


# ---------------------------------------------------------------------------- views

# (role, form, target, status): in = Tapem / Kutai Timur, out = Mimika.
MATRIX = [
    (Role.ADMINISTRATOR, "renja", "in", 200), (Role.ADMINISTRATOR, "renja", "out", 200),
    (Role.COORDINATOR, "renja", "in", 200), (Role.COORDINATOR, "renja", "out", 404),
    (Role.UNIT_HEAD, "renja", "in", 200), (Role.UNIT_HEAD, "renja", "out", 404),
    (Role.UNIT_OPERATOR, "renja", "in", 200), (Role.UNIT_OPERATOR, "renja", "out", 404),
    (Role.VIEWER, "renja", "in", 404), (Role.VIEWER, "renja", "own", 200),
    (None, "renja", "in", 302),
    (Role.ADMINISTRATOR, "rkpd", "out", 200), (Role.COORDINATOR, "rkpd", "in", 200),
    (Role.COORDINATOR, "rkpd", "out", 404), (Role.UNIT_OPERATOR, "rkpd", "in", 200),
    (Role.UNIT_OPERATOR, "rkpd", "out", 404), (Role.VIEWER, "rkpd", "in", 200),
    (Role.VIEWER, "rkpd", "out", 404), (None, "rkpd", "in", 302),
]


def _url(world, form, target, fmt="xlsx", quarter=3):
    if form == "renja":
        unit = {"in": world.tapem, "out": world.mimika_tapem, "own": world.kec_sangatta}[target]
        return reverse("reports:renja_form", args=[unit.pk, YEAR, quarter, fmt])
    government = world.kutim if target == "in" else world.mimika
    return reverse("reports:rkpd_form", args=[government.pk, YEAR, quarter, fmt])


@pytest.mark.parametrize(("role", "form", "target", "status"), MATRIX)
def test_download_permissions(client, world, plan, role, form, target, status):
    if role:
        client.force_login(world.users[role])
    response = client.get(_url(world, form, target))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_download_names_and_options(client, world, plan, head_position):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.get(_url(world, "renja", "in") + "?date=2024-12-31&place=Sangatta")
    assert response["Content-Disposition"] == 'attachment; filename="evaluasi-renja-tapem-2025-tw3.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {sheet.cell(r, c).value for r in range(1, sheet.max_row + 1) for c in (17,)}
    assert "Sangatta, 31 Desember 2024" in cells
    assert client.get(_url(world, "renja", "in") + "?date=31-12-2024").status_code == 400
    assert client.get(_url(world, "renja", "in", quarter=5)).status_code == 404
    assert client.get(_url(world, "renja", "in", fmt="docx")).status_code == 404
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(_url(world, "rkpd", "in", fmt="pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evaluasi-rkpd-64.08-2025-tw3.pdf"'
    assert response.content.startswith(b"%PDF")


def test_pages_link_to_the_forms(client, world, plan):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    entry = client.get(reverse("monitoring:entry", args=[world.tapem.pk, YEAR, 3])).content.decode()
    assert _url(world, "renja", "in") in entry and _url(world, "renja", "in", fmt="pdf") in entry
    summary = client.get(reverse("monitoring:summary"), {"government": world.kutim.pk, "year": YEAR,
                                                         "quarter": 3}).content.decode()
    assert _url(world, "rkpd", "in") in summary and _url(world, "rkpd", "in", fmt="pdf") in summary
