"""API v1 for planning: activities (with their indicators, targets and milestones), priority
frameworks and priorities, and the nomenclature (read by all, written by administrators).
Indicators and milestones have their own endpoints (create, update, delete); an activity's
quarterly targets are read and set as a whole at /activities/{id}/targets.

Thin adapters over sinergi.api.crud (scope, audit, stale versions) and planning.rules.
No `from __future__ import annotations` here: Ninja reads these annotations at run time.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest
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
)
from sinergi.core.params import is_id
from sinergi.core.scope import Action, can
from sinergi.core.services import create_object, update_object
from sinergi.planning import filtersets, rules
from sinergi.planning.choices import QUARTERS, FrameworkKind, FundingSource, NomenclatureLevel
from sinergi.planning.models import (
    Activity,
    Indicator,
    Milestone,
    NomenclatureItem,
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

