"""Telling the invited units about a meeting (sinergi.notifications): the invitation when the
organizer sends it, and a change of its time or place (or its cancellation) afterwards — only
to those who were told about the invitation. Indonesian texts, times in the meeting's zone."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.meetings import rules
from sinergi.meetings.choices import MeetingStatus
from sinergi.meetings.models import Invitation, Meeting
from sinergi.notifications.choices import Channel, Kind
from sinergi.notifications.models import Notification
from sinergi.notifications.services import UNIT_ROLES, NotifyResult, notify, users_of_units

LANGUAGE = "id"
# A change of these fields changes what the invitation says.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "time_zone", "venue", "room", "address", "online_url")


def key_of(meeting: Meeting) -> str:
    return f"meeting:{meeting.pk}"


def _place(meeting: Meeting) -> str:
    return ", ".join(p for p in (meeting.venue, meeting.room, meeting.address) if p)


def _details(meeting: Meeting) -> str:
    lines = [_("When: %(when)s") % {"when": rules.when(meeting)}]
    if _place(meeting):
        lines.append(_("Where: %(place)s") % {"place": _place(meeting)})
    if meeting.online_url:
        lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
    return "\n".join(lines)


def invitations_sent(meeting: Meeting, invitations: Iterable[Invitation]) -> NotifyResult:
    """The heads and operators of each invited unit are told about the invitation: in the app and
    on WhatsApp (the letter itself goes by email: meetings.tasks_invitations)."""
    users = users_of_units({i.unit_id for i in invitations if i.unit_id}, UNIT_ROLES)
    with translation.override(LANGUAGE):
        title = _("Invitation: %(title)s") % {"title": meeting.title}
        body = _details(meeting)
    return notify(users, Kind.INVITATION_RECEIVED, title, body, meeting.get_absolute_url(),
                  key_of(meeting), government=meeting.government_id, channels=[Channel.WHATSAPP])


def meeting_changed(before: Meeting, after: Meeting) -> NotifyResult | None:
    """When the time, place or status of a meeting whose invitation was sent changes, the people
    who were told about the invitation are told about the change."""
    cancelled = after.status == MeetingStatus.CANCELLED != before.status
    if not cancelled and all(getattr(before, f) == getattr(after, f) for f in SCHEDULE_FIELDS):
        return None
    told = User.objects.filter(pk__in=Notification.objects.filter(
        kind=Kind.INVITATION_RECEIVED, dedupe_key=key_of(after)).values("recipient_id"))
    with translation.override(LANGUAGE):
        if cancelled:
            title = _("Meeting cancelled: %(title)s") % {"title": after.title}
        else:
            title = _("Invitation changed: %(title)s") % {"title": after.title}
        body = _details(after)
    return notify(told, Kind.INVITATION_CHANGED, title, body, after.get_absolute_url(), key_of(after),
                  government=after.government_id)
