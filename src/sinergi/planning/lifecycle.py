"""The life of a government's annual plan: draft → adopted (DPA: locked) → revised through
numbered revisions (APBD Perubahan / pergeseran), each adopted version kept.

- While the plan of a year is a draft (no AnnualPlan row, or status DRAFT), units prepare their
  activities as their roles allow.
- `adopt` (the coordinator, or the head of a unit designated to coordinate planning — Bappeda)
  fixes revision 0 (DPA): from then on nobody changes the year's activities, quarterly targets,
  indicators or milestone plans (a milestone's achievement is progress and stays open).
- `start_revision` opens revision n (kind, first quarter it applies to, legal basis): while it
  is open, only those who may manage the plan change it. `adopt_revision` fixes it.
- Each adoption keeps a snapshot of the plan (per activity: unit, sub kegiatan, name, pagu,
  targets, indicators); `diff` compares two of them (or the last with the plan as it is now).
- Each adoption writes the figures in force (ActivityInForce) for the quarters from its
  effective quarter on; a quarter's achievement is measured against the figures in force for it
  (monitoring.rollups.with_quarter), so a revision in TW III leaves TW I and II as measured.

The lock is a write guard (core.services.register_write_guard): every write door (forms, API,
spreadsheet import) meets it. The system actor (loaders, migrations) is not locked out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.roles import Role
from sinergi.core.scope import Action, user_scope
from sinergi.core.services import Actor, StaleEditError, create_object, update_object
from sinergi.planning.choices import QUARTERS, PlanStatus, RevisionKind
from sinergi.planning.models import (
    Activity,
    ActivityInForce,
    AnnualPlan,
    Indicator,
    Milestone,
    PlanRevision,
    QuarterTarget,
)
from sinergi.planning.rules import quarter_label

# A milestone's achievement and its evidence are reported during the year: not locked.
MILESTONE_PROGRESS_FIELDS = frozenset({"achieved_date", "evidence", "version", "updated_at"})


# ---------------------------------------------------------------------------- who and when


def plan_of(government_id: int, year: int) -> AnnualPlan | None:
    return AnnualPlan.objects.filter(government_id=government_id, year=year).first()


def status_of(government_id: int, year: int) -> str:
    plan = plan_of(government_id, year)
    return plan.status if plan else PlanStatus.DRAFT


def may_manage(user, government_id: int) -> bool:
    """The administrator, the government's coordinators, and the heads of a unit designated to
    coordinate planning in that government (Bappeda: regions.Coordination, purpose planning)."""
    scope = user_scope(user)
    if scope.is_global:
        return True
    if government_id not in scope.governments and not scope.coordinated:
        return False
    if scope.role == Role.COORDINATOR:
        return government_id in scope.governments
    if scope.role != Role.UNIT_HEAD or not scope.unit_paths:
        return False
    from sinergi.regions.choices import CoordinationPurpose
    from sinergi.regions.models import Coordination

    own = Q(pk__in=[])
    for path in scope.unit_paths:
        own |= Q(unit__path=path) | Q(unit__path__startswith=path + ".")
    return Coordination.objects.filter(own, government_id=government_id,
                                       purpose=CoordinationPurpose.PLANNING).exists()


# ---------------------------------------------------------------------------- the lock


def _placement(objs: Sequence) -> dict[int, tuple[int, int]]:
    """{index: (government id, year)} of plan rows (activities and their parts), in one query
    for the parts whose activity is not at hand."""
    found: dict[int, tuple[int, int]] = {}
    missing: dict[int, list[int]] = {}
    for i, obj in enumerate(objs):
        if isinstance(obj, Activity):
            government = obj.government_id or (obj.unit.government_id if obj.unit_id else None)
            if government and obj.year:
                found[i] = (government, obj.year)
            continue
        cached = obj._state.fields_cache.get("activity")
        if cached is not None:
            found[i] = (cached.government_id, cached.year)
        elif obj.activity_id:
            missing.setdefault(obj.activity_id, []).append(i)
    if missing:
        for pk, government, year in Activity.objects.filter(pk__in=list(missing)).values_list(
                "pk", "government_id", "year"):
            for i in missing[pk]:
                found[i] = (government, year)
    return found


def guard(actor: Actor, action: Action, objs: Sequence, changed: frozenset[str] | None) -> None:
    """Refuse writing plan rows of an adopted plan (anyone) or of a plan under revision (all but
    those who may manage it). Registered for Activity, QuarterTarget, Indicator and Milestone."""
    if actor.user is None or not objs:
        return
    if isinstance(objs[0], Milestone) and action == Action.CHANGE and changed is not None \
            and changed <= MILESTONE_PROGRESS_FIELDS:
        return
    places = set(_placement(objs).values())
    if not places:
        return
    wanted = Q(pk__in=[])
    for government_id, year in places:
        wanted |= Q(government_id=government_id, year=year)
    for plan in AnnualPlan.objects.filter(wanted).exclude(status=PlanStatus.DRAFT).select_related(
            "government"):
        if plan.status == PlanStatus.REVISING and may_manage(actor.user, plan.government_id):
            continue
        if plan.status == PlanStatus.ADOPTED:
            raise ValidationError(_(
                "The %(year)s plan of %(government)s is adopted (DPA) and locked: it changes only "
                "through a revision (APBD Perubahan or budget shift), which the coordinator or "
                "Bappeda opens on the plan's page.") % {"year": plan.year,
                                                        "government": plan.government.name},
                code="plan_locked")
        raise ValidationError(_(
            "The %(year)s plan of %(government)s is under revision: only the coordinator or "
            "Bappeda changes it until the revision is adopted.") % {
                "year": plan.year, "government": plan.government.name}, code="plan_locked")


def is_locked_for(user, government_id: int, year: int) -> bool:
    """Whether `user` may not change the plan of that year now (for pages: hide the buttons)."""
    status = status_of(government_id, year)
    if status == PlanStatus.DRAFT:
        return False
    return status == PlanStatus.ADOPTED or not may_manage(user, government_id)


# ---------------------------------------------------------------------------- snapshots


def snapshot(government_id: int, year: int) -> dict[str, dict]:
    """The plan as it stands: {activity id: {unit, unit_name, code, name, budget, targets
    {quarter: [physical, financial]}, indicators {id: {name, measure, target}}}} (decimals as
    strings). Three queries."""
    activities = (Activity.objects.filter(government_id=government_id, year=year)
                  .select_related("unit", "nomenclature").order_by("unit__path", "nomenclature_id", "pk"))
    result: dict[str, dict] = {}
    for a in activities:
        result[str(a.pk)] = {"unit": a.unit_id, "unit_name": a.unit.name, "code": a.nomenclature_id,
                             "name": a.display_name, "budget": str(a.budget), "targets": {},
                             "indicators": {}}
    for activity_id, quarter, physical, financial in QuarterTarget.objects.filter(
            activity__government_id=government_id, activity__year=year).values_list(
            "activity_id", "quarter", "physical", "financial"):
        result[str(activity_id)]["targets"][str(quarter)] = [str(physical), str(financial)]
    for pk, activity_id, name, measure, target in Indicator.objects.filter(
            activity__government_id=government_id, activity__year=year).values_list(
            "pk", "activity_id", "name", "measure_unit", "annual_target"):
        result[str(activity_id)]["indicators"][str(pk)] = {"name": name, "measure": measure,
                                                           "target": str(target)}
    return result


@dataclass
class ActivityChange:
    """What a revision changed in one activity (`kind`: added, removed or changed)."""

    activity_id: int
    kind: str
    unit_name: str
    code: str
    name: str
    budget_before: Decimal | None = None
    budget_after: Decimal | None = None
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (what, before, after)

    @property
    def budget_delta(self) -> Decimal | None:
        if self.budget_before is None or self.budget_after is None:
            return None
        return self.budget_after - self.budget_before


@dataclass
class PlanDiff:
    changes: list[ActivityChange]
    budget_before: Decimal
    budget_after: Decimal

    @property
    def budget_delta(self) -> Decimal:
        return self.budget_after - self.budget_before


def diff(before: dict[str, dict], after: dict[str, dict]) -> PlanDiff:
    """Per activity what differs between two snapshots: added or removed activities, and for
    the others the pagu, the sub kegiatan, name, unit, each quarter's targets and each
    indicator (its target, name and unit of measure)."""
    changes = []
    for key in sorted(set(before) | set(after), key=int):
        old, new = before.get(key), after.get(key)
        base = new or old
        change = ActivityChange(int(key), "changed", base["unit_name"], base["code"] or "", base["name"])
        if old is None:
            change.kind, change.budget_after = "added", Decimal(new["budget"])
            changes.append(change)
            continue
        if new is None:
            change.kind, change.budget_before = "removed", Decimal(old["budget"])
            changes.append(change)
            continue
        change.budget_before, change.budget_after = Decimal(old["budget"]), Decimal(new["budget"])
        for name, label in (("code", _("Sub kegiatan")), ("name", _("Name")), ("unit_name", _("Unit"))):
            if old.get(name) != new.get(name):
                change.fields.append((str(label), str(old.get(name) or ""), str(new.get(name) or "")))
        for quarter in sorted(set(old["targets"]) | set(new["targets"])):
            a, b = old["targets"].get(quarter), new["targets"].get(quarter)
            if a != b:
                change.fields.append((_("Target %(quarter)s (physical %%, Rp)") % {
                    "quarter": quarter_label(int(quarter))},
                    " / ".join(a) if a else "–", " / ".join(b) if b else "–"))
        for pk in sorted(set(old["indicators"]) | set(new["indicators"]), key=int):
            a, b = old["indicators"].get(pk), new["indicators"].get(pk)
            if a != b:
                label = (b or a)["name"]
                change.fields.append((_("Indicator: %(name)s") % {"name": label},
                                      f"{a['target']} {a['measure']}" if a else "–",
                                      f"{b['target']} {b['measure']}" if b else "–"))
        if change.budget_delta or change.fields:
            changes.append(change)
    total = lambda snap: sum((Decimal(a["budget"]) for a in snap.values()), Decimal(0))  # noqa: E731
    return PlanDiff(changes, total(before), total(after))


def revision_diff(revision: PlanRevision) -> PlanDiff:
    """What `revision` changed against the version before it (the DPA: against nothing, every
    activity added); an open revision: the plan as it is now against the last adopted one."""
    previous = (PlanRevision.objects.filter(plan=revision.plan, number__lt=revision.number,
                                            snapshot__isnull=False).order_by("-number").first())
    current = revision.snapshot if revision.snapshot is not None else snapshot(
        revision.plan.government_id, revision.plan.year)
    return diff(previous.snapshot if previous else {}, current)


# ---------------------------------------------------------------------------- writes


def _closed_quarters(government_id: int, year: int) -> set[int]:
    from sinergi.monitoring.choices import PeriodStatus
    from sinergi.monitoring.models import ReportingPeriod

    return set(ReportingPeriod.objects.filter(government_id=government_id, year=year,
                                              status=PeriodStatus.CLOSED).values_list("quarter", flat=True))


def _write_in_force(plan: AnnualPlan, revision: PlanRevision) -> int:
    """The figures in force for the quarters from the revision's effective quarter on: each
    activity's pagu, the physical target of the quarter and the TW IV targets."""
    activities = list(Activity.objects.filter(government_id=plan.government_id, year=plan.year)
                      .values_list("pk", "budget"))
    targets = {(a, q): (p, f) for a, q, p, f in QuarterTarget.objects.filter(
        activity__government_id=plan.government_id, activity__year=plan.year).values_list(
        "activity_id", "quarter", "physical", "financial")}
    quarters = [q for q in QUARTERS if q >= revision.effective_quarter]
    ActivityInForce.objects.filter(activity__government_id=plan.government_id, activity__year=plan.year,
                                   quarter__in=quarters).delete()
    rows = []
    for pk, budget in activities:
        year_target = targets.get((pk, 4))
        for quarter in quarters:
            quarter_target = targets.get((pk, quarter))
            rows.append(ActivityInForce(
                activity_id=pk, quarter=quarter, revision=revision, budget=budget,
                plan_physical=quarter_target[0] if quarter_target else None,
                target_physical=year_target[0] if year_target else None,
                target_financial=year_target[1] if year_target else None))
    ActivityInForce.objects.bulk_create(rows, batch_size=1000)
    from sinergi.monitoring import rollup_store

    rollup_store.touch([plan.government_id])  # the achievement of those quarters changes
    return len(rows)


