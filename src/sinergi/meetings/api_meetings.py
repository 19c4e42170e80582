"""API v1, meetings: meetings (list, detail, create, patch, open, close, cancel), invitations
(invite, answer, .ics), attendance (read), follow-up actions (list, create, progress).
Times are ISO 8601 with the offset of the meeting's own zone, plus `time_zone`.
No `from __future__ import annotations` here: Ninja reads these annotations at run time."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status

from sinergi.api.crud import ERRORS, api_actor, api_user
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import create_object
from sinergi.meetings import attendance, closing, followups, ics, invitations, rules, services
from sinergi.meetings.choices import LINE_CLOSED, DecisionKind, MeetingKind
from sinergi.meetings.models import AgendaItem, FollowUp, FollowUpLine, Invitation, Meeting, MeetingSeries
from sinergi.regions.models import Unit

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    government: int
    organizer: int
    kind: str
    title: str
    status: str
    starts_at: datetime
    ends_at: datetime
    # False when only the day is known (recorded from a report that gives no time): starts_at
    # and ends_at are then the day's first and last minute.
    time_known: bool
    time_zone: str
    venue: str
    online_url: str
    minutes_html: str
    version: int


class MeetingIn(Schema):
    organizer: int
    kind: MeetingKind = MeetingKind.COORDINATION
    title: str
    day: date
    start: str
    end: str
    venue: str = ""
    online_url: str = ""
    period_year: int | None = None
    period_quarter: int | None = None


class MeetingPatch(Schema):
    version: int
    title: str | None = None
    venue: str | None = None
    description: str | None = None
    minutes: str | None = None


class VersionIn(Schema):
    version: int
    reason: str = ""


def _out(meeting: Meeting) -> dict:
    from sinergi.meetings.minutes import render

    return {
        "id": meeting.pk,
        "government": meeting.government_id,
        "organizer": meeting.organizer_id,
        "kind": meeting.kind,
        "title": meeting.title,
        "status": meeting.status,
        "starts_at": rules.local(meeting.starts_at, meeting.time_zone),
        "ends_at": rules.local(meeting.ends_at, meeting.time_zone),
        "time_known": meeting.time_known,
        "time_zone": meeting.time_zone,
        "venue": meeting.venue,
        "online_url": meeting.online_url,
        "minutes_html": render(meeting.minutes),
        "version": meeting.version,
    }


def _meeting(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Meeting:
    meeting = (
        scoped(Meeting.objects.select_related("government", "organizer"), api_user(request))
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    if action != Action.VIEW and not can(api_user(request), action, meeting):
        raise PermissionDenied
    return meeting


@router.get("/meetings", response={200: list[MeetingOut], **ERRORS})
def list_meetings(
    request: HttpRequest, government: int | None = None, start: date | None = None, end: date | None = None
):
    meetings = scoped(Meeting.objects.all(), api_user(request)).order_by("starts_at")
    if government:
        meetings = meetings.filter(government_id=government)
    if start:
        meetings = meetings.filter(starts_at__date__gte=start)
    if end:
        meetings = meetings.filter(starts_at__date__lte=end)
    return [_out(m) for m in meetings[:500]]


@router.get("/meetings/{pk}", response={200: MeetingOut, **ERRORS})
def get_meeting(request: HttpRequest, pk: int):
    return _out(_meeting(request, pk))


@router.post("/meetings", response={201: MeetingOut, **ERRORS})
def create_meeting(request: HttpRequest, payload: MeetingIn):
    unit = (
        scoped(Unit.objects.select_related("government"), api_user(request))
        .filter(pk=payload.organizer)
        .first()
    )
    if unit is None:
        raise ValidationError({"organizer": ["Unknown unit (or not visible to you)."]})
    zone = unit.government.time_zone
    try:
        start = datetime.strptime(payload.start, "%H:%M").time()
        end = datetime.strptime(payload.end, "%H:%M").time()
    except ValueError:
        raise ValidationError({"start": ["Times are HH:MM."]}) from None
    meeting = Meeting(
        government=unit.government,
        organizer=unit,
        kind=payload.kind,
        title=payload.title,
        starts_at=rules.make_aware(payload.day, start, zone),
        ends_at=rules.make_aware(payload.day, end, zone),
        time_zone=zone,
        venue=payload.venue,
        online_url=payload.online_url,
        period_year=payload.period_year,
        period_quarter=payload.period_quarter,
    )
    return Status(201, _out(services.create_meeting(api_actor(request), meeting)))


@router.patch("/meetings/{pk}", response={200: MeetingOut, **ERRORS})
def patch_meeting(request: HttpRequest, pk: int, payload: MeetingPatch):
    meeting = _meeting(request, pk, Action.CHANGE)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return _out(
        services.update_meeting(api_actor(request), meeting, changes, expected_version=payload.version)
    )


@router.post("/meetings/{pk}/actions/{step}", response={200: MeetingOut, **ERRORS})
def meeting_step(request: HttpRequest, pk: int, step: str, payload: VersionIn):
    meeting = _meeting(request, pk, Action.CHANGE)
    actor = api_actor(request)
    if step == "open":
        meeting = services.open_meeting(actor, meeting, expected_version=payload.version)
    elif step == "close":
        meeting = closing.close_meeting(actor, meeting, expected_version=payload.version)
    elif step == "cancel":
        meeting = services.cancel_meeting(actor, meeting, payload.reason, expected_version=payload.version)
    else:
        raise Http404
    return _out(meeting)


@router.get("/meetings/{pk}/ics")
def meeting_ics(request: HttpRequest, pk: int):
    meeting = _meeting(request, pk)
    return HttpResponse(
        ics.calendar_for(meeting, request.get_host().split(":")[0]),
        content_type="text/calendar; charset=utf-8",
    )


class InvitationOut(Schema):
    id: int
    unit: int | None
    official: int | None
    addressee: str
    rsvp: str
    representation: str
    version: int


class InviteIn(Schema):
    units: list[int] = []
    all_kecamatan: bool = False


class AnswerIn(Schema):
    version: int
    rsvp: str
    delegate_name: str = ""
    delegate_position: str = ""


def _invitation_out(i: Invitation) -> dict:
    return {
        "id": i.pk,
        "unit": i.unit_id,
        "official": i.official_id,
        "addressee": i.addressee,
        "rsvp": i.rsvp,
        "representation": invitations.representation(i),
        "version": i.version,
    }


@router.get("/meetings/{pk}/invitations", response={200: list[InvitationOut], **ERRORS})
def list_invitations(request: HttpRequest, pk: int):
    return [_invitation_out(i) for i in _meeting(request, pk).invitations.order_by("id")]


@router.post("/meetings/{pk}/invitations", response={200: list[InvitationOut], **ERRORS})
def invite(request: HttpRequest, pk: int, payload: InviteIn):
    meeting = _meeting(request, pk, Action.CHANGE)
    units = (
        invitations.all_district_offices(meeting)
        if payload.all_kecamatan
        else Unit.objects.filter(government=meeting.government, pk__in=payload.units)
    )
    invitations.invite_units(api_actor(request), meeting, units)
    return [_invitation_out(i) for i in meeting.invitations.order_by("id")]


@router.post("/invitations/{pk}/answer", response={200: InvitationOut, **ERRORS})
def answer(request: HttpRequest, pk: int, payload: AnswerIn):
    invitation = Invitation.objects.filter(
        pk=pk, meeting__in=scoped(Meeting.objects.all(), api_user(request))
    ).first()
    if invitation is None:
        raise Http404
    done = invitations.answer(
        api_actor(request),
        invitation,
        payload.rsvp,
        delegate_name=payload.delegate_name,
        delegate_position=payload.delegate_position,
        expected_version=payload.version,
    )
    return _invitation_out(done)


class AttendanceOut(Schema):
    name: str
    organization: str
    position: str
    represents: str
    method: str
    checked_in_at: datetime


@router.get("/meetings/{pk}/attendance", response={200: list[AttendanceOut], **ERRORS})
def list_attendance(request: HttpRequest, pk: int):
    return list(
        _meeting(request, pk)
        .attendances.order_by("checked_in_at")
        .values("name", "organization", "position", "represents", "method", "checked_in_at")
    )


class CheckinIn(Schema):
    name: str
    unit: int | None = None
    organization: str = ""
    position: str = ""


@router.post("/meetings/{pk}/attendance", response={201: AttendanceOut, **ERRORS})
def check_in(request: HttpRequest, pk: int, payload: CheckinIn):
    """The organizer checks someone in (audited); the same person twice answers the first row."""
    meeting = _meeting(request, pk, Action.CHANGE)
    unit = (
        Unit.objects.filter(government=meeting.government, pk=payload.unit).first() if payload.unit else None
    )
    row = attendance.manual_checkin(
        api_actor(request),
        meeting,
        name=payload.name,
        unit=unit,
        organization=payload.organization,
        position=payload.position,
    ).attendance
    return Status(
        201,
        {
            "name": row.name,
            "organization": row.organization,
            "position": row.position,
            "represents": row.represents,
            "method": row.method,
            "checked_in_at": row.checked_in_at,
        },
    )


class FollowUpLineOut(Schema):
    id: int
    unit: int
    unit_name: str
    due_date: date
    status: str
    progress: int
    claim: str
    reported_on: date | None
    accepted: bool
    assessed_on: date | None
    returned: int
    reason: str
    overdue: bool
    steps: list[str]
    version: int


class FollowUpOut(Schema):
    id: int
    meeting: int
    commitment: int | None = None
    description: str
    responsible_units: list[int]
    due_date: date
    status: str
    progress: int
    overdue: bool
    lines_closed: int
    lines_total: int
    version: int


class FollowUpDetailOut(FollowUpOut):
    units: list[FollowUpLineOut]


class LineStepIn(Schema):
    version: int
    step: str
    progress: int | None = None
    note: str = ""
    reason: str = ""


class FollowUpIn(Schema):
    description: str
    responsible_units: list[int]
    due_date: date
    decision: int | None = None
    commitment: int | None = None
    unit_due_dates: dict[int, date] = {}


class ProgressIn(Schema):
    version: int
    status: str
    progress: int = 0
    note: str = ""
    reason: str = ""
    unit: int | None = None


def _follow_up_out(f: FollowUp, counts: tuple[int, int] | None = None) -> dict:
    today = followups.today_in(f.meeting.time_zone)
    closed, total = counts if counts is not None else followups.line_counts([f.pk]).get(f.pk, (0, 0))
    return {
        "id": f.pk,
        "meeting": f.meeting_id,
        "commitment": f.commitment_id,
        "description": f.description,
        "responsible_units": [u.pk for u in f.responsible_units.all()],
        "due_date": f.due_date,
        "status": f.status,
        "progress": f.progress,
        "overdue": followups.is_overdue(f, today),
        "lines_closed": closed,
        "lines_total": total,
        "version": f.version,
    }


def _line_out(line: FollowUpLine, user, today) -> dict:
    return {
        "id": line.pk,
        "unit": line.unit_id,
        "unit_name": line.unit.name,
        "due_date": line.due_date,
        "status": line.status,
        "progress": line.progress,
        "claim": line.claim,
        "reported_on": line.reported_on,
        "accepted": line.status in LINE_CLOSED,
        "assessed_on": line.assessed_on,
        "returned": line.times_returned,
        "reason": line.reason,
        "overdue": followups.line_is_overdue(line, today),
        "steps": [step.value for step in followups.allowed_steps(user, line)],
        "version": line.version,
    }


def _follow_up_detail(f: FollowUp, user) -> dict:
    today = followups.today_in(f.meeting.time_zone)
    lines = list(f.lines.select_related("unit").order_by("unit__name", "id"))
    for line in lines:
        line.follow_up = f
    out = _follow_up_out(f, (sum(1 for li in lines if li.status in LINE_CLOSED), len(lines)))
    out["units"] = [_line_out(line, user, today) for line in lines]
    return out


@router.get("/follow-ups", response={200: list[FollowUpOut], **ERRORS})
def list_follow_ups(
    request: HttpRequest,
    government: int | None = None,
    meeting: int | None = None,
    unit: int | None = None,
    status: str | None = None,
):
    rows = scoped(
        FollowUp.objects.select_related("meeting").prefetch_related("responsible_units"), api_user(request)
    )
    if government:
        rows = rows.filter(government_id=government)
    if meeting:
        rows = rows.filter(meeting_id=meeting)
    if unit:
        rows = rows.filter(responsible_units=unit)
    if status:
        rows = rows.filter(status=status)
    rows = list(rows.distinct().order_by("due_date")[:1000])
    counts = followups.line_counts([f.pk for f in rows])
    return [_follow_up_out(f, counts.get(f.pk, (0, 0))) for f in rows]


@router.get("/follow-ups/{pk}", response={200: FollowUpDetailOut, **ERRORS})
def get_follow_up(request: HttpRequest, pk: int):
    """One action with its lines: per responsible unit the status, progress, due date, whether
    the organizer accepted it, and the steps the caller may take."""
    rows = FollowUp.objects.select_related("meeting").prefetch_related("responsible_units")
    follow_up = scoped(rows, api_user(request)).filter(pk=pk).first()
    if follow_up is None:
        raise Http404
    return _follow_up_detail(follow_up, api_user(request))


@router.post("/follow-ups/lines/{pk}/steps", response={200: FollowUpDetailOut, **ERRORS})
def line_step(request: HttpRequest, pk: int, payload: LineStepIn):
    """A step on one unit's line: progress, report_done, report_not_actionable (the unit);
    accept, return, close, reopen (the organizer or a coordinating unit)."""
    line = (
        scoped(FollowUpLine.objects.select_related("follow_up__meeting", "unit"), api_user(request))
        .filter(pk=pk)
        .first()
    )
    if line is None:
        raise Http404
    followups.act(
        api_actor(request),
        line,
        payload.step,
        progress=payload.progress,
        note=payload.note,
        reason=payload.reason,
        expected_version=payload.version,
    )
    follow_up = FollowUp.objects.select_related("meeting").prefetch_related("responsible_units").get(
        pk=line.follow_up_id
    )
    return _follow_up_detail(follow_up, api_user(request))


@router.post("/meetings/{pk}/follow-ups", response={201: FollowUpOut, **ERRORS})
def create_follow_up(request: HttpRequest, pk: int, payload: FollowUpIn):
    meeting = _meeting(request, pk, Action.CHANGE)
    units = list(Unit.objects.filter(government=meeting.government, pk__in=payload.responsible_units))
    decision = meeting.decisions.filter(pk=payload.decision).first() if payload.decision else None
    commitment = meeting.commitments.filter(pk=payload.commitment).first() if payload.commitment else None
    if payload.commitment and commitment is None:
        raise ValidationError({"commitment": ["Unknown commitment of this meeting."]})
    return Status(
        201,
        _follow_up_out(
            followups.create(
                api_actor(request),
                meeting,
                payload.description,
                units,
                payload.due_date,
                decision,
                unit_due_dates=payload.unit_due_dates,
                commitment=commitment,
            )
        ),
    )


@router.post("/follow-ups/{pk}/progress", response={200: FollowUpOut, **ERRORS})
def report_progress(request: HttpRequest, pk: int, payload: ProgressIn):
    follow_up = scoped(FollowUp.objects.select_related("meeting"), api_user(request)).filter(pk=pk).first()
    if follow_up is None:
        raise Http404
    done = followups.report(
        api_actor(request),
        follow_up,
        status=payload.status,
        progress=payload.progress,
        note=payload.note,
        reason=payload.reason,
        expected_version=payload.version,
        unit_id=payload.unit,
    )
    return _follow_up_out(done)


class AgendaItemOut(Schema):
    id: int
    order: int
    title: str
    presenter: str
    duration_minutes: int | None


class AgendaItemIn(Schema):
    title: str
    presenter: str = ""
    duration_minutes: int | None = None


@router.get("/meetings/{pk}/agenda", response={200: list[AgendaItemOut], **ERRORS})
def list_agenda(request: HttpRequest, pk: int):
    return list(
        _meeting(request, pk).agenda_items.values("id", "order", "title", "presenter", "duration_minutes")
    )


@router.post("/meetings/{pk}/agenda", response={201: AgendaItemOut, **ERRORS})
def add_agenda_item(request: HttpRequest, pk: int, payload: AgendaItemIn):
    meeting = _meeting(request, pk, Action.CHANGE)
    item = services.add_agenda_item(
        api_actor(request), AgendaItem(meeting=meeting, order=0, **payload.dict())
    )
    return Status(
        201,
        {
            "id": item.pk,
            "order": item.order,
            "title": item.title,
            "presenter": item.presenter,
            "duration_minutes": item.duration_minutes,
        },
    )


class DecisionOut(Schema):
    id: int
    order: int
    kind: str
    text: str
    given_by: str


class DecisionIn(Schema):
    kind: DecisionKind = DecisionKind.DECISION
    text: str
    given_by: str = ""


@router.get("/meetings/{pk}/decisions", response={200: list[DecisionOut], **ERRORS})
def list_decisions(request: HttpRequest, pk: int):
    return list(_meeting(request, pk).decisions.values("id", "order", "kind", "text", "given_by"))


@router.post("/meetings/{pk}/decisions", response={201: DecisionOut, **ERRORS})
def add_decision(request: HttpRequest, pk: int, payload: DecisionIn):
    meeting = _meeting(request, pk, Action.CHANGE)
    decision = closing.add_decision(api_actor(request), meeting, payload.text, payload.kind, payload.given_by)
    return Status(
        201,
        {
            "id": decision.pk,
            "order": decision.order,
            "kind": decision.kind,
            "text": decision.text,
            "given_by": decision.given_by,
        },
    )


class MaterialOut(Schema):
    id: int
    title: str
    url: str


@router.get("/meetings/{pk}/materials", response={200: list[MaterialOut], **ERRORS})
def list_materials(request: HttpRequest, pk: int):
    meeting = _meeting(request, pk)
    return [
        {
            "id": m.pk,
            "title": m.title,
            "url": request.build_absolute_uri(reverse("meetings:material_download", args=[meeting.pk, m.pk])),
        }
        for m in meeting.materials.all()
    ]


class SeriesOut(Schema):
    id: int
    government: int
    organizer: int
    name: str


class SeriesIn(Schema):
    organizer: int
    name: str


@router.get("/series", response={200: list[SeriesOut], **ERRORS})
def list_series(request: HttpRequest):
    rows = scoped(MeetingSeries.objects.all(), api_user(request)).order_by("name")
    return [
        {"id": s.pk, "government": s.government_id, "organizer": s.organizer_id, "name": s.name} for s in rows
    ]


@router.post("/series", response={201: SeriesOut, **ERRORS})
def create_series(request: HttpRequest, payload: SeriesIn):
    unit = (
        scoped(Unit.objects.select_related("government"), api_user(request))
        .filter(pk=payload.organizer)
        .first()
    )
    if unit is None:
        raise ValidationError({"organizer": ["Unknown unit (or not visible to you)."]})
    series = create_object(
        api_actor(request), MeetingSeries(government=unit.government, organizer=unit, name=payload.name)
    )
    return Status(
        201,
        {
            "id": series.pk,
            "government": series.government_id,
            "organizer": series.organizer_id,
            "name": series.name,
        },
    )
