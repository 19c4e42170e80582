"""Demo meetings: the five published reports of coordination meetings (the same texts as the
extraction development set), read by sinergi.extraction and recorded as closed meetings of the
demo governments — date, venue, chair, figures, regulations and follow-ups as the reports state
them (follow-ups as directives: the reports give no responsible unit or due date) — plus one
upcoming rakor of Kutai Timur next month, with every kecamatan invited, so that the calendar and
the invitation pages have something to show. Idempotent: each meeting is recorded in the demo
registry (sinergi.demo.registry) and made once; a user may edit it (or delete it) since."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from zoneinfo import ZoneInfo

from django.utils import timezone

from sinergi.core.services import Actor
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
from sinergi.meetings.choices import MeetingKind
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
        registry.remember(key, save_report(actor, confirmed))
        created += 1
    created += _upcoming(actor)
    return created


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
