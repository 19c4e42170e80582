"""API v1 for regions, governments, units, officials, positions and position terms.

Thin adapters: scope, validation, audit and stale-edit detection happen in sinergi.api.crud
(over core.scope and core.services); "who held the office on that day" is regions.services.
No `from __future__ import annotations` here: Ninja reads these annotations at run time.
"""

import datetime as dt
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, ModelSchema, Query, Router, Schema

from sinergi.api.crud import (
    ERRORS,
    Resource,
    add_crud_routes,
    api_actor,
    api_user,
    resolve_ids,
    visible,
)
from sinergi.core.contacts import WHATSAPP_HELP
from sinergi.core.scope import Action, can
from sinergi.regions import filtersets
from sinergi.regions.choices import (
    Capacity,
    CoordinationCovers,
    CoordinationPurpose,
    PositionGrade,
    RegionLevel,
    UnitKind,
)
from sinergi.regions.models import (
    Coordination,
    Government,
    Official,
    Position,
    PositionTerm,
    Region,
    Unit,
)
from sinergi.regions.services import holders_on, save_coordination

router = Router()

# ---------------------------------------------------------------------------- regions


class RegionOut(ModelSchema):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent", "timezone"]


class RegionFilters(Schema):
    q: str | None = Field(None, description="Search in name and code.")
    level: RegionLevel | None = None
    within: str | None = Field(None, description="Only this region and its subtree, e.g. 64.08.")


regions = Resource(
    "regions", Region.objects.all(), filterset=filtersets.RegionFilterSet, lookup="code"
)

# ---------------------------------------------------------------------------- governments


class GovernmentOut(ModelSchema):
    class Meta:
        model = Government
        fields = ["id", "region", "name", "short_name", "address", "website", "version",
                  "created_at", "updated_at"]


class GovernmentIn(Schema):
    region: str = Field(description="Kemendagri code of a province or regency/city, e.g. 94.04.")
    name: str
    short_name: str = ""
    address: str = ""
    website: str = ""


class GovernmentUpdate(GovernmentIn):
    version: int


class GovernmentFilters(Schema):
    q: str | None = Field(None, description="Search in name, short name and region code.")


governments = Resource(
    "governments", Government.objects.select_related("region"),
    relations={"region": Region}, filterset=filtersets.GovernmentFilterSet,
)


class HolderOut(Schema):
    term: int = Field(validation_alias="pk")
    official: int = Field(validation_alias="official_id")
    official_name: str = Field(validation_alias="official.full_name")
    nip: str | None = Field(validation_alias="official.nip")
    capacity: Capacity
    capacity_title: str
    start: dt.date
    end: dt.date | None
    decree: str


class HoldersOut(Schema):
    government: int
    position: int
    title: str
    on: dt.date
    holder: HolderOut | None = Field(description="Who exercised the office that day.")
    holders: list[HolderOut] = Field(description="Every term active that day, the exerciser first.")


class HoldersQuery(Schema):
    title: str = Field(description="The position's title, e.g. Bupati Mimika (case-insensitive).")
    on: dt.date | None = Field(None, description="The day (default: today).")


# ---------------------------------------------------------------------------- units


class UnitOut(ModelSchema):
    class Meta:
        model = Unit
        fields = ["id", "government", "parent", "code", "name", "short_name", "kind", "region",
                  "active_from", "active_until", "path", "version", "created_at", "updated_at"]


class UnitIn(Schema):
    government: int
    parent: int | None = None
    code: str
    name: str
    short_name: str = ""
    kind: UnitKind
    region: str | None = Field(None, description="For a district office: its district code.")
    active_from: dt.date | None = None
    active_until: dt.date | None = None


class UnitUpdate(UnitIn):
    version: int


class UnitFilters(Schema):
    q: str | None = Field(None, description="Search in name, short name and code.")
    government: int | None = None
    kind: UnitKind | None = None


units = Resource(
    "units", Unit.objects.all(),
    relations={"government": Government, "parent": Unit, "region": Region},
    filterset=filtersets.UnitFilterSet,
)

