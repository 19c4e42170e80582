"""The life of a government's annual plan: draft → adopted (DPA: locked) → revised through
numbered revisions (APBD Perubahan / pergeseran), each adopted version kept.

- While the plan of a year is a draft (no AnnualPlan row, or status DRAFT), units prepare their
  activities as their roles allow.
- `adopt` (the coordinator, or the head of a unit designated to coordinate planning — Bappeda)
  fixes revision 0 (DPA): from then on nobody changes the year's activities, quarterly targets,
  indicators or milestone plans (a milestone's achievement is progress and stays open).
- `start_revision` opens revision n (kind, first quarter it applies to, legal basis): while it
  is open, only those who may manage the plan change it. `adopt_revision` fixes it;
  `cancel_revision` abandons it (with a reason): the plan goes back to the last adopted version
  exactly as it was (restore_adopted), the revision is kept as cancelled.
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
from sinergi.core.services import Actor, StaleEditError, create_object, delete_object, update_object
from sinergi.planning.choices import QUARTERS, PlanStatus, RevisionKind, RevisionStatus
from sinergi.planning.models import (
    Activity,
    ActivityInForce,
    AnnualPlan,
    Indicator,
    Milestone,
    PlanRevision,
    QuarterTarget,
    deferred_cumulative_check,
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
    strings); for restoring it exactly (cancel_revision) also the activity's own name, location,
    funding source, priorities and its milestones' plan {id: {order, name, planned}}. Five
    queries."""
    activities = (Activity.objects.filter(government_id=government_id, year=year)
                  .select_related("unit", "nomenclature").order_by("unit__path", "nomenclature_id", "pk"))
    result: dict[str, dict] = {}
    for a in activities:
        result[str(a.pk)] = {"unit": a.unit_id, "unit_name": a.unit.name, "code": a.nomenclature_id,
                             "name": a.display_name, "budget": str(a.budget), "targets": {},
                             "indicators": {}, "own_name": a.name, "location": a.location_id,
                             "funding": a.funding_source, "priorities": [], "milestones": {}}
    for activity_id, priority_id in Activity.priorities.through.objects.filter(
            activity__government_id=government_id, activity__year=year).order_by(
            "activity_id", "priority_id").values_list("activity_id", "priority_id"):
        result[str(activity_id)]["priorities"].append(priority_id)
    for pk, activity_id, order, name, planned in Milestone.objects.filter(
            activity__government_id=government_id, activity__year=year).values_list(
            "pk", "activity_id", "order", "name", "planned_date"):
        result[str(activity_id)]["milestones"][str(pk)] = {
            "order": order, "name": name, "planned": planned.isoformat() if planned else None}
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


@dataclass(frozen=True)
class TargetChange:
    """One quarter's cumulative targets before and after ((physical %, Rp), None: no target)."""

    quarter: int
    before: tuple[Decimal, Decimal] | None
    after: tuple[Decimal, Decimal] | None


@dataclass(frozen=True)
class IndicatorChange:
    """One indicator before and after ({name, measure, target}; None: not there)."""

    indicator_id: int
    before: dict | None
    after: dict | None


@dataclass
class ActivityChange:
    """What a revision changed in one activity (`kind`: added, removed or changed). `fields`
    says it for a page (labels and formatted values); `targets` and `indicators` are the same
    as data (an added or removed activity: all of its targets and indicators)."""

    activity_id: int
    kind: str
    unit_name: str
    code: str
    name: str
    budget_before: Decimal | None = None
    budget_after: Decimal | None = None
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (what, before, after)
    targets: list[TargetChange] = field(default_factory=list)
    indicators: list[IndicatorChange] = field(default_factory=list)
    attributes: list[tuple[str, str, str]] = field(default_factory=list)  # (code|name|unit_name, old, new)

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
        change.targets, change.indicators = _part_changes(old, new)
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
                values = (str(old.get(name) or ""), str(new.get(name) or ""))
                change.fields.append((str(label), *values))
                change.attributes.append((name, *values))
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


