"""The parts the meeting documents share (daftar hadir, notulen/berita acara, bahan rapat), by
the correspondence manual (DOMAIN.md "Correspondence"): the organizer's kop, the meeting's time
with its closing time in the meeting's zone, the place and date line ("Sangatta, 10 Desember
2024") and the signature blocks of the chair ("Mengetahui, Pimpinan Rapat") and the notulis.

The documents are Indonesian whatever the reader's page language: build their data inside
`indonesian()` (dates, choice labels and translated strings then come out in Indonesian)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.core.formatting import local_time, long_date
from sinergi.core.pdf import render_pdf
from sinergi.documents import naskah
from sinergi.documents import rules as document_rules
from sinergi.meetings import rules
from sinergi.meetings.choices import CheckinMethod
from sinergi.meetings.models import Meeting
from sinergi.regions.models import Official

DOCUMENT_LANGUAGE = "id"


@contextmanager
def indonesian():
    """Build a document's data in Indonesian, whatever language the request is in."""
    with translation.override(DOCUMENT_LANGUAGE):
        yield


def meeting_day(meeting: Meeting) -> dt.date:
    """The meeting's date in its own zone."""
    return rules.local(meeting.starts_at, meeting.time_zone).date()


def date_text(day: dt.date) -> str:
    """`10 Desember 2024` (the date of a date line, without the weekday)."""
    return naskah.date_line(day)


def time_range(meeting: Meeting) -> str:
    """`09.00 s.d. 12.00 WITA`; when the meeting ends on a later day, that day is written:
    `09.00 WITA s.d. Rabu, 11 Desember 2024 12.00 WITA`."""
    with indonesian():
        if not meeting.time_known:
            return str(_("time not stated"))
        start = local_time(meeting.starts_at, meeting.time_zone)
        end = local_time(meeting.ends_at, meeting.time_zone)
        end_day = rules.local(meeting.ends_at, meeting.time_zone).date()
        if end_day == meeting_day(meeting):
            return f"{start.rsplit(' ', 1)[0]} s.d. {end}"
        return f"{start} s.d. {long_date(end_day)} {end}"


def place_text(meeting: Meeting, *, address: bool = False) -> str:
    parts = (meeting.venue, meeting.room, meeting.address if address else "")
    return ", ".join(p for p in parts if p) or "–"


def organizer_kop(meeting: Meeting) -> dict[str, Any]:
    """The kop of the organizer unit (the Sekretariat Daerah's, an OPD's own, ...)."""
    return naskah.kop_for(meeting.government, None, meeting.organizer).as_data()


def place_date(meeting: Meeting, day: dt.date | None = None) -> str:
    """`Sangatta, 10 Desember 2024`: the letterhead's place and the meeting's day."""
    return naskah.place_date(meeting.government, day or meeting_day(meeting))


def _block(lines: list[str], name: str = "", pangkat: str = "", nip: str = "") -> dict[str, Any]:
    return {"lines": lines, "name": name, "pangkat": pangkat, "nip": nip}


def official_signature(official: Official | None, position_title: str, day: dt.date,
                       authority_of: Official | None = None) -> dict[str, Any]:
    """The signature block of `official` on `day`: from the registry (naskah.signature_for,
    "a.n." when `authority_of` — the chair a delegate stands in for — holds the office the
    document goes in the name of) when they hold a position that day; otherwise the name and
    the position as recorded on the meeting."""
    if official is not None:
        own = naskah.term_on(official, day)
        if own is not None:
            chair = naskah.term_on(authority_of, day) if authority_of is not None else None
            if chair is not None:
                try:
                    return asdict(naskah.signature_for(chair.position, official, day))
                except ValidationError:
                    pass  # the delegate holds no position under the chair's: their own block
            return asdict(naskah.signature_for(own.position, official, day))
    title = position_title.strip()
    return _block(
        [f"{title.upper()},"] if title else [],
        official.full_name if official else "",
        document_rules.pangkat_line(official.golongan) if official else "",
        (official.nip or "") if official else "",
    )


def chair_signature(meeting: Meeting) -> dict[str, Any]:
    """"Mengetahui, Pimpinan Rapat" and the block of who chaired: the delegate (on the chair's
    behalf) when the chair chaired through someone, else the chair."""
    day = meeting_day(meeting)
    with indonesian():
        if meeting.chair_delegate_id:
            block = official_signature(meeting.chair_delegate, meeting.chair_delegate_position, day,
                                       authority_of=meeting.chair)
        else:
            block = official_signature(meeting.chair, meeting.chair_position, day)
    block["lines"] = ["Mengetahui,", "Pimpinan Rapat", *block["lines"]]
    return block


def notulis_signature(meeting: Meeting) -> dict[str, Any]:
    """The notulis: the person who closed the meeting (a dotted line until then)."""
    user = meeting.closed_by
    name = (user.get_full_name() or user.get_username()) if user else ""
    return _block(["Notulis,"], name)


# --------------------------------------------------------------------------- daftar hadir

# How each person signed in, as the daftar hadir prints it.
CHECKIN_LABELS = {CheckinMethod.QR: "Pindai QR", CheckinMethod.MANUAL: "Manual (panitia)"}
BLANK_ROWS = 25
MINIMUM_ROWS = 5


def attendance_data(meeting: Meeting, *, blank: bool = False) -> dict[str, Any]:
    """The daftar hadir: the organizer's kop, the meeting's day, time (with its end) and place,
    one row per person present (name, position and unit, how they signed in, room to sign) —
    or empty rows to fill in by hand (`blank`) — and the chair's "Mengetahui"."""
    rows = [] if blank else list(meeting.attendances.select_related("unit").order_by("checked_in_at", "id"))
    with indonesian():
        return {
            "kop": organizer_kop(meeting),
            "title": meeting.title,
            "day_date": long_date(meeting_day(meeting)),
            "time": time_range(meeting),
            "place": place_text(meeting),
            "rows": [
                {
                    "name": r.name,
                    "position": r.position,
                    "unit": r.organization or (r.unit.name if r.unit else ""),
                    "represents": r.represents,
                    "method": CHECKIN_LABELS.get(r.method, r.method),
                }
                for r in rows
            ],
            "blank_rows": BLANK_ROWS if blank else max(0, MINIMUM_ROWS - len(rows)),
            "count": str(len(rows)),
            "place_date": place_date(meeting),
            "chair": chair_signature(meeting),
        }


def attendance_pdf(meeting: Meeting, *, blank: bool = False) -> bytes:
    return render_pdf("meetings/attendance.typ", attendance_data(meeting, blank=blank))