# ---------------------------------------------------------------------------- officials


class OfficialOut(ModelSchema):
    full_name: str

    class Meta:
        model = Official
        fields = ["id", "government", "name", "front_title", "back_title", "nip", "golongan", "email",
                  "phone", "whatsapp", "version", "created_at", "updated_at"]


class OfficialIn(Schema):
    government: int
    name: str
    front_title: str = ""
    back_title: str = ""
    nip: str | None = Field(None, description="18 digits, optional.")
    golongan: str = Field("", description="Golongan/ruang of a civil servant (I/a … IV/e), or empty.")
    email: str = ""
    phone: str = ""
    whatsapp: str = Field("", description=WHATSAPP_HELP)


class OfficialUpdate(OfficialIn):
    version: int


class OfficialFilters(Schema):
    q: str | None = Field(None, description="Search in name, NIP and the titles of positions held.")
    government: int | None = None


officials = Resource(
    "officials", Official.objects.all(), relations={"government": Government},
    filterset=filtersets.OfficialFilterSet,
)

# ---------------------------------------------------------------------------- positions


class PositionFilterSet(filtersets.SearchFilterSet):
    search_fields = ("title",)

    class Meta:
        model = Position
        fields = ["q", "government", "unit", "grade"]


class PositionOut(ModelSchema):
    class Meta:
        model = Position
        fields = ["id", "government", "unit", "title", "grade", "is_unit_head", "order", "version",
                  "created_at", "updated_at"]


class PositionIn(Schema):
    government: int
    unit: int | None = None
    title: str
    grade: PositionGrade = PositionGrade.OTHER
    is_unit_head: bool = False
    order: int = 100


class PositionUpdate(PositionIn):
    version: int


class PositionFilters(Schema):
    q: str | None = Field(None, description="Search in the title.")
    government: int | None = None
    unit: int | None = None
    grade: PositionGrade | None = None


positions = Resource(
    "positions", Position.objects.all(), relations={"government": Government, "unit": Unit},
    filterset=PositionFilterSet,
)

# ---------------------------------------------------------------------------- position terms


class TermFilterSet(django_filters.FilterSet):
    government = django_filters.NumberFilter(field_name="position__government_id")
    on = django_filters.DateFilter(method="active_on", label=_("Active on"))

    class Meta:
        model = PositionTerm
        fields = ["position", "official", "capacity", "government", "on"]

    def active_on(self, queryset, name, value):
        return queryset.filter(Q(end__isnull=True) | Q(end__gte=value), start__lte=value)


class TermOut(ModelSchema):
    capacity_title: str
    official_name: str = Field(validation_alias="official.full_name")

    class Meta:
        model = PositionTerm
        fields = ["id", "position", "official", "capacity", "start", "end", "decree", "version",
                  "created_at", "updated_at"]


class TermIn(Schema):
    position: int
    official: int
    capacity: Capacity = Capacity.DEFINITIVE
    start: dt.date
    end: dt.date | None = None
    decree: str = ""


class TermUpdate(TermIn):
    version: int


class TermFilters(Schema):
    position: int | None = None
    official: int | None = None
    government: int | None = None
    capacity: Capacity | None = None
    on: dt.date | None = Field(None, description="Only terms active on this day.")


terms = Resource(
    "terms", PositionTerm.objects.select_related("position", "official"),
    relations={"position": Position, "official": Official}, filterset=TermFilterSet,
)

# ---------------------------------------------------------------------------- coordination


class CoordinationOut(ModelSchema):
    units: list[int]

    class Meta:
        model = Coordination
        fields = ["id", "government", "unit", "purpose", "covers", "decree", "version",
                  "created_at", "updated_at"]

    @staticmethod
    def resolve_units(obj: Coordination) -> list[int]:
        return sorted(unit.pk for unit in obj.units.all())  # prefetched


