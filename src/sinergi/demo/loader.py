"""Load the demo data (sinergi.demo.data) through core.services, idempotently.

Every demo row has a stable key given by the demo data ("official:64.08:Sutrisno"), recorded in
the demo registry (sinergi.demo.registry) when the row is made. Running the loader again —
`make run` does it on every start — finds its rows by these keys, never by the names, codes
and titles a user may have changed since, and leaves them exactly as they are: it creates
nothing, changes nothing and records nothing, and keeps whatever a user edited in the demo.
A demo row a user deleted stays deleted (and what would hang on it is not made either).

A database loaded before the registry existed has no keys yet: the loader then finds each row
by its natural key (as it always did) and records it. Where what the demo would add conflicts
with a user's own data (a position the user has given to someone else meanwhile), the demo row
is skipped and reported, never forced: the loader does not fail on what a user changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from sinergi.accounts.models import User
from sinergi.accounts.services import create_user, update_user
from sinergi.core.models import AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import Actor, create_object, update_object
from sinergi.demo import data, registry
from sinergi.planning.models import PriorityFramework
from sinergi.planning.services import ASTA_CITA
from sinergi.regions.choices import PositionGrade, RegionLevel, UnitKind
from sinergi.regions.models import (
    Coordination,
    Government,
    Official,
    Position,
    PositionTerm,
    Region,
    Unit,
)
from sinergi.regions.rules import government_name, government_short_name, split_titles
from sinergi.regions.services import LoadResult, load_regions, save_coordination

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
    deleted: Counter = field(default_factory=Counter)  # demo rows a user deleted: left deleted
    skipped: list[str] = field(default_factory=list)  # what conflicted with a user's data, and why
    accounts: list[DemoAccount] = field(default_factory=list)
    plan: Any = None  # the GenerationSummary of the synthetic plan (sinergi.demo.synthetic)

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


class _Loader:
    def __init__(self, actor: Actor, result: DemoResult) -> None:
        self.actor = actor
        self.result = result

    def ensure(self, key: str, model: type[M], lookup: dict[str, Any],
               defaults: dict[str, Any] | None = None, *, create: Callable[[M], M] | None = None,
               find: Callable[[], M | None] | None = None) -> tuple[M | None, bool]:
        """The demo row recorded under `key`; None when a user deleted it. A key not recorded
        yet: the row matching `lookup` (or found by `find`), else one built from lookup +
        defaults and saved by `create` (default: core.services.create_object, which audits
        it) — recorded under `key` either way. A row that cannot be made because of the data
        a user entered meanwhile is skipped (None) and reported."""
        label = model.__name__
        recorded, obj = registry.lookup(key, model)
        if recorded:
            if obj is None:
                self.result.deleted[label] += 1
                return None, False
            self.result.existing[label] += 1
            return obj, False
        obj = find() if find is not None else model._default_manager.filter(**lookup).first()
        created = obj is None
        if created:
            obj = model(**lookup, **(defaults or {}))
            try:
                with transaction.atomic():
                    obj = create(obj) if create is not None else create_object(self.actor, obj)
            except (ValidationError, IntegrityError) as exc:
                self.result.skipped.append(f"{key}: {_reason(exc)}")
                return None, False
        registry.remember(key, obj)
        (self.result.created if created else self.result.existing)[label] += 1
        return obj, created

    def contacts(self, key: str, obj: M | None, values: dict[str, str],
                 update: Callable[[M, dict[str, str]], Any]) -> None:
        """Give the demo row of `key` its FICTITIOUS contact details (see data.DEMO_WHATSAPP_PREFIX)
        once: only the fields still empty (a value a user typed is kept), recorded under
        "contacts:<key>" so that a later run — even after a user cleared them — changes nothing.
        A row made in this run has them already (they are among its defaults); a row loaded
        before the demo had contact details gets them here, audited."""
        contacts_key = f"contacts:{key}"
        if obj is None or registry.known(contacts_key):
            return
        missing = {name: value for name, value in values.items() if not getattr(obj, name)}
        if missing:
            try:
                with transaction.atomic():
                    obj = update(obj, missing)
            except (ValidationError, IntegrityError) as exc:
                self.result.skipped.append(f"{contacts_key}: {_reason(exc)}")
                return
            self.result.created["contact details (fictitious)"] += 1
        registry.remember(contacts_key, obj)

    # ------------------------------------------------------------------ governments

    def government(self, spec: data.GovernmentSpec) -> Government | None:
        region = Region.objects.get(code=spec.region)
        gov, _created = self.ensure(
            f"government:{spec.region}", Government, {"region": region},
            {"name": government_name(region.name, region.level),
             "short_name": government_short_name(region.name, region.level)},
        )
        if gov is None:
            return None
        units: dict[str, Unit | None] = {}
        for unit in spec.units:  # parents come before their sub-units in the data
            parent = units.get(unit.parent) if unit.parent else None
            if unit.parent and parent is None:  # the parent was deleted: its sub-unit is not made
                units[unit.code] = None
                continue
            units[unit.code], _ = self.ensure(
                unit_key(spec.region, unit.code), Unit, {"government": gov, "code": unit.code},
                {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "parent": parent},
            )
        positions: dict[str, Position | None] = {}
        for pos in spec.positions:
            unit = units.get(pos.unit) if pos.unit else None
            if pos.unit and unit is None:
                positions[pos.title] = None
                continue
            positions[pos.title], _ = self.ensure(
                f"position:{spec.region}:{pos.title}", Position,
                {"government": gov, "unit": unit, "title": pos.title},
                {"grade": pos.grade, "is_unit_head": pos.is_unit_head, "order": pos.order},
            )
        if spec.district_offices is not None:
            self.district_offices(spec.region, gov, spec.district_offices)
        for person in spec.officials:
            self.official(spec.region, gov, person, positions, spec.known_on)
        return gov

    def district_offices(self, region_code: str, gov: Government, offices: data.DistrictOffices) -> None:
        """An office for every district of the government's region, each with its head."""
        districts = Region.objects.filter(
            parent_id=gov.region_id, level=RegionLevel.DISTRICT
        ).order_by("code")
        for district in districts:
            code = f"{offices.code_prefix}-{district.code[-2:]}"
            unit, _ = self.ensure(
                unit_key(region_code, code), Unit, {"government": gov, "code": code},
                {"name": f"{offices.name_prefix} {district.name}", "kind": UnitKind.DISTRICT_OFFICE,
                 "region": district},
            )
            if unit is None:
                continue
            title = f"{offices.head_title} {district.name}"
            self.ensure(
                f"position:{region_code}:{title}", Position,
                {"government": gov, "unit": unit, "title": title},
                {"grade": PositionGrade.ADMINISTRATOR, "is_unit_head": True, "order": 50},
            )

    def official(self, region_code: str, gov: Government, spec: data.OfficialSpec,
                 positions: dict[str, Position | None], known_on: dt.date) -> None:
        person = split_titles(spec.as_written)
        position = positions.get(spec.position) if spec.position else None

        def find() -> Official | None:
            # By name; else (renamed before the registry recorded it) the holder of the demo term.
            found = Official.objects.filter(government=gov, name=person.name).first()
            if found is None and position is not None:
                term = PositionTerm.objects.filter(position=position, capacity=spec.capacity,
                                                   start=known_on).select_related("official").first()
                found = term.official if term is not None else None
            return found

        key = f"official:{region_code}:{person.name}"
        contacts = data.official_contacts()[(region_code, spec.as_written)]
        official, _ = self.ensure(
            key, Official, {"government": gov, "name": person.name},
            {"front_title": person.front_title, "back_title": person.back_title, **contacts}, find=find,
        )
        self.contacts(key, official, contacts,
                      lambda obj, changes: update_object(self.actor, obj, changes,
                                                         expected_version=obj.version))
        if position is None or official is None:
            return
        # The report shows the term active on its meeting date; the real start is unknown, so
        # the term starts then and stays open (see sinergi.demo.data).
        self.ensure(
            f"term:{region_code}:{spec.position}:{person.name}", PositionTerm,
            {"position": position, "official": official, "capacity": spec.capacity, "start": known_on},
        )

    # ------------------------------------------------------------------ coordination

    def coordination(self, spec: data.CoordinationSpec) -> None:
        """The designations of a unit (one per purpose); none when the demo lacks the unit."""
        unit = demo_unit(spec.region, spec.unit)
        if unit is None:
            return
        for purpose in spec.purposes:
            self.ensure(
                f"coordination:{spec.region}:{spec.unit}:{purpose}", Coordination,
                {"unit": unit, "purpose": purpose},
                {"government_id": unit.government_id, "covers": spec.covers},
                create=lambda obj: save_coordination(self.actor, obj, units=[]),
            )

    # ------------------------------------------------------------------ accounts

    def account(self, spec: data.DemoUser) -> DemoAccount | None:
        """The demo account (None when a user deleted it, or it cannot be made)."""
        scope_units: list[Unit] = []
        if spec.scope is not None:
            region_code, unit_code = spec.scope
            unit = demo_unit(region_code, unit_code)
            scope_units = [unit] if unit is not None else []
        is_admin = spec.role == Role.ADMINISTRATOR
        contacts = data.account_contacts(data.DEMO_USERS.index(spec), spec.username)
        user, created = self.ensure(
            f"user:{spec.username}", User, {"username": spec.username},
            {"role": spec.role, "first_name": spec.first_name, "last_name": "Demo",
             "is_staff": is_admin, "is_superuser": is_admin, **contacts},
            create=lambda user: create_user(self.actor, user, scope_units=scope_units,
                                            password=data.DEMO_PASSWORD),
        )
        self.contacts(f"user:{spec.username}", user, contacts,
                      lambda obj, changes: update_user(self.actor, obj, changes,
                                                       expected_version=obj.version))
        if user is None:
            return None
        if not created:  # as it is now: a user may have changed its role and scope
            scope_units = list(user.scope_units.select_related("government").order_by("path"))
        return DemoAccount(user.username, user.role, describe_scope(user.role, scope_units),
                           data.DEMO_PASSWORD, created)


