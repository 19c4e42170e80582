"""API v1 for quarterly monitoring: realizations (list, read, create and update drafts, and the
workflow steps submit / verify / return / reopen) and the quarter rollup per unit.

Writes go through monitoring.services (workflow table, scope, audit with source "api",
versions: a stale version is 409). No `from __future__ import annotations`: Ninja reads these
annotations at run time.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Prefetch, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, ModelSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from sinergi.api.crud import ERRORS, Pagination, api_actor, api_user, field_error, visible
from sinergi.core.scope import Action, can, scoped, user_scope
from sinergi.monitoring import rollup_store, rollups, services
from sinergi.monitoring.achievement import round_percent
from sinergi.monitoring.choices import RealizationStatus
from sinergi.monitoring.models import Realization, RealizationOutput
from sinergi.monitoring.rules import Step
from sinergi.planning.models import Activity, Priority
from sinergi.regions.choices import RegionLevel
from sinergi.regions.models import Government, Region, Unit

router = Router(tags=["monitoring"])

QUERYSET = Realization.objects.select_related("activity").prefetch_related(
    Prefetch("outputs", queryset=RealizationOutput.objects.select_related("indicator")
             .order_by("indicator_id")))


class OutputOut(Schema):
    indicator: int = Field(description="The indicator's id.")
    name: str
    measure_unit: str
    annual_target: Decimal
    value: Decimal = Field(description="Cumulative output realized, in the indicator's unit.")
    above_target: bool


class RealizationOut(ModelSchema):
    government: int
    unit: int
    year: int
    outputs: list[OutputOut]

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

    @staticmethod
    def resolve_outputs(obj) -> list[dict]:
        return [{"indicator": o.indicator_id, "name": o.indicator.name,
                 "measure_unit": o.indicator.measure_unit,
                 "annual_target": o.indicator.annual_target, "value": o.value,
                 "above_target": o.value > o.indicator.annual_target} for o in obj.outputs.all()]


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


class OutputIn(Schema):
    indicator: int = Field(description="An indicator of the realization's activity.")
    value: Decimal = Field(description="Cumulative output realized, in the indicator's unit "
                                       "(at least 0, not below an earlier quarter's).")


class OutputsIn(Schema):
    version: int = Field(description="The realization's version you read (409 when it is stale).")
    outputs: list[OutputIn] = Field(description="The outputs as a whole: an indicator not listed "
                                                "has no output afterwards.")


@router.put("/realizations/{pk}/outputs", response={200: RealizationOut, **ERRORS},
            operation_id="realizations_outputs")
def set_outputs(request: HttpRequest, pk: int, payload: OutputsIn):
    """Replace the outputs realized per indicator of a draft or returned realization. The
    realization's version moves when they change. Errors name `outputs.<index>.<field>`."""
    user = api_user(request)
    obj = visible(QUERYSET.all(), user, pk=pk)
    if not can(user, Action.CHANGE, obj):
        raise PermissionDenied
    index: dict[int, int] = {}
    for i, item in enumerate(payload.outputs):
        if item.indicator in index:
            raise field_error(f"outputs.{i}.indicator", _("This indicator is listed twice."))
        index[item.indicator] = i
    try:
        services.set_outputs(api_actor(request), obj,
                             {item.indicator: item.value for item in payload.outputs},
                             expected_version=payload.version)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        errors = {}
        for key, messages in exc.error_dict.items():
            indicator = int(key.removeprefix("output_")) if key.startswith("output_") else None
            field = "indicator" if any(m.code == "indicator" for m in messages) else "value"
            errors[f"outputs.{index[indicator]}.{field}" if indicator in index else key] = messages
        raise ValidationError(errors) from None
    return QUERYSET.get(pk=pk)


