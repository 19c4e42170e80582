"""Rules shared by every meeting module: when a meeting may still change, and its local time.

Pure functions (no queries): a view, a service, an export and a test call the same ones."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sinergi.core.formatting import local_time, long_date, zone_abbreviation
from sinergi.meetings.choices import MeetingStatus

# A meeting in these states is not frozen yet: invitations can still be answered, and once it
# has ended its minutes are still to be written and the meeting closed.
UNFROZEN = (MeetingStatus.PLANNED, MeetingStatus.OPEN)


def ensure_open_for_changes(meeting) -> None:
    """A closed or cancelled meeting is frozen: its record changes only through the audited
    amendment of meetings.closing. Raises ValidationError (code "frozen") otherwise."""
    if meeting.status == MeetingStatus.CLOSED:
        raise ValidationError(
            _("The meeting is closed: its record can only be amended, with a reason."), code="frozen"
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting was cancelled."), code="frozen")


def local(moment: dt.datetime, zone: str) -> dt.datetime:
    """`moment` in the meeting's zone (WIB/WITA/WIT)."""
    return moment.astimezone(ZoneInfo(zone))


def make_aware(day: dt.date, time: dt.time, zone: str) -> dt.datetime:
    """The instant of a local date and time typed for a meeting in `zone`."""
    return dt.datetime.combine(day, time, tzinfo=ZoneInfo(zone))


def day_bounds(day: dt.date, zone: str) -> tuple[dt.datetime, dt.datetime]:
    """starts_at and ends_at of a meeting whose time is not known: noon to one o'clock of its
    day in its zone — a placeholder never shown (`when` says the time is not stated), placed
    mid-day so that the day is the same in every Indonesian zone and in UTC, whoever reads it
    (midnight WITA is the day before in WIB and UTC)."""
    return make_aware(day, dt.time(12, 0), zone), make_aware(day, dt.time(13, 0), zone)


def when(meeting, zone: str | None = None) -> str:
    """`Selasa, 10 Desember 2024, 09.00–12.00 WITA` (the end's date added when it differs), in
    the meeting's zone or in `zone` (a recipient's, e.g. a WIT government invited to a WIB
    meeting). `Selasa, 10 Desember 2024, waktu tidak disebutkan` when only the day is known."""
    if not getattr(meeting, "time_known", True):
        day = local(meeting.starts_at, meeting.time_zone).date()
        return f"{long_date(day)}, {_('time not stated')}"
    zone = zone or meeting.time_zone
    start = local(meeting.starts_at, zone)
    end = local(meeting.ends_at, zone)
    start_time = local_time(meeting.starts_at, zone).rsplit(" ", 1)[0]
    end_time = local_time(meeting.ends_at, zone)
    if start.date() == end.date():
        return f"{long_date(start.date())}, {start_time}–{end_time}"
    return f"{long_date(start.date())}, {start_time} – {long_date(end.date())}, {end_time}"


def zone_label(zone: str) -> str:
    return zone_abbreviation(zone)