def unit_key(region_code: str, unit_code: str) -> str:
    return f"unit:{region_code}:{unit_code}"


def demo_unit(region_code: str, unit_code: str) -> Unit | None:
    """The demo's unit `unit_code` of the government of `region_code`, even if a user changed its
    code since; None when it was deleted (or never made)."""
    recorded, unit = registry.lookup(unit_key(region_code, unit_code), Unit)
    if not recorded:
        unit = Unit.objects.filter(government__region_id=region_code, code=unit_code).first()
    return unit


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


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
    result.accounts = [a for a in (loader.account(spec) for spec in data.DEMO_USERS) if a is not None]
    from sinergi.planning.demo import seed_planning

    # The Asta Cita missions once: after that, a user's renamed framework is not made again.
    asta_cita = "planning:asta-cita"
    first_time = not registry.known(asta_cita)
    seed_planning(actor, result.created, result.existing, priorities=first_time)
    framework = PriorityFramework.objects.filter(
        name=ASTA_CITA["name"], start_year=ASTA_CITA["start_year"], government__isnull=True
    ).first()
    if first_time and framework is not None:
        registry.remember(asta_cita, framework)
    from sinergi.demo.sanitation import seed_pokja_pkp

    rows = _step(result, "Pokja PKP sanitation milestones", seed_pokja_pkp, actor)
    if rows:  # the activity and its milestones
        result.created["Activity"] += 1
        result.created["Milestone"] += rows - 1
    result.plan = seed_synthetic_plan(actor, result)
    from sinergi.demo.affairs import seed_unit_affairs

    # After every demo activity is made: the affairs must agree with them.
    affairs = _step(result, "unit affairs", lambda a: seed_unit_affairs(a, result.skipped), actor)
    if affairs:
        result.created["UnitAffair"] += affairs
    # After the plan: it adds the Bappeda of the plan governments.
    for spec in data.COORDINATIONS:
        loader.coordination(spec)
    from sinergi.demo.cooperation import seed_cooperation, seed_evaluation_meeting
    from sinergi.demo.meetings import seed_meetings

    agreements = _step(result, "cooperation registry", seed_cooperation, actor)
    if agreements:
        result.created["Agreement (synthetic)"] += agreements
    meetings = _step(result, "meetings", seed_meetings, actor)
    if meetings:
        result.created["Meeting"] += meetings
    if _step(result, "evaluation meeting", seed_evaluation_meeting, actor):
        result.created["Evaluation meeting (linked)"] += 1
    _step(result, "returned row", seed_returned_row, actor)
    versions = _step(result, "plan versions", seed_plan_versions, actor)
    if versions:
        result.created["Plan version"] += versions
    from sinergi.demo.letterheads import seed_letterheads

    letterheads = _step(result, "letterheads", seed_letterheads, actor)
    if letterheads:
        result.created["Letterhead"] += letterheads
    return result


