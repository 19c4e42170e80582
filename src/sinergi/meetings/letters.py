"""The invitation letter (surat undangan) as PDF: one page per invitee, or a single one.
Data for templates/meetings/invitation.typ (every value a string, never markup)."""

from __future__ import annotations

from typing import Any

from sinergi.core.formatting import local_time, long_date
from sinergi.core.pdf import render_pdf
from sinergi.meetings import rules
from sinergi.meetings.models import Invitation, Meeting


def _time(meeting: Meeting) -> str:
    start = local_time(meeting.starts_at, meeting.time_zone).rsplit(" ", 1)[0]
    return f"{start} s.d. {local_time(meeting.ends_at, meeting.time_zone)}"


def letter_data(meeting: Meeting, invitations: list[Invitation]) -> dict[str, Any]:
    start = rules.local(meeting.starts_at, meeting.time_zone)
    place = ", ".join(p for p in (meeting.venue, meeting.room) if p)
    signatory = meeting.signatory
    return {
        "government": meeting.government.name.upper(),
        "unit": meeting.organizer.name.upper(),
        "address": meeting.government.address or "",
        "number": meeting.letter_number or "……………",
        "date": long_date(meeting.letter_date).split(", ", 1)[-1] if meeting.letter_date else "",
        "subject": f"Undangan {meeting.get_kind_display()}",
        "title": meeting.title,
        "day_date": long_date(start.date()),
        "time": _time(meeting),
        "place": place or "–",
        "address_line": meeting.address,
        "online": meeting.online_url,
        "agenda": [item.title for item in meeting.agenda_items.all()] or [meeting.title],
        "signature": {
            "title": meeting.signatory_position or (f"Kepala {meeting.organizer.name}"),
            "name": str(signatory) if signatory else "",
            "nip": f"NIP. {signatory.nip}" if signatory and signatory.nip else "",
        },
        "addressees": [invitation.addressee for invitation in invitations],
    }


def letters_pdf(meeting: Meeting, invitations: list[Invitation]) -> bytes:
    return render_pdf("meetings/invitation.typ", letter_data(meeting, invitations))