def _require_manager(actor: Actor, government_id: int) -> None:
    if actor.user is not None and not may_manage(actor.user, government_id):
        raise PermissionDenied(_("Only the coordinator or Bappeda adopts and revises the plan."))


@transaction.atomic
def adopt(actor: Actor, government, year: int, *, reference: str = "", decided_on: dt.date | None = None,
          note: str = "") -> PlanRevision:
    """Adopt the draft plan of `year` as the DPA (revision 0): snapshot, figures in force for
    every quarter, the plan locked. Audited (the plan and the revision)."""
    _require_manager(actor, government.pk)
    plan = (AnnualPlan.objects.select_for_update().filter(government=government, year=year).first())
    if plan is not None and plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("The %(year)s plan is adopted already.") % {"year": year})
    if not Activity.objects.filter(government=government, year=year).exists():
        raise ValidationError(_("The %(year)s plan has no activities yet: nothing to adopt.")
                              % {"year": year})
    if plan is None:
        plan = create_object(actor, AnnualPlan(government=government, year=year,
                                               status=PlanStatus.ADOPTED), authorized=True)
    else:
        plan = update_object(actor, plan, {"status": PlanStatus.ADOPTED}, expected_version=None,
                             authorized=True)
    revision = create_object(actor, PlanRevision(
        plan=plan, number=0, kind=RevisionKind.DPA, effective_quarter=1, reference=reference,
        decided_on=decided_on, note=note, started_by=actor.user, adopted_by=actor.user,
        adopted_at=timezone.now(), snapshot=snapshot(government.pk, year)), authorized=True)
    _write_in_force(plan, revision)
    return revision


