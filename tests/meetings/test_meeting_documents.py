"""The meeting documents read back from their PDFs (issue 17): the daftar hadir and the notulen /
berita acara are Indonesian whatever the reader's language, under the organizer's kop, with the
time to the meeting's end in its zone, the place and date line, the chair's "Mengetahui" block
from the registry (a.n., NIP) and, on the daftar hadir, how each person signed in; nothing runs
off the page, and a continuation page starts with a row, not with the rest of a split one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.documents.models import Letterhead
from sinergi.extraction import drafts
from sinergi.extraction.result import MeetingReport
from sinergi.meetings import attendance, closing, documents, followups, minutes, services
from sinergi.meetings.choices import CheckinMethod, DecisionKind
from sinergi.meetings.models import Attendance, Meeting
from sinergi.regions.choices import PositionGrade
from sinergi.regions.models import Position
from tests import factories
from tests.documents import pdf_checks
from tests.meetings.conftest import WITA, make_meeting

LONG_TITLE = (
    "Rapat Koordinasi Evaluasi Pelaksanaan Program Strategis Daerah dan Percepatan Penyerapan "
    "Anggaran Triwulan III Tahun Anggaran 2024 Bersama Seluruh Perangkat Daerah"
)
ENGLISH = (*pdf_checks.ENGLISH_LABELS, "Checked in", "Signed", "Known", "Notes", "Place", "Time", "Date")


@pytest.fixture
def registry(world):
    """Kutai Timur's letterhead (place: Sangatta), the Bupati and the Sekda (IV/c, with a NIP)."""
    Letterhead.objects.create(
        government=world.kutim, government_line="PEMERINTAH KABUPATEN KUTAI TIMUR",
        head_line="BUPATI KUTAI TIMUR", place="Sangatta", address="Jalan Soekarno-Hatta, Bukit Pelangi",
        postal_code="75611", telephone="(0549) 21001")
    bupati_position = Position.objects.create(government=world.kutim, title="Bupati Kutai Timur",
                                              grade=PositionGrade.REGIONAL_HEAD, order=1)
    sekda_position = Position.objects.create(government=world.kutim, unit=world.setda,
                                             title="Sekretaris Daerah", grade=PositionGrade.JPT_MADYA,
                                             is_unit_head=True, order=10)
    bupati = factories.official(world.kutim, "Ardiansyah Sulaiman", back_title="S.Sos., M.Si.")
    sekda = factories.official(world.kutim, "Rizali Hadi", back_title="S.E., M.Si.", golongan="IV/c",
                               nip="197001011995031001")
    factories.term(bupati_position, bupati, dt.date(2021, 2, 26))
    factories.term(sekda_position, sekda, dt.date(2022, 1, 3))
    return bupati, sekda


@pytest.fixture
def busy_meeting(world, registry):
    """A long-titled rakor chaired by the Bupati through the Sekda, with 42 people present
    (long names and positions; three signed in through the QR page)."""
    bupati, sekda = registry
    meeting = make_meeting(world, title=LONG_TITLE, chair=bupati, chair_position="Bupati Kutai Timur",
                           chair_delegate=sekda, chair_delegate_position="Sekretaris Daerah")
    organizer = Actor(world.users[Role.UNIT_OPERATOR])
    meeting = services.open_meeting(organizer, meeting, expected_version=meeting.version)
    for i in range(42):
        attendance.manual_checkin(
            organizer, meeting,
            name=f"Peserta {i + 1} Bernama Sangat Panjang Sekali Dengan Gelar Lengkap Doktor Insinyur "
                 f"Magister Sains Terapan {i}" if i % 4 == 0 else f"Peserta Rapat {i + 1}",
            unit=world.kec_sangatta if i % 2 else world.bappeda,
            position="Kepala Sub Bagian Perencanaan Program, Evaluasi dan Pelaporan pada Sekretariat "
                     "Kecamatan Sangatta Utara" if i % 3 == 0 else "Staf",
        )
    first = Attendance.objects.filter(meeting=meeting).order_by("id")[:3]
    Attendance.objects.filter(pk__in=[a.pk for a in first]).update(method=CheckinMethod.QR)
    return Meeting.objects.get(pk=meeting.pk)


def test_daftar_hadir(client, world, busy_meeting):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    client.cookies["django_language"] = "en"  # the reader's page language does not matter
    response = client.get(reverse("meetings:attendance_pdf", args=[busy_meeting.pk]))
    assert response.status_code == 200
    pdf = response.content
    pages = pdf_checks.text_of(pdf)
    text = " ".join(pages)
    assert len(pages) >= 3
    # The organizer's kop (Tapem is under the Sekretariat Daerah), on the first page only.
    assert pages[0].startswith("PEMERINTAH KABUPATEN KUTAI TIMUR SEKRETARIAT DAERAH Jalan Soekarno-Hatta")
    assert "SEKRETARIAT DAERAH" not in pages[1]
    for expected in (
        "DAFTAR HADIR", "Hari/Tanggal : Selasa, 10 Desember 2024", "Waktu : 09.00 s.d. 12.00 WITA",
        "Tempat : Ruang Meranti, Lantai 2",
        "No. Nama Jabatan/Instansi Presensi Tanda Tangan", "Pindai QR", "Manual (panitia)",
        "Jumlah peserta: 42 orang",
        "Sangatta, 10 Desember 2024 Mengetahui, Pimpinan Rapat a.n. BUPATI KUTAI TIMUR SEKRETARIS DAERAH,",
        "Rizali Hadi, S.E., M.Si. Pembina Utama Muda (IV/c) NIP. 197001011995031001",
    ):
        assert expected in text, expected
    assert text.count("Pindai QR") == 3 and text.count("Manual (panitia)") == 39
    assert "Peserta 41 Bernama Sangat Panjang" in text and "42." in text
    pdf_checks.assert_no_english(pdf, ENGLISH)
    pdf_checks.assert_inside_page(pdf, margin_mm=10)
    # The header repeats on each page and the next row follows it directly (10 pt text, 4 pt
    # insets: about 15 pt between the lines; an empty split row adds 10 pt and more).
    pdf_checks.assert_rows_follow_header(pdf, "Presensi", max_gap=18)


