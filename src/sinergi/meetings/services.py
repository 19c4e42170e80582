"""Writes of a meeting's core record: create, update, cancel, open for check-in, agenda items.
Each goes through core.services (scope-checked, validated, audited; stale versions refused) and
refuses a frozen (closed or cancelled) meeting (meetings.rules.ensure_open_for_changes)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.services import Actor, create_object, delete_object, update_object
from sinergi.meetings import notices, rules
from sinergi.meetings.choices import MeetingStatus
from sinergi.meetings.models import AgendaItem, Meeting


def create_meeting(actor: Actor, meeting: Meeting) -> Meeting:
    """A new, planned meeting in the government's zone (WIB/WITA/WIT)."""
    if meeting.government_id and not meeting.time_zone:
        meeting.time_zone = meeting.government.time_zone
    meeting.status = MeetingStatus.PLANNED
    return create_object(actor, meeting)


def update_meeting(actor: Actor, meeting: Meeting, changes: dict, *, expected_version: int | None) -> Meeting:
    before = Meeting.objects.get(pk=meeting.pk)
    rules.ensure_open_for_changes(before)
    updated = update_object(actor, meeting, changes, expected_version=expected_version)
    notices.meeting_changed(before, updated)
    return updated


def cancel_meeting(actor: Actor, meeting: Meeting, reason: str, *, expected_version: int | None) -> Meeting:
    rules.ensure_open_for_changes(meeting)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give a reason.")]})
    description = f"{meeting.description}\n\n{_('Cancelled')}: {reason.strip()}".strip()
    before = Meeting.objects.get(pk=meeting.pk)
    cancelled = update_object(
        actor,
        meeting,
        {"status": MeetingStatus.CANCELLED, "description": description},
        expected_version=expected_version,
    )
    notices.meeting_changed(before, cancelled)
    return cancelled


def open_meeting(actor: Actor, meeting: Meeting, *, expected_version: int | None) -> Meeting:
    """planned -> open: the meeting is in session, check-in is accepted."""
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be opened."), code="state")
    return update_object(
        actor,
        meeting,
        {"status": MeetingStatus.OPEN, "opened_at": timezone.now()},
        expected_version=expected_version,
    )


def add_agenda_item(actor: Actor, item: AgendaItem) -> AgendaItem:
    rules.ensure_open_for_changes(item.meeting)
    if not item.order:
        item.order = (item.meeting.agenda_items.count() or 0) + 1
    return create_object(actor, item)


def delete_agenda_item(actor: Actor, item: AgendaItem) -> None:
    rules.ensure_open_for_changes(item.meeting)
    delete_object(actor, item)
