"""Decisions, commitments, and closing a meeting.

Closing (from "in session", or from "planned" for a meeting recorded afterwards) freezes the
record: every later change to it goes through `amend`, which needs a reason and is audited with
it (the notulen/berita acara lists the amendments). A closed meeting is never reopened: what was
agreed and signed stays as it was, and corrections are visible as amendments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.formatting import local_time, long_date
from sinergi.core.models import AuditEvent
from sinergi.core.pdf import render_pdf
from sinergi.core.scope import Action, can
from sinergi.core.services import Actor, create_object, delete_object, update_object
from sinergi.meetings import minutes as minutes_module
from sinergi.meetings import rules
from sinergi.meetings.choices import MeetingStatus
from sinergi.meetings.models import Commitment, CommitmentSignatory, Decision, Meeting

AMENDABLE = ("minutes", "title", "venue", "room", "description")


def add_decision(actor: Actor, meeting: Meeting, text: str, kind: str, given_by: str = "") -> Decision:
    rules.ensure_open_for_changes(meeting)
    order = meeting.decisions.count() + 1
    return create_object(
        actor, Decision(meeting=meeting, order=order, kind=kind, text=text, given_by=given_by)
    )


def delete_decision(actor: Actor, decision: Decision) -> None:
    rules.ensure_open_for_changes(decision.meeting)
    delete_object(actor, decision)


@transaction.atomic
def add_commitment(
    actor: Actor,
    meeting: Meeting,
    *,
    title: str,
    kind: str,
    text: str = "",
    signed_on: dt.date | None = None,
    signatories: list[tuple[str, str]] = (),
    document=None,
) -> Commitment:
    rules.ensure_open_for_changes(meeting)
    commitment = Commitment(meeting=meeting, title=title, kind=kind, text=text, signed_on=signed_on)
    if document is not None:
        commitment.document = document
    commitment = create_object(actor, commitment)
    for order, (name, position) in enumerate(signatories, start=1):
        if name.strip():
            CommitmentSignatory.objects.create(
                commitment=commitment, name=name.strip()[:200], position=position.strip()[:200], order=order
            )
    return commitment


def close_meeting(actor: Actor, meeting: Meeting, *, expected_version: int | None) -> Meeting:
    if meeting.status not in (MeetingStatus.OPEN, MeetingStatus.PLANNED):
        raise ValidationError(
            _("Only a meeting in session (or one recorded afterwards) can be closed."), code="state"
        )
    return update_object(
        actor,
        meeting,
        {"status": MeetingStatus.CLOSED, "closed_at": timezone.now(), "closed_by": actor.user},
        expected_version=expected_version,
    )


def amend(
    actor: Actor, meeting: Meeting, changes: dict[str, Any], reason: str, *, expected_version: int | None
) -> Meeting:
    """Change a closed meeting's record, with a reason (organizer and coordinators only)."""
    if meeting.status != MeetingStatus.CLOSED:
        raise ValidationError(_("Only a closed meeting is amended; change it directly."), code="state")
    if actor.user is not None and not can(actor.user, Action.CHANGE, meeting):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise ValidationError(
            _("These cannot be amended: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    updated = update_object(actor, meeting, changes, expected_version=expected_version)
    event = (
        AuditEvent.objects.filter(object_id=str(meeting.pk), content_type__model="meeting")
        .order_by("-id")
        .first()
    )
    if event is not None:
        event.note = f"{_('Amendment')}: {reason}"[:300]
        event.save(update_fields=["note"])
    return updated


def amendments(meeting: Meeting) -> list[tuple[str, str]]:
    events = AuditEvent.objects.filter(
        object_id=str(meeting.pk), content_type__model="meeting", note__startswith=_("Amendment")
    ).order_by("id")
    return [(long_date(timezone.localtime(e.timestamp).date()), e.note.split(": ", 1)[-1]) for e in events]


def record_data(meeting: Meeting) -> dict[str, Any]:
    """The notulen / berita acara: attendees, agenda, minutes, decisions, follow-ups, commitments,
    signatures; "DRAF" until the meeting is closed."""
    start = rules.local(meeting.starts_at, meeting.time_zone)
    chair = f"{meeting.chair_position} {meeting.chair}".strip() if meeting.chair else meeting.chair_position
    if meeting.chair_delegate:
        chair += f", melalui {meeting.chair_delegate_position} {meeting.chair_delegate}".rstrip()
    follow_ups = meeting.follow_ups.prefetch_related("responsible_units").order_by("due_date", "id")
    return {
        "draft": meeting.status != MeetingStatus.CLOSED,
        "government": meeting.government.name.upper(),
        "unit": meeting.organizer.name.upper(),
        "title": meeting.title,
        "day_date": long_date(start.date()),
        "time": f"{local_time(meeting.starts_at, meeting.time_zone)}",
        "place": ", ".join(p for p in (meeting.venue, meeting.room, meeting.address) if p) or "–",
        "chair": chair or "–",
        "attendees": [
            {"name": a.name, "unit": a.organization, "position": a.position}
            for a in meeting.attendances.order_by("checked_in_at", "id")
        ],
        "agenda": [item.title for item in meeting.agenda_items.all()],
        "minutes": minutes_module.plain_paragraphs(meeting.minutes),
        "decisions": [
            {"kind": str(d.get_kind_display()), "text": d.text, "by": d.given_by}
            for d in meeting.decisions.all()
        ],
        "follow_ups": [
            {
                "text": f.description,
                "units": ", ".join(u.name for u in f.responsible_units.all()),
                "due": long_date(f.due_date).split(", ", 1)[-1],
                "status": str(f.get_status_display()),
            }
            for f in follow_ups
        ],
        "commitments": [
            {
                "title": c.title,
                "signed": long_date(c.signed_on) if c.signed_on else "",
                "signatories": [
                    f"{s.name}{', ' + s.position if s.position else ''}" for s in c.signatories.all()
                ],
            }
            for c in meeting.commitments.all()
        ],
        "amendments": [{"date": d, "reason": r} for d, r in amendments(meeting)],
        "notulis": (meeting.closed_by.get_full_name() or meeting.closed_by.get_username())
        if meeting.closed_by
        else "",
        "chair_sign": str(meeting.chair_delegate or meeting.chair or ""),
        "chair_title": (meeting.chair_delegate_position if meeting.chair_delegate else meeting.chair_position)
        or "Pimpinan Rapat",
    }


def record_pdf(meeting: Meeting) -> bytes:
    return render_pdf("meetings/record.typ", record_data(meeting))
