"""API v1 for planning: activities (with their indicators, targets and milestones), priority
frameworks and priorities, and the nomenclature (read by all, written by administrators).
Indicators and milestones have their own endpoints (create, update, delete); an activity's
quarterly targets are read and set as a whole at /activities/{id}/targets. The versions of a
government's annual plan and what each changed are read at /plans/{government}/{year}/versions.

Thin adapters over sinergi.api.crud (scope, audit, stale versions) and planning.rules.
No `from __future__ import annotations` here: Ninja reads these annotations at run time.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Model, Sum
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, ModelSchema, Router, Schema

from sinergi.api.crud import (
    ERRORS,
    Resource,
    add_crud_routes,
    api_actor,
    api_user,
    field_error,
    resolve_ids,
    visible,
)
from sinergi.core.params import MAX_BIGINT, is_id
from sinergi.core.scope import Action, can
from sinergi.core.services import create_object, update_object
from sinergi.planning import filtersets, lifecycle, rules
from sinergi.planning.choices import (
    QUARTERS,
    FrameworkKind,
    FundingSource,
    NomenclatureLevel,
    PlanStatus,
    RevisionKind,
    RevisionStatus,
)
from sinergi.planning.models import (
    Activity,
    AnnualPlan,
    Indicator,
    Milestone,
    NomenclatureItem,
    PlanRevision,
    Priority,
    PriorityFramework,
    QuarterTarget,
)
from sinergi.planning.services import set_quarter_targets
from sinergi.regions.models import Government, Region, Unit

router = Router()

# ---------------------------------------------------------------------------- nomenclature


class NomenclatureOut(ModelSchema):
    class Meta:
        model = NomenclatureItem
        fields = ["code", "level", "name", "parent", "version"]


class NomenclatureIn(Schema):
    code: str = Field(description="U.BB.PP.L.KK.SSSS or a leading part, e.g. 1.01.01.2.01.0001.")
    name: str


class NomenclatureUpdate(Schema):
    name: str
    version: int


class NomenclatureFilters(Schema):
    q: str | None = Field(None, description="Search in code and name.")
    level: NomenclatureLevel | None = None
    within: str | None = Field(None, description="Only this code and its subtree, e.g. 1.01.01.")


class NomenclatureResource(Resource):
    """Level and parent follow from the code; the code itself never changes."""

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Model:
        if not can(api_user(request), Action.ADD, NomenclatureItem):
            raise PermissionDenied
        try:
            parsed = rules.parse_code(data["code"])
        except ValueError as exc:
            raise field_error("code", str(exc)) from None
        if NomenclatureItem.objects.filter(code=parsed.code).exists():
            raise field_error("code", _("This code exists already."))
        item = NomenclatureItem(code=parsed.code, name=data["name"], level=parsed.level,
                                parent_id=parsed.parent)
        return self.reload(create_object(api_actor(request), item))


nomenclature = NomenclatureResource(
    "nomenclature", NomenclatureItem.objects.all(), filterset=filtersets.NomenclatureFilterSet,
    lookup="code",
)

# ---------------------------------------------------------------------------- priorities


class FrameworkOut(ModelSchema):
    class Meta:
        model = PriorityFramework
        fields = ["id", "name", "kind", "government", "start_year", "end_year", "description",
                  "version", "created_at", "updated_at"]


class FrameworkIn(Schema):
    name: str
    kind: FrameworkKind = FrameworkKind.REGIONAL
    government: int | None = Field(None, description="Empty for a national framework.")
    start_year: int
    end_year: int
    description: str = ""


class FrameworkUpdate(FrameworkIn):
    version: int


class FrameworkFilters(Schema):
    q: str | None = None
    kind: FrameworkKind | None = None
    government: int | None = None


class PriorityOut(ModelSchema):
    serves: list[int]

    class Meta:
        model = Priority
        fields = ["id", "framework", "number", "title", "description", "order", "version",
                  "created_at", "updated_at"]

    @staticmethod
    def resolve_serves(obj) -> list[int]:
        return [p.pk for p in obj.serves.all()]


class PriorityIn(Schema):
    framework: int
    number: str
    title: str
    description: str = ""
    order: int = 0
    serves: list[int] | None = Field(
        None, description="For a regional (RPJMD) priority: ids of the national missions (Asta "
                          "Cita) it serves. Omitted on update: unchanged.")


class PriorityUpdate(PriorityIn):
    version: int


class PriorityFilters(Schema):
    q: str | None = Field(None, description="Search in number, title and description.")
    framework: int | None = None



frameworks = Resource(
    "priority_frameworks", PriorityFramework.objects.all(), relations={"government": Government},
    filterset=filtersets.PriorityFrameworkFilterSet,
)
class PriorityResource(Resource):
    """`serves` is a many-to-many list of national priority ids (planning.models.check_serves)."""

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Model:
        user = api_user(request)
        if not can(user, Action.ADD, Priority):
            raise PermissionDenied
        data = resolve_ids(dict(data), self.relations, user)
        served = data.pop("serves", None) or []
        priority = Priority(**data)
        _check_serves(priority, served)
        obj = create_object(api_actor(request), priority, m2m={"serves": served})
        return self.reload(obj)

    def update(self, request: HttpRequest, pk: Any, data: dict[str, Any]) -> Model:
        obj, version, data = self.for_update(request, pk, data)
        served = data.pop("serves", None)
        if served is not None:
            _check_serves(Priority(framework=data.get("framework", obj.framework)), served)
        m2m = {"serves": served} if served is not None else None
        obj = update_object(api_actor(request), obj, data, expected_version=version, m2m=m2m)
        return self.reload(obj)


def _check_serves(priority: Priority, served: list[Priority]) -> None:
    problem = rules.serves_problem(priority.framework.kind, [p.framework.kind for p in served])
    if problem:
        raise field_error("serves", problem)


priorities = PriorityResource(
    "priorities", Priority.objects.select_related("framework").prefetch_related("serves"),
    relations={"framework": PriorityFramework, "serves": Priority},
    filterset=filtersets.PriorityFilterSet,
)

# ---------------------------------------------------------------------------- activities


class IndicatorOut(ModelSchema):
    class Meta:
        model = Indicator
        fields = ["id", "name", "measure_unit", "annual_target", "version"]


class QuarterTargetOut(ModelSchema):
    class Meta:
        model = QuarterTarget
        fields = ["id", "quarter", "physical", "financial", "version"]


class MilestoneOut(ModelSchema):
    class Meta:
        model = Milestone
        fields = ["id", "order", "name", "planned_date", "achieved_date", "evidence", "version"]


class ActivityOut(ModelSchema):
    display_name: str
    priorities: list[int]
    indicators: list[IndicatorOut]
    quarter_targets: list[QuarterTargetOut]
    milestones: list[MilestoneOut]

    class Meta:
        model = Activity
        fields = ["id", "government", "unit", "year", "nomenclature", "name", "location", "budget",
                  "funding_source", "version", "created_at", "updated_at"]

    @staticmethod
    def resolve_priorities(obj) -> list[int]:
        return [p.pk for p in obj.priorities.all()]

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.all())

    @staticmethod
    def resolve_quarter_targets(obj):
        return list(obj.quarter_targets.all())

    @staticmethod
    def resolve_milestones(obj):
        return list(obj.milestones.all())


class ActivityIn(Schema):
    unit: int
    year: int = Field(description="Fiscal year, e.g. 2025.")
    nomenclature: str = Field(description="Code of a sub kegiatan, e.g. 1.01.01.2.01.0001.")
    name: str = Field("", description="Empty: the sub kegiatan's name.")
    location: str | None = Field(None, description="Region code inside the government's region.")
    budget: Decimal = Field(Decimal(0), description="Pagu in Rupiah, at least 0.")
    funding_source: FundingSource = FundingSource.APBD
    priorities: list[int] = Field(default_factory=list, description="Priority ids.")


class ActivityUpdate(ActivityIn):
    version: int


class ActivityFilters(Schema):
    q: str | None = Field(None, description="Search in name, sub kegiatan code and name, unit.")
    government: int | None = None
    unit: int | None = Field(None, description="The unit and its sub-units.")
    year: int | None = None
    priority: int | None = None
    funding_source: FundingSource | None = None
    nomenclature: str | None = Field(None, description="Only sub kegiatan under this code.")


def _check_priorities(activity: Activity, chosen: list[Priority]) -> None:
    foreign = [p.pk for p in chosen
               if p.framework.government_id not in (None, activity.government_id)]
    if foreign:
        raise field_error("priorities", _("Choose national priorities or the government's own "
                                          "(not %(ids)s).") % {"ids": ", ".join(map(str, foreign))})


class ActivityResource(Resource):
    """The government follows the unit; priorities are a many-to-many list of ids."""

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Model:
        user = api_user(request)
        if not can(user, Action.ADD, Activity):
            raise PermissionDenied
        data = resolve_ids(dict(data), self.relations, user)
        chosen = data.pop("priorities", None) or []
        activity = Activity(**data).sync_government()
        _check_priorities(activity, chosen)
        obj = create_object(api_actor(request), activity, m2m={"priorities": chosen})
        return self.reload(obj)

    def update(self, request: HttpRequest, pk: Any, data: dict[str, Any]) -> Model:
        obj, version, data = self.for_update(request, pk, data)
        chosen = data.pop("priorities", None)
        if "unit" in data:
            data["government"] = data["unit"].government
        probe = Activity(government_id=data["government"].pk if "government" in data
                         else obj.government_id)
        if chosen is not None:
            _check_priorities(probe, chosen)
        m2m = {"priorities": chosen} if chosen is not None else None
        obj = update_object(api_actor(request), obj, data, expected_version=version, m2m=m2m)
        return self.reload(obj)


activities = ActivityResource(
    "activities",
    Activity.objects.select_related("nomenclature").prefetch_related(
        "priorities", "indicators", "quarter_targets", "milestones"),
    relations={"unit": Unit, "nomenclature": NomenclatureItem, "location": Region,
               "priorities": Priority},
    filterset=filtersets.ActivityFilterSet,
)

# ---------------------------------------------------------------------------- activity parts


class PartResource(Resource):
    """Indicators and milestones: created for an activity (its id in the body, an activity the
    caller cannot see is an unknown id), never moved to another one; `?activity=` filters."""

    def list(self, request: HttpRequest, params: dict[str, Any]):
        qs = super().list(request, {})
        if params.get("activity"):
            qs = qs.filter(activity_id=params["activity"])
        return qs


class PartFilters(Schema):
    activity: int | None = Field(None, description="Only the parts of this activity.")


class IndicatorDetailOut(ModelSchema):
    class Meta:
        model = Indicator
        fields = ["id", "activity", "name", "measure_unit", "annual_target", "version",
                  "created_at", "updated_at"]


class IndicatorUpdate(Schema):
    name: str
    measure_unit: str = Field(description="E.g. dokumen, orang, km, %.")
    annual_target: Decimal = Field(description="At least 0, in the unit of measure.")
    version: int


class IndicatorIn(Schema):
    activity: int
    name: str
    measure_unit: str = Field(description="E.g. dokumen, orang, km, %.")
    annual_target: Decimal = Field(description="At least 0, in the unit of measure.")


class MilestoneDetailOut(ModelSchema):
    class Meta:
        model = Milestone
        fields = ["id", "activity", "order", "name", "planned_date", "achieved_date", "evidence",
                  "version", "created_at", "updated_at"]


class MilestoneIn(Schema):
    activity: int
    order: int = Field(1, ge=0)
    name: str
    planned_date: date | None = None
    achieved_date: date | None = None
    evidence: str = Field("", description="What shows the milestone was reached.")


class MilestoneUpdate(Schema):
    order: int = Field(ge=0)
    name: str
    planned_date: date | None = None
    achieved_date: date | None = None
    evidence: str = ""
    version: int


indicators = PartResource("indicators", Indicator.objects.select_related("activity"),
                          relations={"activity": Activity})
milestones = PartResource("milestones", Milestone.objects.select_related("activity"),
                          relations={"activity": Activity})


class TargetIn(Schema):
    quarter: int = Field(ge=1, le=4)
    physical: Decimal = Field(description="Cumulative physical target, % (0–100).")
    financial: Decimal = Field(description="Cumulative financial target, Rp (0 to the budget).")
    version: int | None = Field(description="The version of this quarter's target you read; null "
                                            "when it had none (409 when it is stale).")


class TargetsIn(Schema):
    targets: list[TargetIn] = Field(description="The four quarters, each once.")


def _cents(value: Decimal) -> Decimal:
    """As stored (2 decimals), so that an unchanged target compares equal and is not written."""
    try:
        return value.quantize(Decimal("0.01"))
    except InvalidOperation:
        return value  # left to the model's validation


def _targets(activity: Activity) -> list[QuarterTarget]:
    return list(QuarterTarget.objects.filter(activity=activity).order_by("quarter"))


def _add_target_routes(sub: Router) -> None:
    @sub.get("/{pk}/targets", response={200: list[QuarterTargetOut], **ERRORS},
             operation_id="activities_targets_read")
    def read_targets(request: HttpRequest, pk: int):
        return _targets(activities.get(request, pk))

    @sub.put("/{pk}/targets", response={200: list[QuarterTargetOut], **ERRORS},
             operation_id="activities_targets_replace")
    def replace_targets(request: HttpRequest, pk: int, payload: TargetsIn):
        """Set the cumulative quarterly targets as a whole (all four quarters): the set is
        checked at once (never decreasing, physical 0–100 %, financial within the budget).
        Errors name `targets.<index>.<field>`."""
        activity = activities.get(request, pk, Action.CHANGE)
        index = {t.quarter: i for i, t in enumerate(payload.targets)}
        if len(payload.targets) != len(QUARTERS) or set(index) != set(QUARTERS):
            raise field_error("targets", _("Give the targets of all four quarters, each once."))
        try:
            set_quarter_targets(api_actor(request), activity,
                                {t.quarter: (_cents(t.physical), _cents(t.financial))
                                 for t in payload.targets},
                                {t.quarter: t.version for t in payload.targets})
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            errors = {}
            for key, messages in exc.error_dict.items():
                name, _sep, quarter = key.rpartition("_")
                target = index.get(int(quarter)) if is_id(quarter) else None
                errors[f"targets.{target}.{name}" if target is not None else key] = messages
            raise ValidationError(errors) from None
        return _targets(activity)


# ---------------------------------------------------------------------------- plan versions


class PlanVersionOut(Schema):
    number: int = Field(description="0: the adoption (DPA); 1, 2, ...: the revisions.")
    label: str
    kind: RevisionKind
    status: RevisionStatus = Field(description="open (being changed), adopted, or cancelled.")
    effective_quarter: int = Field(description="The first quarter measured against this version.")
    reference: str = Field(description="Legal basis (DPA number, Perda/Perkada).")
    decided_on: date | None
    note: str
    started_at: datetime
    started_by: int | None = Field(description="User id.")
    adopted_at: datetime | None
    adopted_by: int | None = Field(description="User id.")
    cancelled_at: datetime | None
    cancelled_by: int | None = Field(description="User id.")
    cancel_reason: str
    activities: int | None = Field(description="Activities in this version (open: the plan as it is now; "
                                               "cancelled: null).")
    budget_total: Decimal | None = Field(description="Sum of the pagu, Rp (as for `activities`).")


class PlanVersionsOut(Schema):
    government: int
    year: int
    status: PlanStatus = Field(description="draft, adopted (locked) or revising.")
    versions: list[PlanVersionOut]


class TargetValuesOut(Schema):
    physical: Decimal = Field(description="Cumulative physical target, %.")
    financial: Decimal = Field(description="Cumulative financial target, Rp.")


class TargetChangeOut(Schema):
    quarter: int
    before: TargetValuesOut | None
    after: TargetValuesOut | None


class IndicatorValuesOut(Schema):
    name: str
    measure_unit: str
    annual_target: Decimal


class IndicatorChangeOut(Schema):
    indicator: int
    before: IndicatorValuesOut | None
    after: IndicatorValuesOut | None


class AttributeChangeOut(Schema):
    field: str = Field(description="code (sub kegiatan), name or unit_name.")
    before: str
    after: str


class ActivityChangeOut(Schema):
    activity: int
    kind: str = Field(description="added, removed or changed.")
    unit_name: str
    code: str
    name: str
    budget_before: Decimal | None
    budget_after: Decimal | None
    fields: list[AttributeChangeOut]
    targets: list[TargetChangeOut] = Field(description="The quarters whose targets differ.")
    indicators: list[IndicatorChangeOut] = Field(description="The indicators that differ.")


class PlanVersionDiffOut(Schema):
    government: int
    year: int
    version: PlanVersionOut
    compared_with: int | None = Field(description="The number of the adopted version before it (null: "
                                                  "the DPA, compared with nothing).")
    budget_before: Decimal
    budget_after: Decimal
    changes: list[ActivityChangeOut]


def _plan_government(request: HttpRequest, government: int, year: int) -> Government:
    """The government (404 when the caller does not see it, or no id), the year within bounds."""
    if not 2000 <= year <= 2100 or not 0 < government <= MAX_BIGINT:
        raise Http404
    return visible(Government.objects.all(), api_user(request), pk=government)


def _version_out(revision: PlanRevision, current: tuple[int, Decimal] | None) -> dict[str, Any]:
    status = revision.status
    if status == RevisionStatus.ADOPTED:
        activities = len(revision.snapshot)
        total = sum((Decimal(a["budget"]) for a in revision.snapshot.values()), Decimal(0))
    elif status == RevisionStatus.OPEN and current is not None:
        activities, total = current
    else:
        activities = total = None
    return {"number": revision.number, "label": str(revision), "kind": revision.kind, "status": status,
            "effective_quarter": revision.effective_quarter, "reference": revision.reference,
            "decided_on": revision.decided_on, "note": revision.note, "started_at": revision.started_at,
            "started_by": revision.started_by_id, "adopted_at": revision.adopted_at,
            "adopted_by": revision.adopted_by_id, "cancelled_at": revision.cancelled_at,
            "cancelled_by": revision.cancelled_by_id, "cancel_reason": revision.cancel_reason,
            "activities": activities, "budget_total": total}


def _current_totals(government_id: int, year: int) -> tuple[int, Decimal]:
    figures = Activity.objects.filter(government_id=government_id, year=year).aggregate(
        n=Count("pk"), total=Sum("budget"))
    return figures["n"], figures["total"] or Decimal(0)


_plan_router = Router(tags=["planning: plan versions"])


@_plan_router.get("/{government}/{year}/versions", response={200: PlanVersionsOut, **ERRORS},
                  operation_id="planning_plan_versions")
def plan_versions(request: HttpRequest, government: int, year: int):
    """The versions of a government's plan of `year` (planning.lifecycle): the adoption (DPA)
    and each revision with its status, who adopted or cancelled it and when, and its totals.
    Seen by whoever sees the government; a year never adopted has none (status draft)."""
    gov = _plan_government(request, government, year)
    plan = AnnualPlan.objects.filter(government=gov, year=year).first()
    revisions = list(plan.revisions.order_by("number")) if plan else []
    current = (_current_totals(gov.pk, year)
               if any(r.status == RevisionStatus.OPEN for r in revisions) else None)
    return {"government": gov.pk, "year": year, "status": plan.status if plan else PlanStatus.DRAFT,
            "versions": [_version_out(r, current) for r in revisions]}


def _target(values) -> dict | None:
    return {"physical": values[0], "financial": values[1]} if values else None


def _indicator(values) -> dict | None:
    return ({"name": values["name"], "measure_unit": values["measure"], "annual_target": values["target"]}
            if values else None)


@_plan_router.get("/{government}/{year}/versions/{number}", response={200: PlanVersionDiffOut, **ERRORS},
                  operation_id="planning_plan_version_diff")
def plan_version_diff(request: HttpRequest, government: int, year: int, number: int):
    """What one version changed, per activity: pagu, sub kegiatan, name and unit, each quarter's
    targets and each indicator, before and after — against the adopted version before it (the
    DPA: against nothing, every activity added; an open revision: the plan as it is now; a
    cancelled one: nothing)."""
    gov = _plan_government(request, government, year)
    revision = PlanRevision.objects.select_related("plan").filter(
        plan__government=gov, plan__year=year, number=number).first() if 0 <= number <= 32767 else None
    if revision is None:
        raise Http404
    previous = lifecycle.previous_adopted(revision)
    result = lifecycle.revision_diff(revision)
    current = (_current_totals(gov.pk, year) if revision.status == RevisionStatus.OPEN else None)
    return {
        "government": gov.pk, "year": year, "version": _version_out(revision, current),
        "compared_with": previous.number if previous else None,
        "budget_before": result.budget_before, "budget_after": result.budget_after,
        "changes": [{
            "activity": c.activity_id, "kind": c.kind, "unit_name": c.unit_name, "code": c.code,
            "name": c.name, "budget_before": c.budget_before, "budget_after": c.budget_after,
            "fields": [{"field": f, "before": b, "after": a} for f, b, a in c.attributes],
            "targets": [{"quarter": t.quarter, "before": _target(t.before), "after": _target(t.after)}
                        for t in c.targets],
            "indicators": [{"indicator": i.indicator_id, "before": _indicator(i.before),
                            "after": _indicator(i.after)} for i in c.indicators],
        } for c in result.changes],
    }


# ---------------------------------------------------------------------------- routes


def _mount(prefix: str, sub: Router, resource: Resource, **schemas) -> None:
    add_crud_routes(sub, resource, **schemas)
    router.add_router(prefix, sub)


_activities_router = Router(tags=["planning: activities"])
_add_target_routes(_activities_router)
_mount("/activities", _activities_router, activities, out=ActivityOut,
       filters=ActivityFilters, create_in=ActivityIn, update_in=ActivityUpdate)
_mount("/indicators", Router(tags=["planning: activities"]), indicators, out=IndicatorDetailOut,
       filters=PartFilters, create_in=IndicatorIn, update_in=IndicatorUpdate)
_mount("/milestones", Router(tags=["planning: activities"]), milestones, out=MilestoneDetailOut,
       filters=PartFilters, create_in=MilestoneIn, update_in=MilestoneUpdate)
_mount("/frameworks", Router(tags=["planning: priorities"]), frameworks, out=FrameworkOut,
       filters=FrameworkFilters, create_in=FrameworkIn, update_in=FrameworkUpdate)
_mount("/priorities", Router(tags=["planning: priorities"]), priorities, out=PriorityOut,
       filters=PriorityFilters, create_in=PriorityIn, update_in=PriorityUpdate)
_mount("/nomenclature", Router(tags=["planning: nomenclature"]), nomenclature,
       out=NomenclatureOut, filters=NomenclatureFilters, create_in=NomenclatureIn,
       update_in=NomenclatureUpdate, pk_type=str)
router.add_router("/plans", _plan_router)

