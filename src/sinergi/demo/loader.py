"""Load the demo data (sinergi.demo.data) through core.services, idempotently.

Every object is looked up by its natural key first and created (with its AuditEvent) only when
it is missing. Existing objects are left exactly as they are, so running the loader again —
`make run` does it on every start — creates nothing, changes nothing and records nothing, and
keeps whatever a user edited in the demo since."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction

from sinergi.accounts.models import User
from sinergi.accounts.services import create_user
from sinergi.core.models import AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import Actor, create_object
from sinergi.demo import data
from sinergi.regions.choices import PositionGrade, RegionLevel, UnitKind
from sinergi.regions.models import Government, Official, Position, PositionTerm, Region, Unit
from sinergi.regions.rules import government_name, government_short_name, split_titles
from sinergi.regions.services import LoadResult, load_regions

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    scope: str
    password: str
    created: bool


@dataclass
class DemoResult:
    regions: LoadResult
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    accounts: list[DemoAccount] = field(default_factory=list)
    plan: Any = None  # the GenerationSummary of the synthetic plan (sinergi.demo.synthetic)

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


class _Loader:
    def __init__(self, actor: Actor, result: DemoResult) -> None:
        self.actor = actor
        self.result = result

    def ensure(self, model: type[M], lookup: dict[str, Any], defaults: dict[str, Any] | None = None,
               *, create: Callable[[M], M] | None = None) -> tuple[M, bool]:
        """The object matching `lookup`; when missing, built from lookup + defaults and saved by
        `create` (default: core.services.create_object, which audits it)."""
        label = model.__name__
        obj = model._default_manager.filter(**lookup).first()
        if obj is not None:
            self.result.existing[label] += 1
            return obj, False
        obj = model(**lookup, **(defaults or {}))
        obj = create(obj) if create is not None else create_object(self.actor, obj)
        self.result.created[label] += 1
        return obj, True

    # ------------------------------------------------------------------ governments

    def government(self, spec: data.GovernmentSpec) -> Government:
        region = Region.objects.get(code=spec.region)
        gov, _created = self.ensure(
            Government, {"region": region},
            {"name": government_name(region.name, region.level),
             "short_name": government_short_name(region.name, region.level)},
        )
        units: dict[str, Unit] = {}
        for unit in spec.units:  # parents come before their sub-units in the data
            units[unit.code], _ = self.ensure(
                Unit, {"government": gov, "code": unit.code},
                {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind,
                 "parent": units[unit.parent] if unit.parent else None},
            )
        positions: dict[str, Position] = {}
        for pos in spec.positions:
            unit = units[pos.unit] if pos.unit else None
            positions[pos.title], _ = self.ensure(
                Position, {"government": gov, "unit": unit, "title": pos.title},
                {"grade": pos.grade, "is_unit_head": pos.is_unit_head, "order": pos.order},
            )
        if spec.district_offices is not None:
            self.district_offices(gov, spec.district_offices)
        for person in spec.officials:
            self.official(gov, person, positions, spec.known_on)
        return gov

    def district_offices(self, gov: Government, offices: data.DistrictOffices) -> None:
        """An office for every district of the government's region, each with its head."""
        districts = Region.objects.filter(
            parent_id=gov.region_id, level=RegionLevel.DISTRICT
        ).order_by("code")
        for district in districts:
            unit, _ = self.ensure(
                Unit, {"government": gov, "code": f"{offices.code_prefix}-{district.code[-2:]}"},
                {"name": f"{offices.name_prefix} {district.name}", "kind": UnitKind.DISTRICT_OFFICE,
                 "region": district},
            )
            self.ensure(
                Position, {"government": gov, "unit": unit,
                           "title": f"{offices.head_title} {district.name}"},
                {"grade": PositionGrade.ADMINISTRATOR, "is_unit_head": True, "order": 50},
            )

    def official(self, gov: Government, spec: data.OfficialSpec, positions: dict[str, Position],
                 known_on: dt.date) -> None:
        person = split_titles(spec.as_written)
        official, _ = self.ensure(
            Official, {"government": gov, "name": person.name},
            {"front_title": person.front_title, "back_title": person.back_title},
        )
        if spec.position is None:
            return
        # The report shows the term active on its meeting date; the real start is unknown, so
        # the term starts then and stays open (see sinergi.demo.data).
        self.ensure(
            PositionTerm, {"position": positions[spec.position], "official": official,
                           "capacity": spec.capacity, "start": known_on},
        )

    # ------------------------------------------------------------------ accounts

    def account(self, spec: data.DemoUser) -> DemoAccount:
        scope_units: list[Unit] = []
        if spec.scope is not None:
            region_code, unit_code = spec.scope
            scope_units = [Unit.objects.select_related("government").get(
                government__region_id=region_code, code=unit_code)]
        is_admin = spec.role == Role.ADMINISTRATOR
        _user, created = self.ensure(
            User, {"username": spec.username},
            {"role": spec.role, "first_name": spec.first_name, "last_name": "Demo",
             "is_staff": is_admin, "is_superuser": is_admin},
            create=lambda user: create_user(self.actor, user, scope_units=scope_units,
                                            password=data.DEMO_PASSWORD),
        )
        return DemoAccount(spec.username, spec.role, describe_scope(spec.role, scope_units),
                           data.DEMO_PASSWORD, created)


