"""Fixtures for the meetings tests: a rakor of Kutai Timur (WITA) organized by its Bagian Tata
Pemerintahan, chaired by the Bupati, with the officials that the tests invite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from sinergi.core.services import Actor
from sinergi.meetings.choices import MeetingKind
from sinergi.meetings.models import Meeting
from sinergi.regions.models import Official
from tests import factories

WITA = ZoneInfo("Asia/Makassar")


@dataclass
class Officials:
    bupati: Official  # Ardiansyah Sulaiman, Bupati Kutai Timur
    kabag: Official  # Kepala Bagian Tata Pemerintahan
    camat: Official  # Camat Sangatta Utara


@pytest.fixture
def officials(world) -> Officials:
    return Officials(
        bupati=factories.official(world.kutim, "Ardiansyah Sulaiman", back_title="S.Sos., M.Si."),
        kabag=factories.official(world.kutim, "Rizali Hadi", back_title="S.STP"),
        camat=factories.official(world.kutim, "Hasdiah", back_title="S.Sos."),
    )


def make_meeting(world, **extra) -> Meeting:
    """A planned rakor on Tuesday 10 December 2024, 09.00–12.00 WITA, organized by Tapem."""
    values = dict(
        government=world.kutim,
        organizer=world.tapem,
        kind=MeetingKind.COORDINATION,
        title="Rapat Koordinasi Evaluasi Triwulan III Tahun 2024",
        period_year=2024,
        period_quarter=3,
        starts_at=dt.datetime(2024, 12, 10, 9, 0, tzinfo=WITA),
        ends_at=dt.datetime(2024, 12, 10, 12, 0, tzinfo=WITA),
        time_zone="Asia/Makassar",
        venue="Ruang Meranti",
        room="Lantai 2",
        address="Kantor Bupati Kutai Timur, Bukit Pelangi, Sangatta",
    )
    values.update(extra)
    meeting = Meeting(**values)
    meeting.full_clean()
    meeting.save()
    return meeting


@pytest.fixture
def meeting(world, officials) -> Meeting:
    return make_meeting(world, chair=officials.bupati, chair_position="Bupati Kutai Timur")


@pytest.fixture
def system_actor() -> Actor:
    return Actor.system()
