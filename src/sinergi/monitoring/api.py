"""API v1 for quarterly monitoring: realizations (list, read, create and update drafts, and the
workflow steps submit / verify / return / reopen) and the quarter rollup per unit.

Writes go through monitoring.services (workflow table, scope, audit with source "api",
versions: a stale version is 409). No `from __future__ import annotations`: Ninja reads these
annotations at run time.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, ModelSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from sinergi.api.crud import ERRORS, Pagination, api_actor, api_user, field_error, visible
from sinergi.core.scope import Action, can, scoped
from sinergi.monitoring import rollups, services
from sinergi.monitoring.achievement import round_percent
from sinergi.monitoring.choices import RealizationStatus
from sinergi.monitoring.models import Realization
from sinergi.monitoring.rules import Step
from sinergi.planning.models import Activity
from sinergi.regions.models import Government, Unit

router = Router(tags=["monitoring"])

QUERYSET = Realization.objects.select_related("activity")


class RealizationOut(ModelSchema):
    government: int
    unit: int
    year: int

    class Meta:
        model = Realization
        fields = ["id", "activity", "quarter", "physical", "financial", "over_budget_confirmed",
                  "problems", "status", "return_reason", "submitted_by", "submitted_at",
                  "submitted_late", "verified_by", "verified_at", "version", "created_at",
                  "updated_at"]

    @staticmethod
    def resolve_government(obj) -> int:
        return obj.activity.government_id

    @staticmethod
    def resolve_unit(obj) -> int:
        return obj.activity.unit_id

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.activity.year


class RealizationIn(Schema):
    activity: int
    quarter: int = Field(ge=1, le=4)
    physical: Decimal = Field(description="Cumulative physical progress, % (0–100).")
    financial: Decimal = Field(description="Cumulative financial realization, Rp (at least 0).")
    problems: str = Field("", description="Problems met (kendala).")
    over_budget_confirmed: bool = Field(
        False, description="Required to record a financial realization above the budget.")


class RealizationUpdate(Schema):
    physical: Decimal
    financial: Decimal
    problems: str = ""
    over_budget_confirmed: bool = False
    version: int


class StepIn(Schema):
    version: int = Field(description="The version you read (409 when it is stale).")
    reason: str = Field("", description="Required to return or reopen.")


class RealizationFilters(Schema):
    government: int | None = None
    unit: int | None = Field(None, description="The unit and its sub-units.")
    activity: int | None = None
    year: int | None = None
    quarter: int | None = None
    status: RealizationStatus | None = None


@router.get("/realizations", response=list[RealizationOut], operation_id="realizations_list")
@paginate(Pagination)
def list_realizations(request: HttpRequest, filters: Query[RealizationFilters]):
    qs = scoped(QUERYSET.all(), api_user(request))
    f = filters.dict()
    if f.get("government"):
        qs = qs.filter(activity__government_id=f["government"])
    if f.get("unit"):
        unit = Unit.objects.filter(pk=f["unit"]).values_list("path", flat=True).first()
        qs = qs.filter(activity__unit__path__subtree=unit) if unit else qs.none()
    if f.get("activity"):
        qs = qs.filter(activity_id=f["activity"])
    if f.get("year"):
        qs = qs.filter(activity__year=f["year"])
    if f.get("quarter"):
        qs = qs.filter(quarter=f["quarter"])
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    return qs.order_by("activity_id", "quarter")


@router.get("/realizations/{pk}", response={200: RealizationOut, **ERRORS},
            operation_id="realizations_read")
def read_realization(request: HttpRequest, pk: int):
    return visible(QUERYSET.all(), api_user(request), pk=pk)


def _values(data: dict[str, Any]) -> services.Values:
    return services.Values(physical=data["physical"], financial=data["financial"],
                           problems=data.get("problems") or "",
                           over_budget_confirmed=bool(data.get("over_budget_confirmed")))


@router.post("/realizations", response={201: RealizationOut, **ERRORS},
             operation_id="realizations_create")
def create_realization(request: HttpRequest, payload: RealizationIn):
    user = api_user(request)
    activity = scoped(Activity.objects.select_related("unit"), user).filter(
        pk=payload.activity).first()
    if activity is None:
        raise field_error("activity", _("Unknown id %(id)s (no such record, or not visible to you).")
                          % {"id": payload.activity})
    if not can(user, Action.ADD, Realization(activity=activity)):
        raise PermissionDenied
    if Realization.objects.filter(activity=activity, quarter=payload.quarter).exists():
        raise field_error("quarter", _("This activity has a realization for this quarter already: "
                                       "update it instead."))
    obj = services.save_draft(api_actor(request), activity, payload.quarter, _values(payload.dict()))
    return Status(201, QUERYSET.get(pk=obj.pk))


def _update(request: HttpRequest, pk: int, data: dict[str, Any]):
    user = api_user(request)
    obj = visible(QUERYSET.select_related("activity__unit"), user, pk=pk)
    if not can(user, Action.CHANGE, obj):
        raise PermissionDenied
    merged = {"physical": obj.physical, "financial": obj.financial, "problems": obj.problems,
              "over_budget_confirmed": obj.over_budget_confirmed, **data}
    if data.get("version") is None:
        raise field_error("version", _("Send the version you read; it guards against "
                                      "overwriting someone else's change."))
    services.save_draft(api_actor(request), obj.activity, obj.quarter, _values(merged),
                        expected_version=data["version"])
    return QUERYSET.get(pk=pk)


@router.put("/realizations/{pk}", response={200: RealizationOut, **ERRORS},
            operation_id="realizations_replace")
def replace_realization(request: HttpRequest, pk: int, payload: RealizationUpdate):
    return _update(request, pk, payload.dict())


class RealizationPatch(Schema):
    physical: Decimal | None = None
    financial: Decimal | None = None
    problems: str | None = None
    over_budget_confirmed: bool | None = None
    version: int


@router.patch("/realizations/{pk}", response={200: RealizationOut, **ERRORS},
              operation_id="realizations_patch")
def patch_realization(request: HttpRequest, pk: int, payload: RealizationPatch):
    return _update(request, pk, payload.dict(exclude_none=True))


def _step(request: HttpRequest, pk: int, step: Step, payload: StepIn):
    user = api_user(request)
    obj = visible(QUERYSET.all(), user, pk=pk)
    if not can(user, Action.CHANGE, obj):
        raise PermissionDenied
    services.transition(api_actor(request), step, [(obj, payload.version)], reason=payload.reason)
    return QUERYSET.get(pk=pk)


@router.post("/realizations/{pk}/submit", response={200: RealizationOut, **ERRORS},
             operation_id="realizations_submit")
def submit_realization(request: HttpRequest, pk: int, payload: StepIn):
    """Submit a draft or returned realization; the quarter's period must be open."""
    return _step(request, pk, Step.SUBMIT, payload)