def _part_changes(old: dict | None, new: dict | None) -> tuple[list[TargetChange], list[IndicatorChange]]:
    """The quarters' targets and the indicators that differ between two snapshot entries of one
    activity (either None: the activity was added or removed)."""
    def pair(values):
        return (Decimal(values[0]), Decimal(values[1])) if values else None

    old_targets, new_targets = (old or {}).get("targets", {}), (new or {}).get("targets", {})
    targets = [TargetChange(int(q), pair(old_targets.get(q)), pair(new_targets.get(q)))
               for q in sorted(set(old_targets) | set(new_targets), key=int)
               if old_targets.get(q) != new_targets.get(q)]
    old_indicators, new_indicators = (old or {}).get("indicators", {}), (new or {}).get("indicators", {})
    indicators = [IndicatorChange(int(pk), old_indicators.get(pk), new_indicators.get(pk))
                  for pk in sorted(set(old_indicators) | set(new_indicators), key=int)
                  if old_indicators.get(pk) != new_indicators.get(pk)]
    return targets, indicators


def previous_adopted(revision: PlanRevision) -> PlanRevision | None:
    """The adopted version before `revision` (None before the DPA)."""
    return (PlanRevision.objects.filter(plan_id=revision.plan_id, number__lt=revision.number,
                                        snapshot__isnull=False).order_by("-number").first())


def revision_diff(revision: PlanRevision) -> PlanDiff:
    """What `revision` changed against the version before it (the DPA: against nothing, every
    activity added); an open revision: the plan as it is now against the last adopted one; a
    cancelled one changed nothing."""
    previous = previous_adopted(revision)
    before = previous.snapshot if previous else {}
    if revision.status == RevisionStatus.CANCELLED:
        return diff(before, before)
    current = revision.snapshot if revision.snapshot is not None else snapshot(
        revision.plan.government_id, revision.plan.year)
    return diff(before, current)


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
    last = plan.revisions.filter(snapshot__isnull=False).order_by("-number").first()  # in force
    number = (plan.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
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
        plan=plan, number=number, kind=kind,
        effective_quarter=effective_quarter, reference=reference, decided_on=decided_on, note=note,
        started_by=actor.user), authorized=True)


@transaction.atomic
def adopt_revision(actor: Actor, plan: AnnualPlan, *, reference: str | None = None,
                   decided_on: dt.date | None = None) -> PlanRevision:
    """Adopt the open revision: its snapshot, the figures in force from its quarter on, the
    plan locked again."""
    _require_manager(actor, plan.government_id)
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    revision = plan.revisions.filter(PlanRevision.open_q()).order_by("-number").first()
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


@transaction.atomic
def cancel_revision(actor: Actor, plan: AnnualPlan, *, reason: str,
                    expected_version: int | None = None) -> PlanRevision:
    """Abandon the open revision: the plan goes back to the last adopted version exactly as it
    was (restore_adopted: every change made while the revision was open is undone, audited row
    by row), the plan is adopted and locked again, and the revision is kept as cancelled with
    who, when and why. The figures in force stay those of the adopted versions."""
    _require_manager(actor, plan.government_id)
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and plan.version != expected_version:
        raise StaleEditError()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the revision is cancelled.")})
    revision = plan.revisions.filter(PlanRevision.open_q()).order_by("-number").first()
    if plan.status != PlanStatus.REVISING or revision is None:
        raise ValidationError(_("No revision is open: only an open revision can be cancelled."))
    adopted = previous_adopted(revision)
    if adopted is None:  # a revision always follows the DPA
        raise ValidationError(_("No revision is open: only an open revision can be cancelled."))
    restore_adopted(actor, plan, adopted, since=revision.started_at)
    revision = update_object(actor, revision, {"cancelled_at": timezone.now(), "cancelled_by": actor.user,
                                               "cancel_reason": reason}, expected_version=None,
                             authorized=True)
    update_object(actor, plan, {"status": PlanStatus.ADOPTED}, expected_version=None, authorized=True)
    return revision