class CoordinationIn(Schema):
    government: int
    unit: int = Field(description="The coordinating unit (of the same government).")
    purpose: CoordinationPurpose
    covers: CoordinationCovers = CoordinationCovers.DISTRICT_OFFICES
    units: list[int] = Field(default_factory=list,
                             description="The coordinated units when `covers` is `chosen`.")
    decree: str = ""


class CoordinationUpdate(CoordinationIn):
    version: int


class CoordinationFilters(Schema):
    q: str | None = Field(None, description="Search in the coordinating unit and the decree.")
    government: int | None = None
    purpose: CoordinationPurpose | None = None
    covers: CoordinationCovers | None = None
    unit: int | None = Field(None, description="The coordinating unit.")


class CoordinationResource(Resource):
    """The chosen units are a many-to-many list of ids, checked against the government
    (regions.services.save_coordination)."""

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Model:
        user = api_user(request)
        if not can(user, Action.ADD, Coordination):
            raise PermissionDenied
        data = resolve_ids(dict(data), self.relations, user)
        units = data.pop("units", None) or []
        obj = save_coordination(api_actor(request), Coordination(**data), units=units)
        return self.reload(obj)

    def update(self, request: HttpRequest, pk: Any, data: dict[str, Any]) -> Model:
        obj, version, data = self.for_update(request, pk, data)
        units = data.pop("units", None)
        obj = save_coordination(api_actor(request), obj, data, units=units,
                                expected_version=version)
        return self.reload(obj)


coordinations = CoordinationResource(
    "coordinations", Coordination.objects.prefetch_related("units"),
    relations={"government": Government, "unit": Unit, "units": Unit},
    filterset=filtersets.CoordinationFilterSet,
)

# ---------------------------------------------------------------------------- routes

government_router = Router(tags=["governments"])


@government_router.get(
    "/{pk}/holders", response={200: HoldersOut, **ERRORS}, operation_id="governments_holders"
)
def government_holders(request, pk: int, query: Query[HoldersQuery]):
    """Who held the position called `title` of this government on the day `on`, and in which
    capacity (definitive, Pj, Pjs, Plt, Plh): `holder` exercised the office, `holders` lists
    every term active that day."""
    government = visible(Government.objects.all(), request.auth, pk=pk)
    position = (
        Position.objects.filter(government=government, title__iexact=query.title.strip())
        .order_by("unit_id", "pk").first()
    )
    if position is None:
        raise Http404(_("This government has no position titled %(title)s.") % {"title": query.title})
    day = query.on or timezone.localdate()
    holders = holders_on(position, day)
    return {
        "government": government.pk, "position": position.pk, "title": position.title, "on": day,
        "holder": holders[0] if holders else None, "holders": holders,
    }


def _mount(prefix: str, sub: Router, resource: Resource, **schemas) -> None:
    add_crud_routes(sub, resource, **schemas)
    router.add_router(prefix, sub)


_mount("/regions", Router(tags=["regions"]), regions, out=RegionOut, filters=RegionFilters,
       pk_type=str)
_mount("/governments", government_router, governments, out=GovernmentOut,
       filters=GovernmentFilters, create_in=GovernmentIn, update_in=GovernmentUpdate)
_mount("/units", Router(tags=["units"]), units, out=UnitOut, filters=UnitFilters,
       create_in=UnitIn, update_in=UnitUpdate)
_mount("/officials", Router(tags=["officials"]), officials, out=OfficialOut,
       filters=OfficialFilters, create_in=OfficialIn, update_in=OfficialUpdate)
_mount("/positions", Router(tags=["positions"]), positions, out=PositionOut,
       filters=PositionFilters, create_in=PositionIn, update_in=PositionUpdate)
_mount("/terms", Router(tags=["position terms"]), terms, out=TermOut, filters=TermFilters,
       create_in=TermIn, update_in=TermUpdate)
_mount("/coordinations", Router(tags=["coordination"]), coordinations, out=CoordinationOut,
       filters=CoordinationFilters, create_in=CoordinationIn, update_in=CoordinationUpdate)
