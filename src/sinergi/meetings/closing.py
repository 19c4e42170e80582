"""Decisions, commitments, and closing a meeting.

Closing (from "in session", or from "planned" for a meeting recorded afterwards) freezes the
record: every later change to it goes through `amend`, which needs a reason and is audited with
it (the notulen/berita acara lists the amendments). A closed meeting is never reopened: what was
agreed and signed stays as it was, and corrections are visible as amendments."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.formatting import long_date
from sinergi.core.models import AuditEvent
from sinergi.core.pdf import render_pdf
from sinergi.core.scope import Action, can
from sinergi.core.services import Actor, create_object, delete_object, update_object
from sinergi.meetings import documents, rules
from sinergi.meetings import minutes as minutes_module
from sinergi.meetings.choices import MeetingStatus
from sinergi.meetings.models import Commitment, Decision, Meeting

AMENDABLE = ("minutes", "title", "venue", "room", "address", "description")
DECISION_AMENDABLE = ("kind", "text", "given_by")
# Not translated: the amendments are found again by this prefix, whatever the language was.
AMENDMENT_PREFIX = "amendment of meeting "


def _ensure_open(meeting_id: int) -> None:
    """The frozen check on the stored meeting (a part may carry an outdated copy of it)."""
    rules.ensure_open_for_changes(Meeting.objects.only("status").get(pk=meeting_id))


def add_decision(actor: Actor, meeting: Meeting, text: str, kind: str, given_by: str = "") -> Decision:
    rules.ensure_open_for_changes(meeting)
    order = meeting.decisions.count() + 1
    return create_object(
        actor, Decision(meeting=meeting, order=order, kind=kind, text=text, given_by=given_by)
    )


def delete_decision(actor: Actor, decision: Decision) -> None:
    _ensure_open(decision.meeting_id)
    delete_object(actor, decision)


def add_commitment(actor: Actor, meeting: Meeting, **values: Any) -> Commitment:
    """A commitment with its signatories: meetings.commitments.add_commitment."""
    from sinergi.meetings import commitments

    return commitments.add_commitment(actor, meeting, **values)


def update_decision(
    actor: Actor, decision: Decision, changes: dict[str, Any], *, expected_version: int | None
) -> Decision:
    """Edit a decision of a meeting that is not frozen (a closed one goes through `amend`)."""
    _ensure_open(decision.meeting_id)
    unknown = set(changes) - set(DECISION_AMENDABLE)
    if unknown:
        raise ValidationError(
            _("These cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    return update_object(actor, decision, changes, expected_version=expected_version)


def delete_commitment(actor: Actor, commitment: Commitment) -> None:
    """meetings.commitments.delete_commitment (refused once its document was issued)."""
    from sinergi.meetings import commitments

    commitments.delete_commitment(actor, commitment)


def close_meeting(actor: Actor, meeting: Meeting, *, expected_version: int | None) -> Meeting:
    """Close the meeting: status closed, closed_at/closed_by set, audited; its record is frozen.

    Allowed from "open" (in session) and from "planned": a meeting that happened but whose
    check-in was never opened (recorded afterwards from the paper daftar hadir) must still get its
    notulen. The person closing it is the notulis of the berita acara. Only users who may change
    the meeting (its organizer unit, the government's coordinators, administrators) close it."""
    if actor.user is not None and not can(actor.user, Action.CHANGE, meeting):
        raise PermissionDenied
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
    actor: Actor,
    meeting_or_part: Meeting | Decision,
    changes: dict[str, Any],
    reason: str,
    *,
    expected_version: int | None,
) -> Meeting | Decision:
    """Change a closed meeting's record (the meeting's text fields or one of its decisions), with
    a reason. Organizer and coordinators only (whoever may change the meeting); the AuditEvent
    carries the reason in its note, the stored version grows, and the berita acara lists
    "Diubah pada <date>: <reason>".

    There is deliberately no "reopen": a closed meeting's berita acara may already be signed and
    distributed, and its decisions have become follow-up actions that units work on. Reopening
    would let the record change silently under them; an amendment keeps the original visible in
    the audit trail and shows every correction, dated and justified, on the record itself."""
    meeting = meeting_or_part if isinstance(meeting_or_part, Meeting) else meeting_or_part.meeting
    meeting.status = Meeting.objects.values_list("status", flat=True).get(pk=meeting.pk)
    if actor.user is not None and not can(actor.user, Action.CHANGE, meeting):
        raise PermissionDenied
    if meeting.status != MeetingStatus.CLOSED:
        raise ValidationError(_("Only a closed meeting is amended; change it directly."), code="state")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    allowed = AMENDABLE if isinstance(meeting_or_part, Meeting) else DECISION_AMENDABLE
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(
            _("These cannot be amended: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    # The reason goes into the update's own audit event (events are never changed afterwards).
    updated = update_object(actor, meeting_or_part, changes, expected_version=expected_version,
                            note=f"{AMENDMENT_PREFIX}{meeting.pk}: {reason}"[:300])
    written = AuditEvent.objects.filter(
        id__gt=last,
        object_id=str(meeting_or_part.pk),
        content_type=ContentType.objects.get_for_model(type(meeting_or_part)),
    ).exists()
    if not written:
        raise ValidationError(_("Nothing was changed."), code="unchanged")
    return updated


def amendments(meeting: Meeting) -> list[tuple[str, str]]:
    """(date, reason) of every amendment of the meeting's record, oldest first."""
    events = AuditEvent.objects.filter(note__startswith=f"{AMENDMENT_PREFIX}{meeting.pk}: ").order_by("id")
    return [
        (long_date(rules.local(e.timestamp, meeting.time_zone).date()), e.note.split(": ", 1)[-1])
        for e in events
    ]


def _signature_state(signatory) -> str:
    """" (ditandatangani 15 Juli 2024)": where the signature stands, for the berita acara."""
    day = long_date(signatory.status_on).split(", ", 1)[-1] if signatory.status_on else ""
    if signatory.status == "signed":
        return f" (ditandatangani {day})"
    if signatory.status == "declined":
        return f" (menolak menandatangani, {day})"
    return " (belum ditandatangani)"


def record_data(meeting: Meeting) -> dict[str, Any]:
    """The notulen / berita acara, in Indonesian whatever the reader's language: the organizer's
    kop, attendees, agenda, minutes, decisions, follow-ups, commitments, the place and date, and
    the signatures of the notulis and of the chair ("Mengetahui, Pimpinan Rapat"); "DRAF" until
    the meeting is closed."""
    with documents.indonesian():
        return _record_data(meeting)


def _record_data(meeting: Meeting) -> dict[str, Any]:
    from sinergi.extraction.drafts import in_indonesian  # extraction builds on meetings

    chair = f"{meeting.chair_position} {meeting.chair}".strip() if meeting.chair else meeting.chair_position
    if meeting.chair_delegate:
        chair += f", melalui {meeting.chair_delegate_position} {meeting.chair_delegate}".rstrip()
    attendances = list(meeting.attendances.select_related("unit").order_by("checked_in_at", "id"))
    present_units = {a.unit_id for a in attendances if a.unit_id}
    present_invitations = {a.invitation_id for a in attendances if a.invitation_id}
    invited = [
        {
            "name": i.unit.name if i.unit else i.addressee,
            "present": "hadir"
            if (i.unit_id in present_units or i.pk in present_invitations)
            else "tidak hadir",
        }
        for i in meeting.invitations.select_related("unit").order_by("id")
    ]
    follow_ups = meeting.follow_ups.prefetch_related("responsible_units").order_by("due_date", "id")
    return {
        "draft": meeting.status != MeetingStatus.CLOSED,
        "kop": documents.organizer_kop(meeting),
        "title": meeting.title,
        "day_date": long_date(documents.meeting_day(meeting)),
        "time": documents.time_range(meeting),
        "place": documents.place_text(meeting, address=True),
        "chair": chair or "–",
        "attendees": [
            {"name": a.name, "position": a.position,
             "unit": a.organization or (a.unit.name if a.unit else "")}
            for a in attendances
        ],
        "invited": invited,
        "agenda": [item.title for item in meeting.agenda_items.all()],
        "minutes": minutes_module.blocks(in_indonesian(meeting.minutes)),
        "decisions": [
            {"kind": str(d.get_kind_display()), "text": d.text, "by": d.given_by}
            for d in meeting.decisions.all()
        ],
        "follow_ups": [
            {
                "text": f.description,
                "units": ", ".join(u.name for u in f.responsible_units.all()),
                "due": documents.date_text(f.due_date),
                "status": str(f.get_status_display()),
            }
            for f in follow_ups
        ],
        "commitments": [
            {
                "title": c.title,
                "signed": long_date(c.signed_on) if c.signed_on else "",
                "signatories": [
                    ", ".join(p for p in (s.name, s.position) if p) + _signature_state(s)
                    for s in c.signatories.all()
                ],
            }
            for c in meeting.commitments.all()
        ],
        "amendments": [{"date": d, "reason": r} for d, r in amendments(meeting)],
        "place_date": documents.place_date(meeting),
        "notulis": documents.notulis_signature(meeting),
        "chair_signature": documents.chair_signature(meeting),
    }


def record_pdf(meeting: Meeting) -> bytes:
    return render_pdf("meetings/record.typ", record_data(meeting))


def issued_records(meeting: Meeting):
    """The issued versions of the meeting's notulen / berita acara, newest first."""
    from sinergi.documents.issuing import issued_for
    from sinergi.documents.models import DocumentKind

    return issued_for(meeting, DocumentKind.RECORD)


def issue_record(actor: Actor, meeting: Meeting):
    """Issue the notulen / berita acara of a closed meeting: a verifiable PDF kept as issued,
    numbered with the government's classification code of records when it has one. After an
    amendment it can be issued again (a new version; the earlier ones stay verifiable)."""
    from sinergi.documents import issuing, naskah
    from sinergi.documents.models import DocumentKind

    if not meeting.is_closed:
        raise ValidationError(_("Close the meeting before issuing its record."), code="not_closed")
    latest = issued_records(meeting).first()
    if latest is not None and latest.created_at >= meeting.updated_at:
        raise ValidationError(_("This version of the record was already issued; amend the minutes to "
                                "issue a new one."), code="issued")
    code = naskah.letterhead_of(meeting.government).record_code
    numbering = (issuing.Numbering(code, naskah.unit_number_code(meeting.organizer)) if code else None)
    data = record_data(meeting)
    chair = data["chair_signature"]

    def render(stamp):
        return render_pdf("meetings/record.typ", {**data, "verification": stamp.verification(),
                                                  "number": stamp.number})

    return issuing.issue(
        actor, kind=DocumentKind.RECORD, government=meeting.government, unit=meeting.organizer,
        date=meeting.government.today(), subject=f"Notulen {meeting.title}", render=render,
        file_name=f"notulen-{meeting.pk}.pdf", numbering=numbering, signer_name=chair.get("name", ""),
        signer_position=" ".join(line for line in chair.get("lines", []) if line).rstrip(","), source=meeting)