def test_blank_daftar_hadir_and_a_chair_outside_the_registry(client, world, registry):
    # A place of three lines: without unbreakable rows the last row of page 1 was split there.
    meeting = make_meeting(world, title="Rakor Camat", chair_position="Ketua Forum Komunikasi Umat Beragama",
                           room=("Gedung Serba Guna Lantai 2 " * 8).strip()[:200],
                           ends_at=dt.datetime(2024, 12, 11, 12, 0, tzinfo=WITA))
    with translation.override("en"):
        pdf = documents.attendance_pdf(meeting, blank=True)
    text = pdf_checks.all_text(pdf)
    assert "Waktu : 09.00 WITA s.d. Rabu, 11 Desember 2024 12.00 WITA" in text
    assert "Mengetahui, Pimpinan Rapat KETUA FORUM KOMUNIKASI UMAT BERAGAMA," in text
    assert "25." in text and "Jumlah peserta: 0 orang" in text
    pdf_checks.assert_no_english(pdf, ENGLISH)
    pdf_checks.assert_inside_page(pdf, margin_mm=10)
    pdf_checks.assert_rows_follow_header(pdf, "Presensi", max_gap=18)


def test_the_chair_signs_as_registered(world, registry):
    bupati, sekda = registry
    meeting = make_meeting(world, chair=sekda, chair_position="Sekda")
    block = documents.chair_signature(meeting)
    assert block["lines"] == ["Mengetahui,", "Pimpinan Rapat", "SEKRETARIS DAERAH,"]
    assert block["nip"] == "197001011995031001"
    meeting = make_meeting(world, chair=bupati, chair_position="Bupati")
    block = documents.chair_signature(meeting)
    assert block["lines"] == ["Mengetahui,", "Pimpinan Rapat", "BUPATI KUTAI TIMUR,"] and block["nip"] == ""


def test_notulen_is_indonesian_with_kop_and_signatures(client, world, busy_meeting):
    organizer = Actor(world.users[Role.UNIT_OPERATOR])
    organizer.user.first_name, organizer.user.last_name = "Siti", "Notulis"
    organizer.user.save()
    # Minutes of a report imported before the summary was written in Indonesian.
    with translation.override("en"):
        english_minutes = "\n".join([
            "*Recorded from a published report.*", "", "Participants: 120.", "",
            "**Units and organizations**", "", "- Bappeda", "", "**Figures**", "", "- 60 persen",
            "", "**Regulations cited**", "", "- Permendagri 86/2017", "", "**Follow-ups stated**",
            "", "- Data DPT dimutakhirkan",
        ])
    meeting = minutes.save_minutes(organizer, busy_meeting, english_minutes,
                                   expected_version=busy_meeting.version)
    directive = closing.add_decision(organizer, meeting, "Camat memperbarui data DPT", DecisionKind.DIRECTIVE,
                                     "Bupati Kutai Timur")
    followups.create(organizer, meeting, "Pemutakhiran data DPT " * 8, [world.kec_sangatta, world.bappeda],
                     dt.date(2024, 12, 20), directive)
    meeting = closing.close_meeting(organizer, Meeting.objects.get(pk=meeting.pk),
                                    expected_version=Meeting.objects.get(pk=meeting.pk).version)
    client.force_login(world.users[Role.VIEWER])
    client.cookies["django_language"] = "en"
    pdf = client.get(reverse("meetings:record_pdf", args=[meeting.pk])).content
    pages = pdf_checks.text_of(pdf)
    text = " ".join(pages)
    assert pages[0].startswith("PEMERINTAH KABUPATEN KUTAI TIMUR SEKRETARIAT DAERAH")
    for expected in (
        "NOTULEN RAPAT", "Waktu : 09.00 s.d. 12.00 WITA",
        "Dicatat dari laporan yang dipublikasikan.", "Peserta: 120 orang.",
        "Unit kerja dan organisasi", "Angka yang disebut", "Peraturan yang dirujuk",
        "Tindak lanjut yang disebut", "Arahan", "20 Desember 2024",
        "Notulis,", "Siti Notulis", "Sangatta, 10 Desember 2024 Mengetahui, Pimpinan Rapat",
        "a.n. BUPATI KUTAI TIMUR SEKRETARIS DAERAH,", "NIP. 197001011995031001",
    ):
        assert expected in text, expected
    assert "DRAF" not in text
    pdf_checks.assert_no_english(pdf, ENGLISH)
    pdf_checks.assert_inside_page(pdf, margin_mm=10)


def test_a_report_summary_is_written_in_indonesian(english):
    report = MeetingReport(participant_count=80, organizations=("Bappeda",), regulations=("UU 23/2014",),
                           follow_ups=("Camat melapor",))
    summary = drafts.summary_markdown(report)
    assert "**Unit kerja dan organisasi**" in summary and "**Peraturan yang dirujuk**" in summary
    assert "Peserta: 80 orang." in summary and "Units" not in summary
    assert drafts.in_indonesian("**Follow-ups stated**\n- x") == "**Tindak lanjut yang disebut**\n- x"
    assert drafts.in_indonesian("A line about **Figures**") == "A line about **Figures**"
