"""The demo's meetings: the five published reports recorded as closed meetings of the demo
governments, and one upcoming rakor with every kecamatan of Kutai Timur invited."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sinergi.core.services import Actor
from sinergi.demo.loader import load_demo
from sinergi.demo.meetings import UPCOMING_TITLE, seed_meetings
from sinergi.meetings.choices import DecisionKind, LineStatus, MeetingStatus, SignatureStatus
from sinergi.meetings.models import Meeting


def test_demo_meetings(db):
    load_demo(Actor.system())
    closed = Meeting.objects.filter(status=MeetingStatus.CLOSED)
    assert closed.count() == 5
    mimika = closed.get(government__region_id="94.04")
    assert mimika.starts_at.astimezone(ZoneInfo(mimika.time_zone)).date() == dt.date(2024, 2, 11)
    assert mimika.venue == "Hotel Horison Ultima Timika"
    assert mimika.chair is not None and mimika.chair.name == "Yonathan Demme Tangdilintin"
    assert mimika.decisions.count() >= 2
    tanbu = closed.get(government__region_id="63.10")
    assert "40" in tanbu.minutes
    upcoming = Meeting.objects.get(title=UPCOMING_TITLE)
    assert upcoming.status == MeetingStatus.PLANNED and upcoming.invitations.count() > 10
    assert seed_meetings(Actor.system()) == 0
    _mahulu_commitment(closed.get(government__region_id="64.11"))


def _mahulu_commitment(mahulu: Meeting) -> None:
    """The Pokja PKP's commitment is a commitment (its wording, the Bupati who signed it on the
    day, the Pokja's chair not reported as signing), carried out by a follow-up action of the
    Pokja; the signing is not also a directive."""
    commitment = mahulu.commitments.get()
    assert "layanan sanitasi berkelanjutan" in commitment.title.lower()
    assert "Memperkuat sinergi" in commitment.text and commitment.signed_on == dt.date(2024, 7, 15)
    signatories = list(commitment.signatories.order_by("order"))
    assert len(signatories) >= 2
    bupati = signatories[0]
    assert bupati.official is not None and bupati.official.name == "Bonifasius Belawan Geh"
    assert bupati.position == "Bupati Mahakam Ulu"
    assert (bupati.status, bupati.status_on) == (SignatureStatus.SIGNED, dt.date(2024, 7, 15))
    assert signatories[1].status == SignatureStatus.PENDING and signatories[1].unit.code == "POKJA-PKP"
    directives = [d.text.lower() for d in mahulu.decisions.filter(kind=DecisionKind.DIRECTIVE)]
    assert directives and not any("penandatanganan" in d or "komitmen dalam pengembangan" in d
                                  for d in directives)
    action = commitment.follow_ups.get()
    assert action.meeting_id == mahulu.pk
    assert [line.unit.code for line in action.lines.all()] == ["POKJA-PKP"]
    assert action.lines.get().status == LineStatus.NOT_STARTED