def describe_scope(role: str, units: list[Unit]) -> str:
    if role == Role.ADMINISTRATOR:
        return "everything"
    parts = []
    for unit in units:
        gov = unit.government
        if role == Role.COORDINATOR:
            parts.append(f"{gov.name} (whole government)")
        else:
            parts.append(f"{unit.name}, {gov.short_name or gov.name}")
    return "; ".join(parts)


@transaction.atomic
def load_demo(actor: Actor | None = None) -> DemoResult:
    """Load the region registry, the demo governments and the demo accounts. Idempotent."""
    actor = actor or Actor.system(AuditSource.CLI)
    result = DemoResult(regions=load_regions(actor))
    loader = _Loader(actor, result)
    for spec in data.GOVERNMENTS:
        loader.government(spec)
    result.accounts = [loader.account(spec) for spec in data.DEMO_USERS]
    from sinergi.planning.demo import seed_planning

    seed_planning(actor, result.created, result.existing)
    result.plan = seed_synthetic_plan(actor, result)
    from sinergi.demo.cooperation import seed_cooperation

    agreements = seed_cooperation(actor)
    if agreements:
        result.created["Agreement (synthetic)"] += agreements
    from sinergi.demo.meetings import seed_meetings

    meetings = seed_meetings(actor)
    if meetings:
        result.created["Meeting"] += meetings
    from sinergi.demo.cooperation import seed_evaluation_meeting

    if seed_evaluation_meeting(actor):
        result.created["Evaluation meeting (linked)"] += 1
    return result


def seed_synthetic_plan(actor: Actor, result: DemoResult):
    """SYNTHETIC plans and realization for the governments of the demo accounts (see
    sinergi.demo.data.PLAN_*): skipped for a government that already has that year's plan."""
    from sinergi.demo.synthetic import generate

    governments = Government.objects.filter(region_id__in=data.PLAN_GOVERNMENTS).order_by("region_id")
    plan = generate(governments=governments, year=data.PLAN_YEAR, quarters=data.PLAN_QUARTERS,
                    seed=data.PLAN_SEED, units_per_government=data.PLAN_UNITS_PER_GOVERNMENT,
                    activities_per_unit=data.PLAN_ACTIVITIES_PER_UNIT, actor=actor)
    for label, count in (("NomenclatureItem", plan.nomenclature_created),
                         ("Unit", plan.units_created), ("Activity", plan.activities),
                         ("Realization", plan.realizations)):
        if count:
            result.created[label] += count
    if plan.skipped:
        result.existing["Government plan"] += plan.skipped
    return plan
