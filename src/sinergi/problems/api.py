"""API v1 router of the problems register.
No `from __future__ import annotations` here: Ninja reads these annotations at run time."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from sinergi.api.crud import ERRORS, api_actor, api_user
from sinergi.core.scope import Action, can, scoped
from sinergi.meetings.models import Meeting
from sinergi.problems import services
from sinergi.problems.choices import ProblemCategory, Severity
from sinergi.problems.models import Problem
from sinergi.regions.models import Unit

router = Router(tags=["problems"])


class ProblemOut(Schema):
    id: int
    government: int
    unit: int
    category: str
    title: str
    description: str
    severity: str
    status: str
    raised_on: date
    resolved_on: date | None
    version: int


class ProblemIn(Schema):
    unit: int
    category: ProblemCategory
    title: str
    description: str = ""
    severity: Severity = Severity.MEDIUM
    raised_on: date | None = None
    meetings: list[int] = []


class StepIn(Schema):
    version: int
    status: str
    note: str


FIELDS = (
    "id",
    "government_id",
    "unit_id",
    "category",
    "title",
    "description",
    "severity",
    "status",
    "raised_on",
    "resolved_on",
    "version",
)


def _out(problem: Problem) -> dict:
    return {name.removesuffix("_id"): getattr(problem, name) for name in FIELDS}


@router.get("/problems", response={200: list[ProblemOut], **ERRORS})
def list_problems(
    request: HttpRequest,
    government: int | None = None,
    status: str | None = None,
    category: str | None = None,
):
    rows = scoped(Problem.objects.all(), api_user(request)).order_by("-raised_on", "-id")
    if government:
        rows = rows.filter(government_id=government)
    if status:
        rows = rows.filter(status=status)
    if category:
        rows = rows.filter(category=category)
    return [_out(p) for p in rows[:1000]]


@router.post("/problems", response={201: ProblemOut, **ERRORS})
def raise_problem(request: HttpRequest, payload: ProblemIn):
    unit = scoped(Unit.objects.all(), api_user(request)).filter(pk=payload.unit).first()
    if unit is None:
        raise ValidationError({"unit": ["Unknown unit (or not visible to you)."]})
    data = payload.dict(exclude={"unit", "meetings"})
    problem = Problem(
        government=unit.government, unit=unit, **{k: v for k, v in data.items() if v is not None}
    )
    meetings = list(
        scoped(Meeting.objects.filter(government=unit.government, pk__in=payload.meetings), api_user(request))
    )
    if len(meetings) != len(set(payload.meetings)):
        raise ValidationError({"meetings": ["Unknown meeting (or not visible to you)."]})
    return Status(201, _out(services.raise_problem(api_actor(request), problem, meetings=meetings)))


@router.post("/problems/{pk}/steps", response={200: ProblemOut, **ERRORS})
def record_step(request: HttpRequest, pk: int, payload: StepIn):
    problem = scoped(Problem.objects.all(), api_user(request)).filter(pk=pk).first()
    if problem is None:
        raise Http404
    if not can(api_user(request), Action.CHANGE, problem):
        raise PermissionDenied
    return _out(
        services.record_step(
            api_actor(request), problem, payload.status, payload.note, expected_version=payload.version
        )
    )