@router.post("/realizations/{pk}/verify", response={200: RealizationOut, **ERRORS},
             operation_id="realizations_verify")
def verify_realization(request: HttpRequest, pk: int, payload: StepIn):
    """Verify a submitted realization (unit heads, coordinators; not its submitter)."""
    return _step(request, pk, Step.VERIFY, payload)


@router.post("/realizations/{pk}/return", response={200: RealizationOut, **ERRORS},
             operation_id="realizations_return")
def return_realization(request: HttpRequest, pk: int, payload: StepIn):
    """Return a submitted realization to the unit, with a reason."""
    return _step(request, pk, Step.RETURN, payload)


@router.post("/realizations/{pk}/reopen", response={200: RealizationOut, **ERRORS},
             operation_id="realizations_reopen")
def reopen_realization(request: HttpRequest, pk: int, payload: StepIn):
    """Unlock a verified realization (coordinators, administrators), with a reason."""
    return _step(request, pk, Step.REOPEN, payload)


# ---------------------------------------------------------------------------- rollup


class RollupOut(Schema):
    key: int | None = Field(description="The unit's id (None for the total).")
    code: str | None = None
    name: str
    activities: int
    reported: int
    budget: Decimal
    physical_progress: Decimal | None
    physical_achievement: Decimal | None
    band: str | None
    physical_plan: Decimal | None
    physical_deviation: Decimal | None
    financial: Decimal
    financial_achievement: Decimal | None
    absorption: Decimal | None
    on_time: int
    late: int
    missing: int
    reporting_rate: Decimal | None
    at_risk: bool


class RollupAnswer(Schema):
    government: int
    region: str
    year: int
    quarter: int
    group_by: str
    total: RollupOut
    groups: list[RollupOut]


def _figures(key, code, name, r, c, at_risk: bool) -> dict:
    return {
        "key": key, "code": code, "name": name, "activities": r.count, "reported": c.reported,
        "budget": r.budget, "physical_progress": round_percent(r.physical_progress),
        "physical_achievement": round_percent(r.physical_achievement),
        "band": r.band().value if r.band() else None,
        "physical_plan": round_percent(r.physical_plan),
        "physical_deviation": round_percent(r.physical_deviation), "financial": r.financial,
        "financial_achievement": round_percent(r.financial_achievement),
        "absorption": round_percent(r.absorption), "on_time": c.on_time, "late": c.late,
        "missing": c.missing, "reporting_rate": round_percent(c.rate), "at_risk": at_risk,
    }


@router.get("/rollup", response={200: RollupAnswer, **ERRORS}, operation_id="monitoring_rollup")
def rollup(request: HttpRequest, government: str = Query(..., description="Region code, e.g. 64.08."),
           year: int = Query(...), quarter: int = Query(..., ge=1, le=4),
           group_by: str = Query("unit", description="unit (priority and region: not yet)")):
    """Budget-weighted achievement, bands and reporting completeness of a government's units
    for a quarter (only the activities the caller may see)."""
    if group_by != "unit":
        raise ValidationError({"group_by": [_("Grouping by %(group)s is not available yet; use "
                                              "unit.") % {"group": group_by}]})
    user = api_user(request)
    gov = visible(Government.objects.all(), user, region_id=government)
    activities = scoped(rollups.activities_for(gov.pk, year), user)
    units = scoped(Unit.objects.filter(government=gov), user)
    rows = rollups.unit_summary(activities, quarter, units)
    total = rollups.total_rollup(activities, quarter)
    counts = sum((r.completeness for r in rows), rollups.Completeness(None, 0, 0, 0))
    return {
        "government": gov.pk, "region": gov.region_id, "year": year, "quarter": quarter,
        "group_by": group_by,
        "total": _figures(None, None, str(gov), total, counts, False),
        "groups": [_figures(r.unit.pk, r.unit.code, r.unit.name, r.rollup, r.completeness,
                            r.at_risk) for r in rows],
    }

