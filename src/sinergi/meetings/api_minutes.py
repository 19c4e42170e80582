"""API v1, meetings: minutes (get / put with version, `minutes_html` sanitised by
meetings.minutes.render), decisions (edit, delete; list and add are in api_meetings),
commitments (list, add, get, edit, delete; each signatory's signature; the document as PDF and
issuing it: meetings.commitments), amendments of a closed meeting (with a reason), the
notulen/berita acara PDF. Closing is `POST /meetings/{pk}/actions/close` (api_meetings).
No `from __future__ import annotations` here: Ninja reads these annotations at run time."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status

from sinergi.api.crud import ERRORS, api_actor, api_user
from sinergi.core.pdf import pdf_response
from sinergi.core.scope import Action, can, scoped
from sinergi.meetings import closing, commitments, followups, minutes
from sinergi.meetings.choices import CommitmentKind, DecisionKind, SignatureStatus
from sinergi.meetings.models import Commitment, CommitmentSignatory, Decision, Meeting
from sinergi.regions.models import Official, Unit

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


class SignatoryIn(Schema):
    """An official of the meeting's government (`official`: name and position on the signing day
    from the registry, `position` overriding it), or a `name` and/or `position` typed; `unit`:
    the unit the signatory commits. `id`: an existing signatory kept (with its signature) when
    the list is replaced."""

    id: int | None = None
    official: int | None = None
    name: str = ""
    position: str = ""
    unit: int | None = None


class SignatoryOut(Schema):
    id: int
    order: int
    official: int | None
    name: str
    position: str
    unit: int | None
    status: str
    status_on: date | None
    note: str
    version: int


class CommitmentProgressOut(Schema):
    signed: int
    declined: int
    pending: int
    actions: int
    done: int
    overdue: int
    percent: int | None


class CommitmentOut(Schema):
    id: int
    kind: str
    title: str
    text: str
    signed_on: date | None
    signatories: list[str]
    signatures: list[SignatoryOut]
    follow_ups: list[int]
    progress: CommitmentProgressOut
    document_pdf: str
    issued_code: str | None
    version: int


class CommitmentIn(Schema):
    kind: CommitmentKind = CommitmentKind.JOINT
    title: str
    text: str = ""
    signed_on: date | None = None
    signatories: list[str | SignatoryIn] = []


class CommitmentPatch(Schema):
    version: int
    kind: CommitmentKind | None = None
    title: str | None = None
    text: str | None = None
    signed_on: date | None = None
    signatories: list[str | SignatoryIn] | None = None


class SignatureIn(Schema):
    status: SignatureStatus
    on: date | None = None
    note: str = ""
    version: int | None = None


def _signatory_inputs(meeting: Meeting, items: list) -> list[commitments.SignatoryInput]:
    """The payload's signatories, with officials and units of the meeting's government (422 for
    one that is not)."""
    rows = [SignatoryIn(name=i) if isinstance(i, str) else i for i in items]
    officials = Official.objects.filter(
        government=meeting.government, pk__in=[r.official for r in rows if r.official]
    ).in_bulk()
    units = Unit.objects.filter(
        government=meeting.government, pk__in=[r.unit for r in rows if r.unit]
    ).in_bulk()
    inputs = []
    for row in rows:
        if row.official and row.official not in officials:
            raise ValidationError({"signatories": [f"Unknown official {row.official} in this government."]})
        if row.unit and row.unit not in units:
            raise ValidationError({"signatories": [f"Unknown unit {row.unit} in this government."]})
        inputs.append(commitments.SignatoryInput(
            official=officials.get(row.official) if row.official else None, name=row.name,
            position=row.position, unit=units.get(row.unit) if row.unit else None, pk=row.id,
        ))
    return inputs


def _signatory_out(s: CommitmentSignatory) -> dict:
    return {"id": s.pk, "order": s.order, "official": s.official_id, "name": s.name, "position": s.position,
            "unit": s.unit_id, "status": s.status, "status_on": s.status_on, "note": s.note,
            "version": s.version}


def _commitment_out(request: HttpRequest, c: Commitment) -> dict:
    signatories = list(c.signatories.all())
    actions = list(c.follow_ups.all())
    progress = commitments.progress_of(signatories, actions, followups.today_in(c.meeting.time_zone))
    issued = commitments.issued(c)
    return {
        "id": c.pk,
        "kind": c.kind,
        "title": c.title,
        "text": c.text,
        "signed_on": c.signed_on,
        "signatories": [str(s) for s in signatories],
        "signatures": [_signatory_out(s) for s in signatories],
        "follow_ups": [f.pk for f in actions],
        "progress": {k: getattr(progress, k) for k in CommitmentProgressOut.model_fields},
        "document_pdf": request.build_absolute_uri(
            reverse("meetings:commitment_pdf", args=[c.meeting_id, c.pk])
        ),
        "issued_code": issued.code if issued else None,
        "version": c.version,
    }


def _commitment(meeting: Meeting, commitment_id: int) -> Commitment:
    commitment = (
        Commitment.objects.filter(meeting=meeting, pk=commitment_id)
        .select_related("meeting")
        .prefetch_related("signatories", "follow_ups")
        .first()
    )
    if commitment is None:
        raise Http404
    commitment.meeting = meeting
    return commitment


@router.get("/meetings/{pk}/commitments", response={200: list[CommitmentOut], **ERRORS})
def list_commitments(request: HttpRequest, pk: int):
    """The meeting's commitments: wording, signatories with their signatures (pending, signed,
    declined, with the date), the follow-up actions carrying each out and their progress."""
    meeting = _meeting(request, pk)
    rows = meeting.commitments.prefetch_related("signatories", "follow_ups")
    out = []
    for c in rows:
        c.meeting = meeting
        out.append(_commitment_out(request, c))
    return out


@router.post("/meetings/{pk}/commitments", response={201: CommitmentOut, **ERRORS})
def add_commitment(request: HttpRequest, pk: int, payload: CommitmentIn):
    """A commitment; `signatories`: names (strings) or objects (SignatoryIn)."""
    meeting = _meeting(request, pk, Action.CHANGE)
    commitment = commitments.add_commitment(
        api_actor(request),
        meeting,
        title=payload.title,
        kind=payload.kind,
        text=payload.text,
        signed_on=payload.signed_on,
        signatories=_signatory_inputs(meeting, payload.signatories),
    )
    return Status(201, _commitment_out(request, _commitment(meeting, commitment.pk)))


@router.get("/meetings/{pk}/commitments/{commitment_id}", response={200: CommitmentOut, **ERRORS})
def get_commitment(request: HttpRequest, pk: int, commitment_id: int):
    meeting = _meeting(request, pk)
    return _commitment_out(request, _commitment(meeting, commitment_id))


@router.patch("/meetings/{pk}/commitments/{commitment_id}", response={200: CommitmentOut, **ERRORS})
def patch_commitment(request: HttpRequest, pk: int, commitment_id: int, payload: CommitmentPatch):
    """Edit the wording, title, kind, date; `signatories` replaces the list (an `id` keeps that
    signatory and its signature). Refused once the meeting is frozen or the document issued."""
    meeting = _meeting(request, pk, Action.CHANGE)
    commitment = _commitment(meeting, commitment_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "signatories"})
    for name in ("title", "kind", "text"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: ["This field cannot be null."]})
    signatories = (
        _signatory_inputs(meeting, payload.signatories) if payload.signatories is not None else None
    )
    commitments.update_commitment(
        api_actor(request), commitment, changes, signatories=signatories, expected_version=payload.version
    )
    return _commitment_out(request, _commitment(meeting, commitment_id))


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


@router.post(
    "/meetings/{pk}/commitments/{commitment_id}/signatories/{signatory_id}/signature",
    response={200: SignatoryOut, **ERRORS},
)
def set_signature(
    request: HttpRequest, pk: int, commitment_id: int, signatory_id: int, payload: SignatureIn
):
    """Where one signature stands: `pending`, or `signed` / `declined` `on` a date (not in the
    future), with an optional note; 409 when `version` is stale."""
    meeting = _meeting(request, pk, Action.CHANGE)
    commitment = _commitment(meeting, commitment_id)
    signatory = CommitmentSignatory.objects.filter(commitment=commitment, pk=signatory_id).first()
    if signatory is None:
        raise Http404
    written = commitments.set_signature(
        api_actor(request), signatory, payload.status, on=payload.on, note=payload.note,
        expected_version=payload.version,
    )
    return _signatory_out(written)


@router.post("/meetings/{pk}/commitments/{commitment_id}/issue", response={200: CommitmentOut, **ERRORS})
def issue_commitment(request: HttpRequest, pk: int, commitment_id: int):
    """Issue the commitment's document: kept as issued, verifiable by its code (no agenda number)."""
    meeting = _meeting(request, pk, Action.CHANGE)
    commitment = _commitment(meeting, commitment_id)
    commitments.issue_document(api_actor(request), commitment)
    return _commitment_out(request, _commitment(meeting, commitment_id))


@router.get("/meetings/{pk}/commitments/{commitment_id}/document.pdf")
def commitment_pdf(request: HttpRequest, pk: int, commitment_id: int):
    """The commitment's document: the issued file, or the draft (KONSEP) before it is issued."""
    meeting = _meeting(request, pk)
    commitment = _commitment(meeting, commitment_id)
    return pdf_response(commitments.document_pdf(commitment), f"komitmen-{commitment.pk}.pdf")


@router.get("/meetings/{pk}/record.pdf")
def record_pdf(request: HttpRequest, pk: int):
    """The notulen / berita acara (marked DRAF until the meeting is closed)."""
    meeting = _meeting(request, pk)
    return pdf_response(closing.record_pdf(meeting), f"notulen-{meeting.pk}.pdf")