def seed_plan_versions(actor: Actor) -> int:
    """The demo plans as a pemda has them in December: each adopted as its DPA in January, and
    Kutai Timur's revised by its APBD Perubahan (three activities' pagu raised by 10 %, from
    the first quarter not yet closed for reporting). Once per plan (demo registry); a plan a
    user has adopted already is left alone. Returns the number of versions adopted."""
    import datetime as dt
    from decimal import ROUND_HALF_UP, Decimal

    from sinergi.core.services import update_object
    from sinergi.monitoring.choices import PeriodStatus
    from sinergi.monitoring.models import ReportingPeriod
    from sinergi.planning import lifecycle
    from sinergi.planning.choices import PlanStatus, RevisionKind
    from sinergi.planning.models import Activity

    made = 0
    year = data.PLAN_YEAR
    for code in data.PLAN_GOVERNMENTS:
        government = Government.objects.filter(region_id=code).first()
        key = f"plan-versions:{code}:{year}"
        if government is None or registry.known(key):
            continue
        if lifecycle.status_of(government.pk, year) != PlanStatus.DRAFT or not Activity.objects.filter(
                government=government, year=year).exists():
            registry.remember(key, government)
            continue
        lifecycle.adopt(actor, government, year, reference=f"DPA-SKPD {year} ({government.short_name})",
                        decided_on=dt.date(year, 1, 2))
        made += 1
        if code == "64.08":
            closed = set(ReportingPeriod.objects.filter(
                government=government, year=year, status=PeriodStatus.CLOSED,
            ).values_list("quarter", flat=True))
            quarter = next((q for q in (3, 4) if q > max(closed, default=0)), None)
            if quarter is not None:
                plan = lifecycle.plan_of(government.pk, year)
                lifecycle.start_revision(actor, plan, kind=RevisionKind.PERUBAHAN, effective_quarter=quarter,
                                         reference=f"Perda APBD Perubahan {year}",
                                         decided_on=dt.date(year, 9, 25))
                for activity in Activity.objects.filter(government=government, year=year).order_by("pk")[:3]:
                    raised = (activity.budget * Decimal("1.10")).quantize(Decimal("1000"), ROUND_HALF_UP)
                    update_object(actor, activity, {"budget": raised}, expected_version=activity.version)
                lifecycle.adopt_revision(actor, lifecycle.plan_of(government.pk, year))
                made += 1
        registry.remember(key, government)
    return made


