"""The meeting brief (bahan rakor) read back from the PDF: units with achievement and band, an
at-risk activity's kendala, open follow-ups from earlier meetings, open problems; who may get it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.urls import reverse
from pypdf import PdfReader

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import followups, invitations
from sinergi.monitoring.models import Realization
from sinergi.planning.importers import load_sample_nomenclature
from sinergi.problems.models import Problem
from tests import factories
from tests.meetings.conftest import make_meeting
from tests.planning.conftest import make_activity, make_targets

WITA = ZoneInfo("Asia/Makassar")


def test_brief_pdf(client, world):
    load_sample_nomenclature(Actor.system())
    activity = make_activity(world.tapem, year=2025, name="Penyusunan Renja Tapem")
    make_targets(activity, ("25", "25000000"), ("50", "50000000"), ("75", "75000000"), ("100", "100000000"))
    for quarter, physical in ((1, "5"), (2, "8"), (3, "10")):
        Realization.objects.create(
            activity=activity,
            quarter=quarter,
            physical=Decimal(physical),
            financial=Decimal(1_000_000 * quarter),
            status="verified",
            problems="Lelang gagal dua kali",
        )
    earlier = make_meeting(
        world,
        title="Rakor TW II",
        starts_at=dt.datetime(2025, 7, 10, 9, tzinfo=WITA),
        ends_at=dt.datetime(2025, 7, 10, 12, tzinfo=WITA),
    )
    followups.create(Actor(None), earlier, "Tapem mempercepat lelang", [world.tapem], dt.date(2025, 8, 1))
    Problem.objects.create(
        government=world.kutim,
        unit=world.tapem,
        category="budget",
        title="Anggaran perubahan terlambat",
        raised_on=dt.date(2025, 9, 1),
    )
    meeting = make_meeting(
        world,
        title="Rakor TW III 2025",
        period_year=2025,
        period_quarter=3,
        starts_at=dt.datetime(2025, 10, 15, 9, tzinfo=WITA),
        ends_at=dt.datetime(2025, 10, 15, 12, tzinfo=WITA),
    )
    invitations.invite_units(Actor(None), meeting, [world.tapem])
    client.force_login(world.users[Role.VIEWER])
    response = client.get(reverse("reports:meeting_brief", args=[meeting.pk]))
    assert response.status_code == 200
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    for expected in (
        "Bagian Tata Pemerintahan",
        "Triwulan III 2025",
        "Sangat Rendah",
        "Penyusunan Renja Tapem",
        "Lelang gagal dua kali",
        "Tapem mempercepat lelang",
        "Terlambat",
        "Anggaran perubahan terlambat",
        # Issue 16: units reporting = every activity reported, with the activities counted.
        "Kelengkapan laporan: 1 dari 1 unit melapor lengkap (0 sebagian, 0 belum melapor); "
        "1 dari 1 kegiatan dilaporkan.",
    ):
        assert expected in text, expected
    client.force_login(factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]))
    assert client.get(reverse("reports:meeting_brief", args=[meeting.pk])).status_code == 404


def test_brief_ranks_only_units_that_reported_every_activity(world):
    """Issue 16: Tapem reported 1 of its 2 activities (budget-weighted 90 %), Bappeda its only
    one (50 %). The brief ranks Bappeda and lists Tapem apart with its completeness."""
    from sinergi.reports.meeting_brief import brief_data

    load_sample_nomenclature(Actor.system())
    done = make_activity(world.tapem, year=2025, budget="900000000")
    make_activity(world.tapem, year=2025, budget="100000000")
    bappeda = make_activity(world.bappeda, year=2025)
    for activity, physical in ((done, "100"), (bappeda, "50")):
        Realization.objects.create(activity=activity, quarter=3, physical=Decimal(physical),
                                   financial=Decimal(0), status="verified")
    meeting = make_meeting(world, title="Rakor TW III 2025", period_year=2025, period_quarter=3,
                           starts_at=dt.datetime(2025, 10, 15, 9, tzinfo=WITA),
                           ends_at=dt.datetime(2025, 10, 15, 12, tzinfo=WITA))
    invitations.invite_units(Actor(None), meeting, [world.tapem, world.bappeda])
    data = brief_data(meeting)
    assert [u["name"] for u in data["units"]] == [world.bappeda.name]
    assert [(u["name"], u["reported"], u["rate"], u["achievement"]) for u in data["unranked"]] == [
        (world.tapem.name, "1/2", "50 %", "90,0 %")]
    assert data["reporting"].startswith("1 dari 2 unit melapor lengkap (1 sebagian, 0 belum melapor)")


def test_brief_is_indonesian_under_the_kop_and_fits_the_page(client, world):
    """Issue 17: under the organizer's kop, in Indonesian for an English reader, and with long
    names (100+ characters) in every table nothing runs off the page."""
    from django.utils import translation

    from sinergi.documents.models import Letterhead
    from sinergi.planning.models import Milestone
    from tests.documents import pdf_checks

    Letterhead.objects.create(government=world.kutim, government_line="PEMERINTAH KABUPATEN KUTAI TIMUR",
                              head_line="BUPATI KUTAI TIMUR", place="Sangatta",
                              address="Jalan Soekarno-Hatta")
    long = "Peningkatan Kapasitas Aparatur Pemerintah Kecamatan dalam Penyelenggaraan Pelayanan Administrasi"
    world.tapem.name = ("Bagian Tata Pemerintahan dan Otonomi Daerah pada Sekretariat Daerah "
                        "Kabupaten Kutai Timur")
    world.tapem.save()
    load_sample_nomenclature(Actor.system())
    activity = make_activity(world.tapem, year=2025, name=f"{long} Terpadu Tahun 2025")
    make_targets(activity, ("25", "25000000"), ("50", "50000000"), ("75", "75000000"), ("100", "100000000"))
    Realization.objects.create(activity=activity, quarter=3, physical=Decimal("10"), financial=Decimal(0),
                               status="verified", problems=f"Kendala: {long} " * 3)
    Milestone.objects.create(activity=activity, order=1, name=f"Tahapan {long}"[:200],
                             planned_date=dt.date(2025, 8, 1))
    earlier = make_meeting(world, title="Rakor TW II", starts_at=dt.datetime(2025, 7, 10, 9, tzinfo=WITA),
                           ends_at=dt.datetime(2025, 7, 10, 12, tzinfo=WITA))
    followups.create(Actor(None), earlier, f"Tindak lanjut {long}", [world.tapem], dt.date(2025, 8, 1))
    Problem.objects.create(government=world.kutim, unit=world.tapem, category="budget",
                           title=f"Permasalahan {long}", raised_on=dt.date(2025, 9, 1))
    meeting = make_meeting(world, title=f"Rapat Koordinasi {long} Triwulan III 2025", period_year=2025,
                           period_quarter=3, starts_at=dt.datetime(2025, 10, 15, 9, tzinfo=WITA),
                           ends_at=dt.datetime(2025, 10, 15, 12, tzinfo=WITA))
    invitations.invite_units(Actor(None), meeting, [world.tapem])
    client.force_login(world.users[Role.VIEWER])
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        pdf = client.get(reverse("reports:meeting_brief", args=[meeting.pk])).content
    pages = pdf_checks.text_of(pdf)
    text = " ".join(pages)
    assert pages[0].startswith("PEMERINTAH KABUPATEN KUTAI TIMUR SEKRETARIAT DAERAH Jalan Soekarno-Hatta")
    for expected in ("BAHAN RAPAT", "Rabu, 15 Oktober 2025, 09.00–12.00 WITA", "Triwulan III 2025",
                     "Tahapan terlambat", "Permasalahan yang masih terbuka", "Sedang"):
        assert expected in text, expected
    pdf_checks.assert_no_english(pdf, (*pdf_checks.ENGLISH_LABELS, "Wednesday", "October", "Budget",
                                       "Very low", "Medium", "High"))
    pdf_checks.assert_inside_page(pdf, margin_mm=10)
