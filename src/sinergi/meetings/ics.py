"""A meeting as an iCalendar file (icalendar): one VEVENT in the meeting's own zone, with the
VTIMEZONE it needs, so Google Calendar and Outlook show the right local time. The UID is stable
(the meeting's id and the site's host) and SEQUENCE is the meeting's version, so an updated
file replaces the event; a cancelled meeting is STATUS:CANCELLED."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from sinergi.core.text import printable
from sinergi.meetings import rules
from sinergi.meetings.choices import MeetingStatus
from sinergi.meetings.models import Invitation, Meeting

PRODID = "-//Sinergi//Rakor//ID"


def _location(meeting: Meeting) -> str:
    return ", ".join(p for p in (meeting.venue, meeting.room, meeting.address) if p) or meeting.online_url


def _description(meeting: Meeting) -> str:
    lines = [meeting.description] if meeting.description else []
    items = list(meeting.agenda_items.all())
    if items:
        lines.append("Acara:")
        lines += [f"{n}. {item.title}" for n, item in enumerate(items, start=1)]
    if meeting.online_url:
        lines.append(f"Tautan daring: {meeting.online_url}")
    return "\n".join(lines)


def calendar_for(meeting: Meeting, host: str, url: str = "", invitation: Invitation | None = None) -> bytes:
    zone = ZoneInfo(meeting.time_zone)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "REQUEST" if invitation else "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", dt.datetime.now(tz=ZoneInfo("UTC")).replace(microsecond=0))
    if meeting.time_known:
        event.add("dtstart", rules.local(meeting.starts_at, meeting.time_zone).astimezone(zone))
        event.add("dtend", rules.local(meeting.ends_at, meeting.time_zone).astimezone(zone))
    else:  # only the day is known: an all-day event (RFC 5545 DATE values, end exclusive)
        day = rules.local(meeting.starts_at, meeting.time_zone).date()
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", printable(meeting.title))
    location = _location(meeting)
    if location:
        event.add("location", printable(location))
    description = _description(meeting)
    if description:
        event.add("description", printable(description))
    if url:
        event.add("url", url)
    event.add("sequence", meeting.version)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    organizer = vCalAddress(f"mailto:noreply@{host}")
    organizer.params["cn"] = vText(printable(meeting.organizer.name))
    event.add("organizer", organizer)
    if invitation is not None:
        email = (
            invitation.official.email if invitation.official_id else ""
        ) or f"undangan-{invitation.pk}@{host}"
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(printable(invitation.addressee))
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
