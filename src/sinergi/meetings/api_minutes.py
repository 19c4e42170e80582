"""API v1, meetings: minutes (get / put with version, `minutes_html` sanitised by
meetings.minutes.render), decisions (edit, delete; list and add are in api_meetings),
commitments (delete), amendments of a closed meeting (with a reason), the notulen/berita acara
PDF. Closing is `POST /meetings/{pk}/actions/close` (api_meetings).
No `from __future__ import annotations` here: Ninja reads these annotations at run time."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from sinergi.api.crud import ERRORS, api_actor, api_user
from sinergi.core.pdf import pdf_response
from sinergi.core.scope import Action, can, scoped
from sinergi.meetings import closing, minutes
from sinergi.meetings.choices import DecisionKind
from sinergi.meetings.models import Commitment, Decision, Meeting

router = Router(tags=["meetings"])


class MinutesOut(Schema):
    minutes: str
    minutes_html: str
    version: int
    status: str


class MinutesIn(Schema):
    minutes: str
    version: int
    reason: str = ""


class DecisionOut(Schema):
    id: int
    order: int
    kind: str
    text: str
    given_by: str
    version: int


class DecisionPatch(Schema):
    version: int
    kind: DecisionKind | None = None
    text: str | None = None
    given_by: str | None = None
    reason: str = ""


def _meeting(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Meeting:
    user = api_user(request)
    meeting = scoped(Meeting.objects.select_related("government", "organizer"), user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    if action != Action.VIEW and not can(user, action, meeting):
        raise PermissionDenied
    return meeting


def _minutes_out(meeting: Meeting) -> dict:
    return {
        "minutes": meeting.minutes,
        "minutes_html": minutes.render(meeting.minutes),
        "version": meeting.version,
        "status": meeting.status,
    }


def _decision_out(d: Decision) -> dict:
    return {"id": d.pk, "order": d.order, "kind": d.kind, "text": d.text, "given_by": d.given_by,
            "version": d.version}


@router.get("/meetings/{pk}/minutes", response={200: MinutesOut, **ERRORS})
def get_minutes(request: HttpRequest, pk: int):
    return _minutes_out(_meeting(request, pk))


@router.put("/meetings/{pk}/minutes", response={200: MinutesOut, **ERRORS})
def put_minutes(request: HttpRequest, pk: int, payload: MinutesIn):
    """Save the minutes (409 when `version` is stale). A closed meeting needs `reason` (amendment)."""
    meeting = _meeting(request, pk, Action.CHANGE)
    actor = api_actor(request)
    if meeting.is_closed:
        meeting = closing.amend(
            actor, meeting, {"minutes": payload.minutes}, payload.reason, expected_version=payload.version
        )
    else:
        meeting = minutes.save_minutes(actor, meeting, payload.minutes, expected_version=payload.version)
    return _minutes_out(meeting)


@router.patch("/meetings/{pk}/decisions/{decision_id}", response={200: DecisionOut, **ERRORS})
def patch_decision(request: HttpRequest, pk: int, decision_id: int, payload: DecisionPatch):
    """Edit a decision; on a closed meeting this is an amendment and needs `reason`."""
    meeting = _meeting(request, pk, Action.CHANGE)
    decision = Decision.objects.filter(meeting=meeting, pk=decision_id).select_related("meeting").first()
    if decision is None:
        raise Http404
    changes = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    actor = api_actor(request)
    if meeting.is_closed:
        decision = closing.amend(actor, decision, changes, payload.reason, expected_version=payload.version)
    else:
        decision = closing.update_decision(actor, decision, changes, expected_version=payload.version)
    return _decision_out(decision)


@router.delete("/meetings/{pk}/decisions/{decision_id}", response={204: None, **ERRORS})
def delete_decision(request: HttpRequest, pk: int, decision_id: int):
    meeting = _meeting(request, pk, Action.CHANGE)
    decision = Decision.objects.filter(meeting=meeting, pk=decision_id).select_related("meeting").first()
    if decision is None:
        raise Http404
    closing.delete_decision(api_actor(request), decision)
    return Status(204, None)


@router.delete("/meetings/{pk}/commitments/{commitment_id}", response={204: None, **ERRORS})
def delete_commitment(request: HttpRequest, pk: int, commitment_id: int):
    meeting = _meeting(request, pk, Action.CHANGE)
    commitment = (
        Commitment.objects.filter(meeting=meeting, pk=commitment_id).select_related("meeting").first()
    )
    if commitment is None:
        raise Http404
    closing.delete_commitment(api_actor(request), commitment)
    return Status(204, None)


@router.get("/meetings/{pk}/record.pdf")
def record_pdf(request: HttpRequest, pk: int):
    """The notulen / berita acara (marked DRAF until the meeting is closed)."""
    meeting = _meeting(request, pk)
    return pdf_response(closing.record_pdf(meeting), f"notulen-{meeting.pk}.pdf")