@transaction.atomic
def start_revision(actor: Actor, plan: AnnualPlan, *, kind: str, effective_quarter: int,
                   reference: str = "", decided_on: dt.date | None = None, note: str = "",
                   expected_version: int | None = None) -> PlanRevision:
    """Open revision n+1 of an adopted plan: it applies from `effective_quarter` (not a quarter
    already closed for reporting, nor before the revision in force). The plan is then changed
    by those who may manage it, and adopted with adopt_revision."""
    _require_manager(actor, plan.government_id)
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and plan.version != expected_version:
        raise StaleEditError()
    if plan.status != PlanStatus.ADOPTED:
        raise ValidationError(_("Only an adopted plan can be revised (one revision at a time)."))
    if kind not in (RevisionKind.PERUBAHAN, RevisionKind.PERGESERAN):
        raise ValidationError({"kind": _("Choose APBD Perubahan or a budget shift.")})
    last = plan.revisions.order_by("-number").first()
    closed = _closed_quarters(plan.government_id, plan.year)
    if effective_quarter not in QUARTERS:
        raise ValidationError({"effective_quarter": _("Choose a quarter.")})
    if effective_quarter in closed or any(q > effective_quarter for q in closed):
        raise ValidationError({"effective_quarter": _(
            "That quarter is closed for reporting: a revision applies from an open or a coming "
            "quarter.")})
    if last and effective_quarter < last.effective_quarter:
        raise ValidationError({"effective_quarter": _(
            "A revision cannot apply before the one in force (from %(quarter)s).") % {
                "quarter": quarter_label(last.effective_quarter)}})
    update_object(actor, plan, {"status": PlanStatus.REVISING}, expected_version=None, authorized=True)
    return create_object(actor, PlanRevision(
        plan=plan, number=(last.number + 1) if last else 1, kind=kind,
        effective_quarter=effective_quarter, reference=reference, decided_on=decided_on, note=note,
        started_by=actor.user), authorized=True)


@transaction.atomic
def adopt_revision(actor: Actor, plan: AnnualPlan, *, reference: str | None = None,
                   decided_on: dt.date | None = None) -> PlanRevision:
    """Adopt the open revision: its snapshot, the figures in force from its quarter on, the
    plan locked again."""
    _require_manager(actor, plan.government_id)
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    revision = plan.revisions.filter(snapshot__isnull=True).order_by("-number").first()
    if plan.status != PlanStatus.REVISING or revision is None:
        raise ValidationError(_("No revision is open."))
    changes = {"snapshot": snapshot(plan.government_id, plan.year), "adopted_at": timezone.now(),
               "adopted_by": actor.user}
    if reference is not None:
        changes["reference"] = reference
    if decided_on is not None:
        changes["decided_on"] = decided_on
    revision = update_object(actor, revision, changes, expected_version=None, authorized=True)
    update_object(actor, plan, {"status": PlanStatus.ADOPTED}, expected_version=None, authorized=True)
    _write_in_force(plan, revision)
    return revision


def register() -> None:
    from sinergi.core.services import register_write_guard

    for model in (Activity, QuarterTarget, Indicator, Milestone):
        register_write_guard(model, guard)