def restore_adopted(actor: Actor, plan: AnnualPlan, adopted: PlanRevision, *, since: dt.datetime) -> None:
    """Bring the plan's rows back to `adopted`'s snapshot, each write through core.services
    (audited; the plan is under revision and `actor` manages it, so the lock lets it through):
    activities added since are deleted, those deleted since are made again with their ids (and
    their figures in force), and every activity's sub kegiatan, unit, name, pagu, location,
    funding source, priorities, quarterly targets, indicators and milestone plan are set back.
    What hung on a row deleted meanwhile (a deleted activity's realization, a deleted
    indicator's outputs) is not part of the plan and does not come back. A snapshot made before
    it held the name, location, funding source, priorities and milestones leaves those as they
    are. An activity older than the revision (`since`) but not in the adopted version was moved
    here from another plan: refused (it is not ours to delete), nothing changed."""
    wanted = {int(key): entry for key, entry in adopted.snapshot.items()}
    current = {a.pk: a for a in Activity.objects.filter(
        Q(government_id=plan.government_id, year=plan.year) | Q(pk__in=list(wanted))).select_related(
        "nomenclature")}
    added = sorted(set(current) - set(wanted))
    moved = [current[pk] for pk in added if current[pk].created_at < since]
    if moved:
        raise ValidationError(_(
            "These activities were moved into the plan from another year or government during the "
            "revision: move them back first (%(activities)s).") % {
                "activities": "; ".join(str(a) for a in moved[:5])})
    for pk in added:  # added during the revision
        delete_object(actor, current[pk], authorized=True)
    remade = []
    for pk, entry in sorted(wanted.items()):
        activity = current.get(pk)
        if activity is None:
            activity = _remake_activity(actor, pk, plan.year, entry)
            remade.append(pk)
        else:
            _restore_activity(actor, activity, plan.year, entry)
    if remade:
        _restore_in_force(plan, remade)


def _activity_values(activity: Activity | None, year: int, entry: dict) -> dict:
    """An activity's own fields as in the snapshot `entry` (those it lacks: as they are)."""
    from sinergi.regions.models import Unit

    unit = Unit.objects.only("government_id").filter(pk=entry["unit"]).first()
    if unit is None:
        raise ValidationError(_("The unit of %(activity)s in the adopted version no longer exists.") % {
            "activity": entry["name"]})
    values = {"unit_id": unit.pk, "government_id": unit.government_id, "year": year,
              "nomenclature_id": entry["code"], "budget": Decimal(entry["budget"])}
    if "own_name" in entry:
        values["name"] = entry["own_name"]
    elif activity is None or activity.display_name != entry["name"]:
        values["name"] = entry["name"]
    if "location" in entry:
        values["location_id"] = entry["location"]
    if "funding" in entry:
        values["funding_source"] = entry["funding"]
    return values


def _remake_activity(actor: Actor, pk: int, year: int, entry: dict) -> Activity:
    values = _activity_values(None, year, entry)
    m2m = {"priorities": entry["priorities"]} if "priorities" in entry else None
    activity = create_object(actor, Activity(pk=pk, **values), m2m=m2m, authorized=True)
    _restore_targets(actor, activity, entry)
    _restore_parts(actor, activity, entry)
    return activity


def _restore_activity(actor: Actor, activity: Activity, year: int, entry: dict) -> None:
    values = _activity_values(activity, year, entry)
    budget = values["budget"]
    # The pagu first at least as high as both the targets now and those to come back, the
    # targets, then the pagu as adopted: every step passes the targets-within-pagu rule.
    values["budget"] = max(budget, activity.budget)
    m2m = {"priorities": entry["priorities"]} if "priorities" in entry else None
    activity = update_object(actor, activity, values, expected_version=None, m2m=m2m, authorized=True)
    _restore_targets(actor, activity, entry)
    if activity.budget != budget:
        activity = update_object(actor, activity, {"budget": budget}, expected_version=None, authorized=True)
    _restore_parts(actor, activity, entry)