def _step(request: HttpRequest, pk: int, step: Step, payload: StepIn):
    user = api_user(request)
    obj = visible(QUERYSET.all(), user, pk=pk)
    # The head of a unit coordinating the realization's unit verifies and returns it.
    if not can(user, Action.CHANGE, obj) and not (
            step in services.COORDINATING_STEPS and services.coordinates_realization(user, obj)):
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
#
# One endpoint for every level: a government (by unit, priority, or kecamatan), a province (by
# priority, or by government), the nation (by priority, or by province). Who may ask what:
# - government=<code>: any user who can see that government (404 otherwise, as everywhere); the
#   figures cover only the activities the user may see (a unit head: their units' subtree).
# - province=<code>, or neither (the nation): national users only (administrators and users with
#   a global scope). A province or national figure computed over part of its governments would
#   look complete and be wrong, so other users get 403 rather than a silently narrowed answer.
# Each grouping is one aggregate query (monitoring.rollups); totals of a region grouping are the
# sum of its groups (the groups partition the activities), a priority grouping overlaps (an
# activity aligned to several priorities counts fully in each) and has its own total query.

GROUPINGS = ("unit", "priority", "region")


class RollupOut(Schema):
    key: int | None = Field(description="The unit's or the priority's id (None for the total and for "
                                        "regions).")
    code: str | None = Field(None, description="The unit's code, the priority's number, or the region "
                                               "code.")
    name: str = Field(description="The unit's name, the priority's wording, or the region's name.")
    level: str | None = Field(None, description="group_by=region: the region's level (district, "
                                                "regency, province). With kecamatan groups, the "
                                                "group of the government's own region holds the "
                                                "activities located in no particular kecamatan.")
    framework: int | None = Field(None, description="group_by=priority: the priority framework's id.")
    framework_name: str | None = None
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
    complete: bool = Field(description="Every activity of the group reported for the quarter "
                                       "(missing = 0, at least one activity). Only complete units "
                                       "are ranked: group_by=unit lists them first, by achievement, "
                                       "then the others, the most complete first.")
    at_risk: bool | None = Field(description="The early warning, computed for units (group_by=unit); "
                                             "None for other groups.")


class RollupAnswer(Schema):
    scope: str = Field(description="government, province or nation.")
    government: int | None = Field(description="The government's id (None for a province or the "
                                               "nation).")
    region: str | None = Field(description="The government's or the province's region code.")
    year: int
    quarter: int
    group_by: str
    total: RollupOut
    groups: list[RollupOut]


def _figures(key, code, name, r, c, at_risk: bool | None, **extra) -> dict:
    return {
        "key": key, "code": code, "name": name, "activities": r.count, "reported": c.reported,
        "budget": r.budget, "physical_progress": round_percent(r.physical_progress),
        "physical_achievement": round_percent(r.physical_achievement),
        "band": r.band().value if r.band() else None,
        "physical_plan": round_percent(r.physical_plan),
        "physical_deviation": round_percent(r.physical_deviation), "financial": r.financial,
        "financial_achievement": round_percent(r.financial_achievement),
        "absorption": round_percent(r.absorption), "on_time": c.on_time, "late": c.late,
        "missing": c.missing, "reporting_rate": round_percent(c.rate), "complete": c.complete,
        "at_risk": at_risk, **extra,
    }


def _unit_groups(activities, quarter: int, user, gov) -> tuple[dict, list[dict]]:
    units = scoped(Unit.objects.filter(government=gov), user)
    rows = rollups.unit_summary(activities, quarter, units)
    total = rollups.total_rollup(activities, quarter)
    counts = sum((r.completeness for r in rows), rollups.Completeness(None, 0, 0, 0))
    return (_figures(None, None, str(gov), total, counts, False),
            [_figures(r.unit.pk, r.unit.code, r.unit.name, r.rollup, r.completeness, r.at_risk)
             for r in rows])