RETURN_REASON = (
    "Realisasi fisik 100 % tetapi keuangan baru 40 %: lampirkan berita acara serah terima "
    "atau perbaiki angka fisiknya."
)


def seed_returned_row(actor: Actor) -> int:
    """The demo operator's story on the first page: one realization of Distrik Mimika Baru in
    the open quarter, submitted by the operator and returned by the Kepala Bagian Tata
    Pemerintahan (who coordinates the distrik) with a reason. Once (demo registry)."""
    from sinergi.accounts.models import User
    from sinergi.monitoring import services as monitoring
    from sinergi.monitoring.choices import PeriodStatus, RealizationStatus
    from sinergi.monitoring.models import Realization, ReportingPeriod

    key = "monitoring:returned-row:94.04"
    operator = User.objects.filter(username="operator", is_active=True).first()
    head = User.objects.filter(username="kepala", is_active=True).first()
    period = ReportingPeriod.objects.filter(government__region_id="94.04", status=PeriodStatus.OPEN).first()
    if registry.known(key) or operator is None or head is None or period is None:
        return 0
    rows = Realization.objects.filter(
        activity__government_id=period.government_id, activity__year=period.year, quarter=period.quarter,
        activity__unit__code="DISTRIK-01",
    ).order_by("activity__nomenclature__code", "pk")
    row = rows.filter(status=RealizationStatus.SUBMITTED).first()
    if row is None:
        draft = rows.filter(status=RealizationStatus.DRAFT).first()
        if draft is None:
            return 0
        row = monitoring.submit(Actor(operator), draft, expected_version=draft.version)
    returned = monitoring.return_realization(Actor(head), row, RETURN_REASON, expected_version=row.version)
    registry.remember(key, returned)
    return 1


def _step(result: DemoResult, name: str, seed: Callable[[Actor], int], actor: Actor) -> int:
    """Run one seeding step; when it conflicts with what a user changed in the demo, leave it
    undone (and say so) instead of failing the whole load."""
    try:
        with transaction.atomic():
            return seed(actor)
    except (ValidationError, IntegrityError) as exc:
        result.skipped.append(f"{name}: {_reason(exc)}")
        return 0


def seed_synthetic_plan(actor: Actor, result: DemoResult):
    """SYNTHETIC plans and realization for the governments of the demo accounts (see
    sinergi.demo.data.PLAN_*): skipped for a government that already has that year's plan."""
    from sinergi.demo.synthetic import generate

    governments = list(Government.objects.filter(region_id__in=data.PLAN_GOVERNMENTS).order_by("region_id"))
    # A plan made once is not made again, even when a user has deleted its activities since.
    keys = {gov.pk: f"plan:{gov.region_id}:{data.PLAN_YEAR}" for gov in governments}
    done = [gov for gov in governments if registry.known(keys[gov.pk])]
    plan = generate(governments=[gov for gov in governments if gov not in done], year=data.PLAN_YEAR,
                    quarters=data.PLAN_QUARTERS, seed=data.PLAN_SEED,
                    units_per_government=data.PLAN_UNITS_PER_GOVERNMENT,
                    activities_per_unit=data.PLAN_ACTIVITIES_PER_UNIT, actor=actor)
    plan = dataclasses.replace(plan, skipped=plan.skipped + len(done))
    for gov in governments:
        registry.remember(keys[gov.pk], gov)
    for label, count in (("NomenclatureItem", plan.nomenclature_created),
                         ("Unit", plan.units_created), ("Activity", plan.activities),
                         ("Realization", plan.realizations)):
        if count:
            result.created[label] += count
    if plan.skipped:
        result.existing["Government plan"] += plan.skipped
    return plan
