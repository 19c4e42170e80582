"""Demo meetings: the five published reports of coordination meetings (the same texts as the
extraction development set), read by sinergi.extraction and recorded as closed meetings of the
demo governments — date, venue, chair, figures, regulations and follow-ups as the reports state
them (follow-ups as directives: the reports give no responsible unit or due date; a commitment
signed at the meeting as a commitment with its signatories, not as a directive) — plus one
upcoming rakor of Kutai Timur next month, with every kecamatan invited, so that the calendar and
the invitation pages have something to show. Idempotent: each meeting is recorded in the demo
registry (sinergi.demo.registry) and made once; a user may edit it (or delete it) since."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from zoneinfo import ZoneInfo

from django.utils import timezone

from sinergi.core.services import Actor, update_object
from sinergi.demo import registry
from sinergi.extraction import extract
from sinergi.extraction.drafts import (
    already_imported,
    confirmed_from_report,
    default_organizer,
    government_for,
    save_report,
)
from sinergi.meetings import invitations, services
from sinergi.meetings.choices import CommitmentKind, MeetingKind, MeetingStatus, SignatureStatus
from sinergi.meetings.models import AgendaItem, Meeting
from sinergi.regions.models import Government

REPORTS = {  # file -> publication date where the page gives one
    "kalteng-rakor-jpt-pratama.txt": None,
    "kutim-rakor-kecamatan-tw3.txt": None,
    "mahulu-rakor-pokja-pkp.txt": dt.date(2024, 7, 22),
    "mimika-rakor-distrik.txt": None,
    "tanbu-sosialisasi-evaluasi-kerja-sama.txt": dt.date(2024, 12, 10),
}
UPCOMING_TITLE = "Rapat Koordinasi Penyelenggaraan Pemerintahan Kecamatan Triwulan IV"
# A follow-up read from a report that is the signing of a commitment ("penandatanganan dukungan
# komitmen …"): recorded as the commitment (COMMITMENTS), not as a directive.
SIGNING = re.compile(r"^penandatanganan\b.*\b(?:komitmen|pakta)\b", re.I)

MAHULU_COMMITMENT_TITLE = (
    "Dukungan Komitmen dalam Pengembangan dan Pengelolaan Layanan Sanitasi Berkelanjutan Tahun 2024"
)
# The report gives the commitment's subject and who signed it, not the document's wording: the
# wording below is made of the report's own sentences (the Bupati's four expectations of the
# rakor and "komitmen harus diwujudkan dalam tindakan nyata …").
MAHULU_COMMITMENT_TEXT = """\
Dalam rangka implementasi Strategi Sanitasi Kota (SSK) Milestone 4 (M4) Kabupaten Mahakam Ulu pada \
Program Percepatan Pembangunan Sanitasi Permukiman (PPSP), kami yang bertanda tangan di bawah ini \
menyatakan dukungan dan komitmen dalam pengembangan dan pengelolaan layanan sanitasi berkelanjutan \
Tahun 2024, dengan:
1. Memperkuat sinergi dan kerja sama antara pemerintah daerah, OPD, dan masyarakat;
2. Memantapkan strategi dan rencana aksi yang lebih efektif dan efisien, direncanakan dengan matang \
dan dievaluasi secara berkala;
3. Mewujudkan komitmen dalam tindakan nyata di lapangan, termasuk perencanaan, penganggaran, dan \
pelaksanaan program;
4. Berbagi pembelajaran, inovasi, pengalaman, dan best practice dalam pengembangan layanan sanitasi.
"""
MAHULU_SIGNED = dt.date(2024, 7, 15)  # "Di akhir acara, dilakukan penandatanganan … oleh bupati Mahulu"
MAHULU_M4_DUE = dt.date(2024, 12, 31)  # the M4 milestone's planned date (demo.sanitation)


def _mahulu_commitment(actor: Actor, meeting: Meeting) -> None:
    """The Pokja PKP's commitment of the Mahakam Ulu rakor (mahulu-rakor-pokja-pkp.txt): signed by
    the Bupati at the end of the rakor on 15 July 2024 (the report's words and photo); the
    Pokja's own signature — the commitment is the Pokja's, under Bappeda — is not reported, so its
    chair's is recorded as not signed yet, the name left to write by hand. It is carried out by
    one follow-up action of the Pokja, due with the M4 milestone (demo.sanitation's assumption)
    and not reported on — overdue, as the milestone is."""
    from sinergi.demo.loader import demo_unit
    from sinergi.meetings import commitments, followups
    from sinergi.regions.models import Official

    bupati = Official.objects.filter(government=meeting.government, name="Bonifasius Belawan Geh").first()
    pokja = demo_unit("64.11", "POKJA-PKP")
    first = (commitments.SignatoryInput(official=bupati) if bupati is not None
             else commitments.SignatoryInput(name="Bonifasius Belawan Geh", position="Bupati Mahakam Ulu"))
    commitment = commitments.add_commitment(
        actor, meeting, title=MAHULU_COMMITMENT_TITLE, kind=CommitmentKind.JOINT,
        text=MAHULU_COMMITMENT_TEXT, signed_on=MAHULU_SIGNED,
        signatories=[
            first,
            commitments.SignatoryInput(
                position="Ketua Kelompok Kerja Perumahan dan Kawasan Permukiman Kabupaten Mahakam Ulu",
                unit=pokja,
            ),
        ],
    )
    bupati_row, pokja_row = commitment.signatories.order_by("order")
    commitments.set_signature(actor, bupati_row, SignatureStatus.SIGNED, on=MAHULU_SIGNED)
    commitments.set_signature(
        actor, pokja_row, SignatureStatus.PENDING,
        note="Berita tidak menyebut penandatanganan oleh Pokja PKP.",
    )
    units = commitments.signatory_units(commitment)
    if units:
        followups.create(
            actor, meeting,
            "Melaksanakan dukungan komitmen pengembangan dan pengelolaan layanan sanitasi berkelanjutan "
            "Tahun 2024: implementasi SSK Milestone 4 (M4).",
            units, MAHULU_M4_DUE, commitment=commitment,
        )


COMMITMENTS = {"mahulu-rakor-pokja-pkp.txt": _mahulu_commitment}


def seed_meetings(actor: Actor) -> int:
    created = 0
    folder = resources.files("sinergi.demo").joinpath("data")
    for name, published in REPORTS.items():
        key = f"meeting:report:{name}"
        if registry.known(key):
            continue
        text = folder.joinpath(name).read_text("utf-8")
        report = extract(text, published)
        government = government_for(report)
        if government is None:
            continue
        previous = already_imported(government, text)
        if previous is not None:  # imported before the registry recorded it
            registry.remember(key, previous)
            continue
        organizer = default_organizer(government)
        confirmed = confirmed_from_report(report, government, organizer, text=text, file_name=name)
        if organizer is None or confirmed is None:
            continue
        signed = COMMITMENTS.get(name)
        if signed is None:
            registry.remember(key, save_report(actor, confirmed, confirm=True))
        else:
            # The signing is the commitment itself, not a directive; the meeting is closed once
            # the commitment is recorded (a closed meeting's record no longer changes).
            confirmed.follow_ups = [f for f in confirmed.follow_ups if not SIGNING.match(f.text)]
            meeting = save_report(actor, confirmed, today=confirmed.date, confirm=True)
            signed(actor, meeting)
            meeting = update_object(
                actor, meeting, {"status": MeetingStatus.CLOSED, "closed_at": meeting.ends_at},
                expected_version=None,
            )
            registry.remember(key, meeting)
        created += 1
    created += _upcoming(actor)
    created += _mimika_follow_up(actor)
    return created


MIMIKA_RAKOR_TITLE = "Rapat Koordinasi Kepala Distrik: Evaluasi Triwulan III dan Persiapan Akhir Tahun"
MIMIKA_UPCOMING_TITLE = "Rapat Koordinasi Kepala Distrik Triwulan IV"


def _mimika_rakor(actor: Actor, government, organizer, title: str, day: dt.date, ends: dt.time) -> Meeting:
    """A rakor of Mimika's distrik heads at the Setda, from 09.00 on `day` (WIT)."""
    zone = ZoneInfo(government.time_zone)
    return services.create_meeting(
        actor,
        Meeting(
            government=government,
            organizer=organizer,
            kind=MeetingKind.COORDINATION,
            title=title,
            starts_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=zone),
            ends_at=dt.datetime.combine(day, ends, tzinfo=zone),
            time_zone=government.time_zone,
            venue="Ruang Rapat Sekretariat Daerah, Kantor Bupati Mimika",
            address="Jalan Cenderawasih, Timika",
            description="Rapat contoh untuk demo (tanggal relatif terhadap pemuatan data demo).",
        ),
    )


def _mimika_follow_up(actor: Actor) -> int:
    """Mimika, where the Bagian Tata Pemerintahan convenes every distrik head (the
    mimika-rakor-distrik report): a rakor held ten days before the demo was loaded and not yet
    closed (its minutes are missing: a task of the coordinator), whose two actions go to every
    distrik — one line per distrik, in the states a real month shows (one accepted, one waiting
    for the Kabag's assessment, one returned with a reason, the rest open; the demo operator's
    Distrik Mimika Baru due next week) — and the next rakor in three weeks with every distrik
    invited (the operator has not answered yet). Dates are relative to the loading day."""
    from sinergi.meetings import followups
    from sinergi.meetings.followups import Step

    key = "meeting:follow-up-demo:94.04"
    government = Government.objects.filter(region_id="94.04").first()
    if government is None or registry.known(key):
        return 0
    organizer = default_organizer(government)
    if organizer is None:
        return 0
    zone = ZoneInfo(government.time_zone)
    today = timezone.localdate(timezone.now(), zone)
    held = today - dt.timedelta(days=10)
    meeting = _mimika_rakor(actor, government, organizer, MIMIKA_RAKOR_TITLE, held, dt.time(13, 0))
    districts = list(invitations.all_district_offices(meeting))
    invitations.invite_units(actor, meeting, districts)
    if not districts:
        registry.remember(key, meeting)
        return 1
    report = followups.create(
        actor,
        meeting,
        "Laporkan hasil pemutakhiran data penduduk per kampung kepada Bagian Tata Pemerintahan.",
        districts,
        today + dt.timedelta(days=7),
    )
    followups.create(
        actor,
        meeting,
        "Sampaikan daftar usulan kegiatan prioritas distrik untuk tahun anggaran berikutnya.",
        districts,
        today - dt.timedelta(days=3),
    )
    # The demo operator's distrik (the first by code) stays open; the others show each state.
    lines = list(report.lines.select_related("unit").order_by("unit__code"))
    if len(lines) > 1:
        followups.act(actor, lines[1], Step.REPORT_DONE, note="Data 12 kampung telah dimutakhirkan.")
        followups.act(actor, lines[1], Step.ACCEPT, note="Diterima.")
    if len(lines) > 2:
        followups.act(actor, lines[2], Step.REPORT_DONE, note="Pemutakhiran selesai, berita acara terlampir.")
    if len(lines) > 3:
        followups.act(actor, lines[3], Step.REPORT_DONE, note="Sudah selesai.")
        followups.act(actor, lines[3], Step.RETURN, reason="Berita acara pemutakhiran belum dilampirkan.")
    if len(lines) > 4:
        followups.act(actor, lines[4], Step.PROGRESS, progress=60, note="8 dari 13 kampung selesai.")
    registry.remember(key, meeting)
    upcoming = today + dt.timedelta(days=21)
    if not Meeting.objects.filter(government=government, title=MIMIKA_UPCOMING_TITLE).exists():
        next_meeting = _mimika_rakor(
            actor, government, organizer, MIMIKA_UPCOMING_TITLE, upcoming, dt.time(12, 0)
        )
        invitations.invite_units(actor, next_meeting, districts)
        _letter_by_the_sekda(actor, next_meeting, today)
    return 1


def _letter_by_the_sekda(actor: Actor, meeting: Meeting, today: dt.date) -> None:
    """The invitation goes in the Bupati's name and the Sekda signs it (a.n. Bupati), as a
    rakor of all distrik heads at the Setda is invited; one letter with the list attached."""
    from sinergi.core.services import update_object
    from sinergi.regions.choices import PositionGrade
    from sinergi.regions.models import Position, PositionTerm

    head = Position.objects.filter(government=meeting.government, unit__isnull=True,
                                   grade=PositionGrade.REGIONAL_HEAD).first()
    sekda = (PositionTerm.objects.active_on(today)
             .filter(position__government=meeting.government, position__unit__kind="secretariat",
                     position__is_unit_head=True, position__unit__parent__isnull=True)
             .select_related("official").first())
    if head is None or sekda is None:
        return
    update_object(actor, meeting, {
        "letter_authority": head, "signatory": sekda.official, "letter_sifat": "Penting",
        "letter_as_list": True, "letter_date": today,
        "letter_tembusan": f"{head.title} (sebagai laporan)\nInspektur Kabupaten Mimika",
    }, expected_version=meeting.version)


def _upcoming(actor: Actor) -> int:
    key = "meeting:upcoming:64.08"
    government = Government.objects.filter(region_id="64.08").first()
    if government is None or registry.known(key):
        return 0
    previous = Meeting.objects.filter(government=government, title=UPCOMING_TITLE).first()
    if previous is not None:  # made before the registry recorded it
        registry.remember(key, previous)
        return 0
    organizer = default_organizer(government)
    zone = ZoneInfo(government.time_zone)
    day = timezone.localdate() + dt.timedelta(days=21)
    meeting = services.create_meeting(
        actor,
        Meeting(
            government=government,
            organizer=organizer,
            kind=MeetingKind.COORDINATION,
            title=UPCOMING_TITLE,
            starts_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=zone),
            ends_at=dt.datetime.combine(day, dt.time(12, 0), tzinfo=zone),
            time_zone=government.time_zone,
            venue="Ruang Meranti, Kantor Bupati Kutai Timur",
            address="Bukit Pelangi, Sangatta",
            description="Rapat contoh untuk demo (dijadwalkan relatif terhadap tanggal pemuatan data demo).",
        ),
    )
    for order, title in enumerate(
        (
            "Pembukaan",
            "Evaluasi capaian kinerja kecamatan",
            "Tindak lanjut rakor sebelumnya",
            "Arahan dan penutup",
        ),
        start=1,
    ):
        AgendaItem.objects.create(meeting=meeting, order=order, title=title)
    invitations.invite_units(actor, meeting, invitations.all_district_offices(meeting))
    registry.remember(key, meeting)
    return 1
