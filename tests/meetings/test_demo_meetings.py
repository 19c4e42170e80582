"""The demo's meetings: the five published reports recorded as closed meetings of the demo
governments, and one upcoming rakor with every kecamatan of Kutai Timur invited."""

from __future__ import annotations

import datetime as dt

from sinergi.core.services import Actor
from sinergi.demo.loader import load_demo
from sinergi.demo.meetings import UPCOMING_TITLE, seed_meetings
from sinergi.meetings.choices import MeetingStatus
from sinergi.meetings.models import Meeting


def test_demo_meetings(db):
    load_demo(Actor.system())
    closed = Meeting.objects.filter(status=MeetingStatus.CLOSED)
    assert closed.count() == 5
    mimika = closed.get(government__region_id="94.04")
    assert mimika.starts_at.astimezone(dt.UTC).date() == dt.date(2024, 2, 11)
    assert mimika.venue == "Hotel Horison Ultima Timika"
    assert mimika.chair is not None and mimika.chair.name == "Yonathan Demme Tangdilintin"
    assert mimika.decisions.count() >= 2
    tanbu = closed.get(government__region_id="63.10")
    assert "40" in tanbu.minutes
    upcoming = Meeting.objects.get(title=UPCOMING_TITLE)
    assert upcoming.status == MeetingStatus.PLANNED and upcoming.invitations.count() > 10
    assert seed_meetings(Actor.system()) == 0
