"""The typed, frozen result of reading one meeting report, and its JSON shape.

Every key is always present in the JSON; unknown values are null or empty lists. Nothing is
invented: a value is there only when the text states it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

EVENT_TYPES = ("rapat_koordinasi", "sosialisasi", "evaluasi", "musrenbang", "audiensi", "lainnya")
FIGURE_UNITS = ("percent", "count", "rupiah", "other")


@dataclass(frozen=True)
class Person:
    name: str
    position: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "position": self.position}


@dataclass(frozen=True)
class Figure:
    value: float | int
    unit: str  # one of FIGURE_UNITS
    context: str

    def as_json(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "context": self.context}


@dataclass(frozen=True)
class Span:
    """Where in the cleaned text a field was read (for highlighting): [start, end)."""

    field: str
    start: int
    end: int


@dataclass(frozen=True)
class MeetingReport:
    title: str | None = None
    event_type: str | None = None
    event_date: dt.date | None = None
    region: str | None = None
    region_code: str | None = None
    venue: str | None = None
    chair: Person | None = None
    # The one the chair acted for ("Bupati … melalui Kepala Bagian Pemerintahan …, membuka"):
    # the chair is who was present, `chair_for` whom they represented.
    chair_for: Person | None = None
    officials: tuple[Person, ...] = ()
    organizations: tuple[str, ...] = ()
    participant_count: int | None = None
    figures: tuple[Figure, ...] = ()
    regulations: tuple[str, ...] = ()
    acronyms: tuple[tuple[str, str], ...] = ()
    follow_ups: tuple[str, ...] = ()
    # The due date each follow-up states ("paling lambat 31 Oktober 2025"), None where none.
    follow_up_due: tuple[dt.date | None, ...] = ()
    # What the participants committed to ("berkomitmen", "menandatangani komitmen") and the
    # problems the report names ("kendala", "permasalahan"), as sentences.
    commitments: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    # The times the report states ("pukul 09.00 WITA"); None when it gives none.
    starts: dt.time | None = None
    ends: dt.time | None = None
    # A meeting title proposed from the event (the headline stays the source's title).
    meeting_title: str | None = None
    warnings: tuple[str, ...] = ()
    published: dt.date | None = None
    text: str = field(default="", repr=False)
    spans: tuple[Span, ...] = field(default=(), repr=False)

    def as_json(self) -> dict[str, Any]:
        """The shape `sinergi extract --json` prints (issue 5)."""
        return {
            "title": self.title,
            "event_type": self.event_type,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "region": self.region,
            "venue": self.venue,
            "chair": self.chair.as_json() if self.chair else None,
            "chair_for": self.chair_for.as_json() if self.chair_for else None,
            "officials": [p.as_json() for p in self.officials],
            "organizations": list(self.organizations),
            "participant_count": self.participant_count,
            "figures": [f.as_json() for f in self.figures],
            "regulations": list(self.regulations),
            "acronyms": dict(self.acronyms),
            "follow_ups": list(self.follow_ups),
            "follow_up_due": [d.isoformat() if d else None for d in self.follow_up_due],
            "commitments": list(self.commitments),
            "problems": list(self.problems),
            "starts": self.starts.strftime("%H:%M") if self.starts else None,
            "ends": self.ends.strftime("%H:%M") if self.ends else None,
            "meeting_title": self.meeting_title,
            "warnings": list(self.warnings),
        }