def _restore_targets(actor: Actor, activity: Activity, entry: dict) -> None:
    wanted = {int(q): (Decimal(p), Decimal(f)) for q, (p, f) in entry["targets"].items()}
    stored = {t.quarter: t for t in QuarterTarget.objects.filter(activity=activity)}
    with deferred_cumulative_check():  # the adopted set is consistent as a whole
        for quarter in sorted(set(stored) - set(wanted)):
            delete_object(actor, stored[quarter], authorized=True)
        for quarter, (physical, financial) in sorted(wanted.items()):
            if quarter in stored:
                update_object(actor, stored[quarter], {"physical": physical, "financial": financial},
                              expected_version=None, authorized=True)
            else:
                create_object(actor, QuarterTarget(activity=activity, quarter=quarter, physical=physical,
                                                   financial=financial), authorized=True)


def _restore_parts(actor: Actor, activity: Activity, entry: dict) -> None:
    """The indicators and (when the snapshot has them) the milestones' plan of the activity."""
    parts = [(Indicator, entry["indicators"], lambda v: {
        "name": v["name"], "measure_unit": v["measure"], "annual_target": Decimal(v["target"])})]
    if "milestones" in entry:
        parts.append((Milestone, entry["milestones"], lambda v: {
            "order": v["order"], "name": v["name"],
            "planned_date": dt.date.fromisoformat(v["planned"]) if v["planned"] else None}))
    for model, adopted, values_of in parts:
        wanted = {int(pk): values_of(v) for pk, v in adopted.items()}
        stored = {row.pk: row for row in model.objects.filter(Q(activity=activity) | Q(pk__in=list(wanted)))}
        for pk in sorted(set(stored) - set(wanted)):
            delete_object(actor, stored[pk], authorized=True)
        for pk, values in sorted(wanted.items()):
            if pk in stored:
                update_object(actor, stored[pk], {"activity_id": activity.pk, **values},
                              expected_version=None, authorized=True)
            else:
                create_object(actor, model(pk=pk, activity=activity, **values), authorized=True)


def _restore_in_force(plan: AnnualPlan, activity_ids: list[int]) -> None:
    """The figures in force of activities made again: quarter by quarter those of the last
    adopted version in force for it, as _write_in_force wrote them at each adoption."""
    rows: dict[tuple[int, int], ActivityInForce] = {}
    for revision in plan.revisions.filter(snapshot__isnull=False).order_by("number"):
        for quarter in (q for q in QUARTERS if q >= revision.effective_quarter):
            for pk in activity_ids:
                rows.pop((pk, quarter), None)
                entry = revision.snapshot.get(str(pk))
                if entry is None:
                    continue
                quarter_target, year_target = entry["targets"].get(str(quarter)), entry["targets"].get("4")
                rows[(pk, quarter)] = ActivityInForce(
                    activity_id=pk, quarter=quarter, revision=revision, budget=Decimal(entry["budget"]),
                    plan_physical=Decimal(quarter_target[0]) if quarter_target else None,
                    target_physical=Decimal(year_target[0]) if year_target else None,
                    target_financial=Decimal(year_target[1]) if year_target else None)
    ActivityInForce.objects.filter(activity_id__in=activity_ids).delete()
    ActivityInForce.objects.bulk_create(rows.values(), batch_size=1000)
    from sinergi.monitoring import rollup_store

    rollup_store.touch([plan.government_id])


def register() -> None:
    from sinergi.core.services import register_write_guard

    for model in (Activity, QuarterTarget, Indicator, Milestone):
        register_write_guard(model, guard)