def _priority_groups(activities, quarter: int, year: int, gov) -> tuple[rollups.Figures, list[dict]]:
    """Every priority of the frameworks that apply (national ones, and the government's own for a
    government) in the year, with zeros where no activity serves it (the synchronization gap),
    plus any other priority the activities are aligned to. A province or the nation is grouped by
    the national frameworks only: regional priorities of different governments do not add up."""
    national = Q(framework__government__isnull=True)
    in_year = Q(framework__start_year__lte=year, framework__end_year__gte=year)
    if gov is not None:
        figures = rollups.priority_figures(activities, quarter)
        applicable = (national | Q(framework__government=gov)) & in_year
    else:
        figures = rollups.priority_figures(activities, quarter,
                                           priorities=Priority.objects.filter(national))
        applicable = national & in_year
    priorities = (Priority.objects.select_related("framework")
                  .filter(applicable | Q(pk__in=list(figures)))
                  .order_by(F("framework__government_id").asc(nulls_first=True),
                            "-framework__start_year", "framework_id", "order", "number"))
    return rollups.total_figures(activities, quarter), [
        _figures(p.pk, p.number, p.title, f.rollup, f.completeness, None, framework=p.framework_id,
                 framework_name=p.framework.name)
        for p in priorities for f in [figures.get(p.pk, rollups.NO_FIGURES)]]


def _region_groups(activities, quarter: int, level: str, regions) -> tuple[rollups.Figures, list[dict]]:
    """Groups by region code at `level` (rollups.region_key); `regions` are the regions listed
    even without activity. The groups partition the activities: the total is their sum."""
    return _listed_regions(rollups.region_figures(activities, quarter, level), regions)


def _stored_region_groups(year: int, quarter: int, government_ids: list[int], level: str,
                          regions) -> tuple[rollups.Figures, list[dict]]:
    """The same groups for a province (by government) or the nation (by province), added up from
    each government's stored rollup (monitoring.rollup_store): for national users, who see every
    activity, so the stored figures are theirs."""
    by_government = rollup_store.stored_government_figures(year, quarter, government_ids)
    width = 2 if level == RegionLevel.PROVINCE else None
    figures: dict[str, rollups.Figures] = {}
    codes = Government.objects.filter(pk__in=government_ids).values_list("pk", "region_id")
    for government_id, code in codes:
        key = code[:width] if width else code
        figures[key] = figures.get(key, rollups.NO_FIGURES) + by_government[government_id]
    return _listed_regions(figures, regions)


def _listed_regions(figures: dict[str, rollups.Figures], regions) -> tuple[rollups.Figures, list[dict]]:
    listed = Region.objects.filter(Q(pk__in=list(figures)) | regions).order_by("code")
    groups = [_figures(None, r.code, r.name, f.rollup, f.completeness, None, level=r.level)
              for r in listed for f in [figures.get(r.code, rollups.NO_FIGURES)]]
    return sum(figures.values(), rollups.NO_FIGURES), groups


