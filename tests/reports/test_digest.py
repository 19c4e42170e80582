"""The weekly digest for leaders (reports.digest): what it holds for one government's week
(units lagging, follow-up lines overdue by unit, the week's meetings judged in the government's
own zone, agreements due for renewal), its WhatsApp text (and the wa.me link it travels in), and
the one-page PDF whatever the number of rows."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from sinergi.core.contacts import whatsapp_link
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import followups
from sinergi.meetings.choices import MeetingStatus
from sinergi.meetings.models import Meeting
from sinergi.monitoring.achievement import Band
from sinergi.monitoring.choices import RealizationStatus
from sinergi.reports.digest import (
    Digest,
    LaggingUnit,
    OverdueUnit,
    Period,
    Renewal,
    WeekMeeting,
    digest_for,
    digest_pdf,
    digest_text,
    week_of,
)
from tests import factories
from tests.cooperation.test_evaluation import agreement
from tests.monitoring.conftest import make_targets, open_period, realization
from tests.planning.conftest import make_activity

WITA, WIT, WIB = ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura"), ZoneInfo("Asia/Jakarta")
TODAY = dt.date(2025, 12, 10)  # a Wednesday; the week is 8-14 December 2025 (W50)
TARGETS = (("25", "25000000"), ("50", "50000000"), ("75", "75000000"), ("100", "100000000"))


def activity(unit, name: str, *, targets=True):
    a = make_activity(unit, name=name)
    if targets:
        make_targets(a, *TARGETS)
    return a


def meeting(government, organizer, title: str, starts: dt.datetime, zone: str, **extra) -> Meeting:
    m = Meeting(government=government, organizer=organizer, title=title, starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2), time_zone=zone, **extra)
    m.full_clean()
    m.save()
    return m


@pytest.fixture
def kutim_week(world, sample):
    """Kutai Timur (WITA) on Wednesday 10 December 2025, TW IV 2025 open."""
    open_period(world.kutim, 4, year=2025, deadline=dt.date(2026, 1, 10))
    # Tapem reported everything but far behind its plan (30 of 100 %): Sangat Rendah.
    realization(activity(world.tapem, "Tapem A"), 4, physical="30", financial="30000000",
                status=RealizationStatus.VERIFIED)
    # Setda reported everything, on plan.
    realization(activity(world.setda, "Setda A"), 4, physical="100", financial="90000000",
                status=RealizationStatus.SUBMITTED)
    # Bappeda reported nothing (a draft is not a report).
    realization(activity(world.bappeda, "Bappeda A"), 4, physical="100", financial="1000000",
                status=RealizationStatus.DRAFT)
    # The kecamatan reported one of its two activities, on plan.
    realization(activity(world.kec_sangatta, "Kec A"), 4, physical="100", financial="90000000",
                status=RealizationStatus.SUBMITTED)
    activity(world.kec_sangatta, "Kec B")
    # Follow-up lines: two overdue for the kecamatan, one for Bappeda, one not due yet.
    organizer = Actor(world.users[Role.UNIT_OPERATOR])
    rakor = meeting(world.kutim, world.tapem, "Rakor November",
                    dt.datetime(2025, 10, 20, 9, tzinfo=WITA), "Asia/Makassar")
    followups.create(organizer, rakor, "Data DPT", [world.kec_sangatta, world.bappeda], dt.date(2025, 11, 1))
    followups.create(organizer, rakor, "Laporan pos batas", [world.kec_sangatta], dt.date(2025, 11, 20))
    followups.create(organizer, rakor, "Masih lama", [world.kec_sangatta], dt.date(2025, 12, 20))
    # Meetings: Monday 8 December 00.30 WITA is this week; Sunday 7 December 23.30 WITA is not;
    # a cancelled one is left out.
    meeting(world.kutim, world.tapem, "Rakor Evaluasi TW IV", dt.datetime(2025, 12, 8, 0, 30, tzinfo=WITA),
            "Asia/Makassar", venue="Ruang Meranti", room="Lantai 2")
    meeting(world.kutim, world.tapem, "Rapat pekan lalu", dt.datetime(2025, 12, 7, 23, 30, tzinfo=WITA),
            "Asia/Makassar")
    meeting(world.kutim, world.tapem, "Rapat batal", dt.datetime(2025, 12, 9, 9, tzinfo=WITA),
            "Asia/Makassar", status=MeetingStatus.CANCELLED)
    # Agreements: one ends within the six-month window, one later, one ended.
    agreement(world, "Kerja sama persampahan", [world.tapem], end=dt.date(2026, 3, 31))
    agreement(world, "Kerja sama beasiswa", [world.tapem], end=dt.date(2027, 3, 31))
    agreement(world, "Sudah berakhir", [world.tapem], end=dt.date(2025, 6, 30))
    return world


def test_the_week_is_monday_to_sunday_iso():
    week = week_of(TODAY)
    assert (week.monday, week.sunday, week.key) == (dt.date(2025, 12, 8), dt.date(2025, 12, 14), "2025-W50")
    assert week_of(dt.date(2026, 1, 1)).key == "2026-W01"
    assert week_of(dt.date(2024, 12, 30)).key == "2025-W01"  # ISO year


def test_content_of_a_week(kutim_week, django_assert_max_num_queries):
    world = kutim_week
    with django_assert_max_num_queries(14):
        digest = digest_for(world.kutim, TODAY)
    assert digest.period.label.endswith("2025") and digest.period.quarter == 4
    lagging = {row.name: row for row in digest.lagging}
    assert set(lagging) == {world.bappeda.name, world.kec_sangatta.name, world.tapem.name}
    assert digest.lagging[0].name == world.bappeda.name  # not reported comes first
    assert lagging[world.bappeda.name].not_reported
    # The kecamatan reported half of its activities; the unreported one counts 0 against its plan.
    kec = lagging[world.kec_sangatta.name]
    assert kec.incomplete and kec.achievement == 50 and kec.low
    assert kec.reason == "baru 1 dari 2 kegiatan melapor; capaian 50,0 % dari rencana (Sangat Rendah)"
    tapem = lagging[world.tapem.name]
    assert (tapem.reported, tapem.activities, tapem.band) == (1, 1, Band.SANGAT_RENDAH)
    assert (digest.units, digest.units_complete) == (4, 2)
    # Issue 16: the kecamatan (1 of 2) is partial, Bappeda silent; the activities are counted.
    assert (digest.units_partial, digest.units_silent) == (1, 1)
    assert (digest.activities_reported, digest.activities) == (3, 5)
    assert [(r.name, r.lines, r.oldest_due) for r in digest.overdue] == [
        (world.bappeda.name, 1, dt.date(2025, 11, 1)),
        (world.kec_sangatta.name, 2, dt.date(2025, 11, 1)),
    ]
    assert digest.overdue_lines == 3
    assert [m.title for m in digest.meetings] == ["Rakor Evaluasi TW IV"] and digest.meetings_total == 1
    assert digest.meetings[0].time == "00.30–02.30 WITA"
    assert digest.meetings[0].place == "Ruang Meranti, Lantai 2"
    assert [r.title for r in digest.renewals] == ["Kerja sama persampahan"]
    assert digest.renewals[0].days_left == (dt.date(2026, 3, 31) - TODAY).days


def test_the_week_is_judged_in_each_governments_zone(world):
    """The same instants fall in different weeks in WIB (Semarang) and WIT (Mimika)."""
    semarang = factories.government("33.74")
    office = factories.unit(semarang, "SETDA", "Sekretariat Daerah Kota Semarang")
    # Sunday 14 December 23.30 WIB = Monday 15 December 01.30 WIT.
    late_sunday = dt.datetime(2025, 12, 14, 23, 30, tzinfo=WIB)
    meeting(semarang, office, "Rapat Minggu malam", late_sunday, "Asia/Jakarta")
    meeting(world.mimika, world.mimika_tapem, "Rapat Minggu malam", late_sunday, "Asia/Jayapura")
    # Monday 8 December 06.30 WIT = 04.30 WIB: this week in both zones.
    monday = dt.datetime(2025, 12, 8, 6, 30, tzinfo=WIT)
    meeting(semarang, office, "Rapat Senin pagi", monday, "Asia/Jakarta")
    meeting(world.mimika, world.mimika_tapem, "Rapat Senin pagi", monday, "Asia/Jayapura")

    wib = digest_for(semarang, TODAY)
    wit = digest_for(world.mimika, TODAY)
    assert [(m.title, m.time) for m in wib.meetings] == [
        ("Rapat Senin pagi", "04.30–06.30 WIB"), ("Rapat Minggu malam", "23.30–Sen 15 Des 01.30 WIB"),
    ]
    assert [(m.title, m.time) for m in wit.meetings] == [("Rapat Senin pagi", "06.30–08.30 WIT")]
    assert wib.zone_label == "WIB" and wit.zone_label == "WIT"
    assert "(WIT)" in digest_text(wit) and "(WIB)" in digest_text(wib)


def test_text_is_indonesian_whatsapp_ready_and_survives_the_link(kutim_week, settings):
    settings.SINERGI_BASE_URL = "https://sinergi.kutaitimurkab.go.id"
    world = kutim_week
    digest = digest_for(world.kutim, TODAY)
    text = digest_text(digest)
    assert text.startswith("*Ringkasan pekanan: Pemkab Kutai Timur*\nPekan ke-50, 8 Des – 14 Des 2025\n")
    assert ("• Pelaporan Triwulan IV 2025: 2 dari 4 unit lengkap (1 sebagian, 1 belum melapor); "
            "3 dari 5 kegiatan dilaporkan") in text
    assert "\n1. Badan Perencanaan Pembangunan Daerah: belum melapor (0 dari 1 kegiatan)\n" in text
    assert "\n3. Bagian Tata Pemerintahan: capaian 30,0 % dari rencana (Sangat Rendah)\n" in text
    assert "*Tindak lanjut terlambat per unit*" in text
    assert "Rakor Evaluasi TW IV" in text and "WITA" in text
    assert "Kerja sama persampahan" in text
    assert text.endswith(f"https://sinergi.kutaitimurkab.go.id/reports/digest/?government={world.kutim.pk}")
    assert max(len(line) for line in text.splitlines()) < 200
    assert "https://" not in digest_text(digest, link=False)
    # The wa.me link carries the text intact (UTF-8: "–", "…", "•", newlines).
    link = whatsapp_link("6281234567890", text)
    assert parse_qs(urlparse(link).query)["text"] == [text]


def test_long_lists_are_cut_with_the_rest_counted(world):
    digest = _crowded(world)
    text = digest_text(digest)
    assert text.count("… dan 25 lainnya") == 3  # lagging, overdue, renewals (5 shown each)
    assert "… dan 55 lainnya" in text  # 60 meetings, 5 shown


def _crowded(world) -> Digest:
    long = "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman " * 3
    week = week_of(TODAY)
    start = dt.datetime(2025, 12, 8, 8, tzinfo=WITA)
    return Digest(
        government=world.kutim, today=TODAY, zone="Asia/Makassar", week=week,
        period=Period(2025, 4, dt.date(2026, 1, 10), True), units=40, units_complete=10,
        achievement=Decimal("45.5"), band=Band.SANGAT_RENDAH, absorption=Decimal("30"),
        url=f"/reports/digest/?government={world.kutim.pk}",
        lagging=[LaggingUnit(i, f"{i:02d} {long}", 12, i % 3, None if i % 2 else 40, Band.SANGAT_RENDAH)
                 for i in range(30)],
        overdue=[OverdueUnit(i, f"{i:02d} {long}", 100 + i, dt.date(2025, 1, 1)) for i in range(30)],
        meetings=[WeekMeeting(i, f"Rapat {i:02d} {long}", start, "08.00–10.00 WITA", long, "/m/")
                  for i in range(60)],
        meetings_total=60,
        renewals=[Renewal(i, f"Kerja sama {i:02d} {long}", dt.date(2026, 3, 31), 111, "/a/")
                  for i in range(30)],
    )


def test_pdf_is_one_page_whatever_the_rows(world):
    reader = PdfReader(io.BytesIO(digest_pdf(_crowded(world))))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in ("Kabupaten Kutai Timur", "Unit tertinggal", "Tindak lanjut terlambat per unit",
                     "Rapat pekan ini", "Kerja sama", "dan 22 lainnya", "dan 52 lainnya"):
        assert expected in text, expected


def test_pdf_of_a_real_week_reads_back(kutim_week):
    world = kutim_week
    reader = PdfReader(io.BytesIO(digest_pdf(digest_for(world.kutim, TODAY))))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (world.bappeda.name, "Rakor Evaluasi TW IV", "Kerja sama persampahan", "WITA"):
        assert expected in text, expected