@router.get("/rollup", response={200: RollupAnswer, **ERRORS}, operation_id="monitoring_rollup")
def rollup(request: HttpRequest,
           government: str | None = Query(None, description="A government's region code: a regency/"
                                          "city (64.08) or a province government (64)."),
           province: str | None = Query(None, description="A province code (64): all its "
                                        "governments, the province government included. National "
                                        "users only."),
           year: int = Query(..., ge=2000, le=2100), quarter: int = Query(..., ge=1, le=4),
           group_by: str = Query("unit", description="unit (a government only), priority, or region "
                                 "(a government: by kecamatan; a province: by government; the nation: "
                                 "by province).")):
    """Budget-weighted achievement, bands and reporting completeness for a quarter: of one
    government (`government`), a province (`province`) or the nation (neither; national users
    only), grouped by unit, priority or region. An activity aligned to several priorities counts
    fully in each priority. Only the activities the caller may see are counted."""
    if group_by not in GROUPINGS:
        raise field_error("group_by", _("Choose one of: %(choices)s.") % {"choices": ", ".join(GROUPINGS)})
    if government and province:
        raise field_error("province", _("Give either a government or a province, not both."))
    user = api_user(request)
    answer = {"year": year, "quarter": quarter, "group_by": group_by}
    if government:
        gov = visible(Government.objects.select_related("region"), user, region_id=government)
        activities = scoped(rollups.activities_for(gov.pk, year), user)
        answer |= {"scope": "government", "government": gov.pk, "region": gov.region_id}
        if group_by == "unit":
            total, groups = _unit_groups(activities, quarter, user, gov)
            return answer | {"total": total, "groups": groups}
        if group_by == "priority":
            figures, groups = _priority_groups(activities, quarter, year, gov)
        else:
            figures, groups = _region_groups(activities, quarter, RegionLevel.DISTRICT, Q(
                parent_id=gov.region_id, level=RegionLevel.DISTRICT))
        total = _figures(None, gov.region_id, str(gov), figures.rollup, figures.completeness, None)
        return answer | {"total": total, "groups": groups}

    if group_by == "unit":
        raise field_error("group_by", _("Grouping by unit needs a government; group a province or "
                                        "the nation by priority or region."))
    if not user_scope(user).is_global:
        field = "province" if province else "government"
        raise PermissionDenied({field: _("Province and national rollups are for national users; "
                                         "name a government you can see.")})
    if province:
        region = Region.objects.filter(code=province, level=RegionLevel.PROVINCE).first()
        if region is None:
            raise field_error("province", _("%(code)s is not a province code.") % {"code": province})
        # The ids first (a small query): `government_id IN (ids)` lets the database use the
        # activities' (government, year) index; a subquery here made PostgreSQL scan them all.
        ids = list(Government.objects.filter(region__code__subtree=province).values_list("pk", flat=True))
        activities = Activity.objects.filter(year=year, government_id__in=ids)
        level, name = RegionLevel.REGENCY, region.name
        listed = Q(government__isnull=False, code__subtree=province)
        answer |= {"scope": "province", "government": None, "region": province}
    else:
        ids = None  # every government: listed below, only when grouping by region
        activities = Activity.objects.filter(year=year)
        level, listed, name = RegionLevel.PROVINCE, Q(level=RegionLevel.PROVINCE), _("National")
        answer |= {"scope": "nation", "government": None, "region": None}
    activities = scoped(activities, user)
    if group_by == "priority":
        figures, groups = _priority_groups(activities, quarter, year, None)
    else:  # national users only (checked above): every activity is theirs, the stored sums count
        if ids is None:
            ids = list(Government.objects.values_list("pk", flat=True))
        figures, groups = _stored_region_groups(year, quarter, ids, level, listed)
    total = _figures(None, answer["region"], str(name), figures.rollup, figures.completeness, None)
    return answer | {"total": total, "groups": groups}



# ---------------------------------------------------------------------------- forecast


class UnitPaceOut(Schema):
    unit: int
    name: str
    current: Decimal = Field(description="Achievement at the end of the quarter, %.")
    required_per_quarter: Decimal | None = Field(description="Points per remaining quarter the goal needs.")
    best_gain: Decimal | None = Field(description="The unit's best quarterly gain so far, points.")


class PathPointOut(Schema):
    quarter: int
    needed: Decimal = Field(description="Achievement to reach by the end of that quarter, %.")


class ForecastAnswer(Schema):
    government: int
    region: str
    year: int
    quarter: int
    goal: Decimal = Field(description="The year-end achievement aimed at, % (default 90).")
    current: Decimal
    reached: bool
    required_per_quarter: Decimal | None
    path: list[PathPointOut] = Field(description="The trajectory needed: one point per remaining quarter.")
    projection: Decimal | None = Field(description="Year-end achievement at the pace so far, raw "
                                       "(may pass 100).")
    projection_capped: Decimal | None = Field(description="The projection as pages show it, at most 100 %.")
    reachable_at_pace: bool | None
    last_quarter_incomplete: bool = Field(description="The quarter counted last is missing reports "
                                          "(they count as 0: the pace is understated).")
    units_counted: int
    unreachable_units: list[UnitPaceOut] = Field(description="Units that cannot reach the goal even at "
                                                 "their best quarterly pace so far, furthest behind first.")


@router.get("/forecast", response={200: ForecastAnswer, **ERRORS}, operation_id="monitoring_forecast")
def forecast(request: HttpRequest,
             government: str = Query(..., description="A government's region code (64.08)."),
             year: int = Query(..., ge=2000, le=2100), quarter: int = Query(..., ge=1, le=4),
             goal: float | None = Query(None, ge=1, le=100, description="Year-end goal, %; "
                                        "the government's own (90 by default) when not given.")):
    """Will the government reach `goal` % achievement by the year's end, as of `quarter`: the
    trajectory needed per remaining quarter, the projection at the pace so far and the units
    whose own pace cannot reach it (reports.forecast). Only the activities the caller may see."""
    from sinergi.reports import dashboard
    from sinergi.reports import forecast as forecasting

    user = api_user(request)
    gov = visible(Government.objects.select_related("region"), user, region_id=government)
    activities = scoped(rollups.activities_for(gov.pk, year), user)
    units = scoped(Unit.objects.filter(government=gov), user).order_by("path")
    total = rollups.total_rollup(activities, quarter)
    points = dashboard.trend(activities, quarter, total)
    goal = forecasting.read_goal(goal) if goal is not None else services.year_end_goal(gov)
    result = forecasting.build(activities, units, quarter, goal, points)
    t = result.trajectory
    return {
        "government": gov.pk, "region": gov.region_id, "year": year, "quarter": quarter, "goal": goal,
        "current": t.current, "reached": t.reached, "required_per_quarter": t.required_per_quarter,
        "path": [{"quarter": t.as_of + 1 + i, "needed": v} for i, v in enumerate(t.required_path)],
        "projection": t.projection, "projection_capped": t.projection_capped,
        "reachable_at_pace": result.reachable_at_pace, "last_quarter_incomplete": result.incomplete,
        "units_counted": result.units_counted,
        "unreachable_units": [{"unit": p.unit.pk, "name": p.unit.name, "current": p.current,
                               "required_per_quarter": p.trajectory.required_per_quarter,
                               "best_gain": p.trajectory.best_gain} for p in result.unreachable],
    }


class ServingPriorityOut(Schema):
    id: int
    framework: str = Field(description="The regional framework (RPJMD) the priority belongs to.")
    number: str
    name: str


class MissionOut(Schema):
    id: int = Field(description="The national mission's id (a priority of the national framework).")
    framework: str = Field(description="The national framework, e.g. Asta Cita.")
    number: str
    name: str
    served: bool = Field(description="Some regional priority of the government serves the mission.")
    regional_priorities: list[ServingPriorityOut] = Field(
        description="The government's regional (RPJMD) priorities that serve the mission.")
    activities: int = Field(description="Activities aligned to the mission directly or through a "
                                        "serving regional priority, each counted once.")
    budget: Decimal
    physical_achievement: Decimal | None
    band: str | None
    financial: Decimal
    absorption: Decimal | None


class MissionsAnswer(Schema):
    government: int
    region: str
    year: int
    quarter: int
    missions: list[MissionOut]
    unserved: list[int] = Field(description="Ids of the national missions no regional priority of "
                                            "the government serves.")


@router.get("/missions", response={200: MissionsAnswer, **ERRORS}, operation_id="monitoring_missions")
def missions(request: HttpRequest,
             government: str = Query(..., description="A government's region code (64.08)."),
             year: int = Query(..., ge=2000, le=2100), quarter: int = Query(..., ge=1, le=4)):
    """Per national mission (Asta Cita) in force in `year`: the government's regional priorities
    that serve it, and the budget and achievement of the activities serving it (the dashboard's
    missions panel; reports.dashboard.mission_figures). Only the activities the caller may see."""
    from sinergi.reports import dashboard

    user = api_user(request)
    gov = visible(Government.objects.select_related("region"), user, region_id=government)
    activities = scoped(rollups.activities_for(gov.pk, year), user)
    figures = dashboard.mission_figures(activities, quarter, gov, year)
    rows = []
    for figure in figures:
        r = figure.rollup
        rows.append({
            "id": figure.mission.pk, "framework": figure.mission.framework.name,
            "number": figure.mission.number, "name": figure.mission.title, "served": figure.served,
            "regional_priorities": [{"id": p.pk, "framework": p.framework.name, "number": p.number,
                                     "name": p.title} for p in figure.regional],
            "activities": r.count, "budget": r.budget,
            "physical_achievement": round_percent(r.physical_achievement),
            "band": r.band().value if r.band() else None, "financial": r.financial,
            "absorption": round_percent(r.absorption),
        })
    return {"government": gov.pk, "region": gov.region_id, "year": year, "quarter": quarter,
            "missions": rows, "unserved": [f.mission.pk for f in figures if not f.served]}
