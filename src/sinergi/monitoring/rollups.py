"""Quarterly figures per unit, computed by the database: reporting completeness (DHIS2-style
reporting rate) and budget-weighted achievement as `achievement.Rollup` objects, plus the
early-warning list through `achievement.trajectory`.

Each question is one aggregate query grouped by unit (no loop over activities in Python): the
quarter's realization, the plan for the quarter and the annual (TW IV) targets are joined once
per activity (FilteredRelation; the unique constraints make each join match at most one row).

What counts:
- A realization counts as reported when it is submitted or verified (REPORTED_STATES); drafts
  and returned figures are not reported — for completeness they are "missing", and in the
  rollups their activities count with 0 (achievement.Rollup: unreported realization counts as 0
  against its full weight).
- Each activity weighs with its budget (pagu). Its annual physical target is its TW IV
  cumulative physical target (100 % without one), its annual Rp target its TW IV financial
  target (the budget without one), its plan for the date the physical target of the quarter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Length, Substr
from django.db.models.lookups import GreaterThanOrEqual

from sinergi.monitoring import achievement
from sinergi.monitoring.achievement import Band, Rollup, Trajectory
from sinergi.monitoring.choices import REPORTED_STATES
from sinergi.monitoring.models import Realization
from sinergi.planning.models import Activity
from sinergi.regions.choices import RegionLevel

# Wide enough for Rp × % × 100 sums; the division keeps 10 decimals.
AMOUNT = DecimalField(max_digits=40, decimal_places=10)
ZERO = Value(Decimal(0), output_field=AMOUNT)
HUNDRED = Value(Decimal(100), output_field=AMOUNT)


def _d(expression) -> ExpressionWrapper:
    return ExpressionWrapper(expression, output_field=AMOUNT)


class Divide(Func):
    """a / b as a decimal. SQLite keeps integer-valued decimals as integers and would divide
    them as integers (10 / 75 = 0): there the numerator is made a real first."""

    arity = 2
    arg_joiner = " / "
    template = "(%(expressions)s)"
    output_field = AMOUNT

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(1.0 * %(expressions)s)",
                           **extra_context)


def activities_for(government_id: int, year: int) -> QuerySet[Activity]:
    return Activity.objects.filter(government_id=government_id, year=year)


# ---------------------------------------------------------------------------- completeness


@dataclass(frozen=True)
class Completeness:
    """How many of a unit's activities reported for the quarter: on time, late, missing."""

    unit_id: int | None
    activities: int
    on_time: int
    late: int

    @property
    def reported(self) -> int:
        return self.on_time + self.late

    @property
    def missing(self) -> int:
        return self.activities - self.reported

    @property
    def complete(self) -> bool:
        """Every activity of the year reported for the quarter: only then does a unit count as
        reporting (the dashboard, the digest and the meeting brief read this one rule)."""
        return self.activities > 0 and self.missing == 0

    @property
    def partial(self) -> bool:
        """Some of its activities reported, not all."""
        return 0 < self.reported < self.activities

    @property
    def silent(self) -> bool:
        """Activities planned and none reported."""
        return self.activities > 0 and self.reported == 0

    @property
    def rate(self) -> Decimal | None:
        """Reporting rate, % of activities with a submitted realization (None without any)."""
        return achievement.achievement(self.reported, self.activities) if self.activities else None

    @property
    def on_time_rate(self) -> Decimal | None:
        return achievement.achievement(self.on_time, self.activities) if self.activities else None

    def __add__(self, other: Completeness) -> Completeness:
        return Completeness(None, self.activities + other.activities, self.on_time + other.on_time,
                            self.late + other.late)


def rank_key(completeness: Completeness, achievement_value: Decimal | None, name: str) -> tuple:
    """The order of every ranking of units (the kecamatan ranking, achievement per unit, the
    quarter summary, the meeting brief): only a unit that reported every activity
    (`Completeness.complete`) is ranked, by achievement (highest first; ties by name). The
    others follow, apart and unranked: the most complete first, then by achievement, then name —
    an incomplete report counts its missing activities as 0 and must not be compared with a
    complete one."""
    if completeness.complete:
        return (0, achievement_value is None, -(achievement_value or 0), name)
    rate = completeness.rate or Decimal(0)
    return (1, -rate, achievement_value is None, -(achievement_value or 0), name)


def completeness(activities: QuerySet[Activity], quarter: int) -> dict[int, Completeness]:
    """{unit id: Completeness} for the activities given (usually one government's year), in
    one query."""
    reported = Q(realizations__quarter=quarter, realizations__status__in=REPORTED_STATES)
    rows = (
        activities.order_by().values("unit_id")
        .annotate(
            n=Count("id", distinct=True),
            on_time=Count("realizations", filter=reported & Q(realizations__submitted_late=False)),
            late=Count("realizations", filter=reported & Q(realizations__submitted_late=True)),
        )
    )
    return {row["unit_id"]: Completeness(row["unit_id"], row["n"], row["on_time"], row["late"])
            for row in rows}


# ---------------------------------------------------------------------------- rollups


def with_quarter(activities: QuerySet[Activity], quarter: int) -> QuerySet[Activity]:
    """Activities joined with their reported realization of `quarter` (`rq`), the target of
    the quarter (`tq`), the annual TW IV target (`ty`) and the figures in force for the quarter
    (`fq`: an adopted plan's version for that quarter, planning.lifecycle), with the
    per-activity figures of an achievement.Item annotated. Where figures are in force they are
    the measure (pagu, the quarter's plan, the annual targets); without (a plan never adopted)
    the activity's current figures are."""
    qs = activities.annotate(
        rq=FilteredRelation("realizations", condition=Q(
            realizations__quarter=quarter, realizations__status__in=REPORTED_STATES)),
        tq=FilteredRelation("quarter_targets", condition=Q(quarter_targets__quarter=quarter)),
        ty=FilteredRelation("quarter_targets", condition=Q(quarter_targets__quarter=4)),
        fq=FilteredRelation("in_force", condition=Q(in_force__quarter=quarter)),
    )

    def in_force(adopted, current):
        return Case(When(fq__id__isnull=False, then=adopted), default=current, output_field=AMOUNT)

    return qs.annotate(
        m_budget=in_force(Cast("fq__budget", AMOUNT), Cast("budget", AMOUNT)),
        m_physical=Coalesce(Cast("rq__physical", AMOUNT), ZERO),
        m_reported=F("rq__id"),
        m_plan=in_force(Cast("fq__plan_physical", AMOUNT), Cast("tq__physical", AMOUNT)),
        m_target=Coalesce(in_force(Cast("fq__target_physical", AMOUNT), Cast("ty__physical", AMOUNT)),
                          HUNDRED),
        m_financial=Coalesce(Cast("rq__financial", AMOUNT), ZERO),
        m_financial_target=in_force(
            Coalesce(Cast("fq__target_financial", AMOUNT), Cast("fq__budget", AMOUNT)),
            Coalesce(Cast("ty__financial", AMOUNT), Cast("budget", AMOUNT))),
    )


def unit_achievement_series(activities: QuerySet[Activity], quarters) -> dict[int, dict[int, Decimal | None]]:
    """{unit id: {quarter: budget-weighted physical achievement}} for several `quarters` in one
    grouped query: per quarter only the two sums physical achievement needs (achievement_weight
    and achievement_sum, written as in ROLLUP_AGGREGATES, over the figures in force for that
    quarter as in `with_quarter`), read back through Rollup.physical_achievement."""
    quarters = sorted(set(quarters))
    if not quarters:
        return {}
    relations = {"ty": FilteredRelation("quarter_targets", condition=Q(quarter_targets__quarter=4))}
    for q in quarters:
        relations[f"r{q}"] = FilteredRelation("realizations", condition=Q(
            realizations__quarter=q, realizations__status__in=REPORTED_STATES))
        relations[f"f{q}"] = FilteredRelation("in_force", condition=Q(in_force__quarter=q))
    qs = activities.annotate(**relations)
    figures = {}
    for q in quarters:
        def in_force(adopted, current, q=q):
            return Case(When(**{f"f{q}__id__isnull": False}, then=adopted), default=current,
                        output_field=AMOUNT)

        figures[f"b{q}"] = in_force(Cast(f"f{q}__budget", AMOUNT), Cast("budget", AMOUNT))
        figures[f"p{q}"] = Coalesce(Cast(f"r{q}__physical", AMOUNT), ZERO)
        figures[f"t{q}"] = Coalesce(in_force(Cast(f"f{q}__target_physical", AMOUNT),
                                             Cast("ty__physical", AMOUNT)), HUNDRED)
    qs = qs.annotate(**figures)
    sums = {}
    for q in quarters:
        sums[f"w{q}"] = Coalesce(Sum(Case(When(**{f"t{q}__gt": 0}, then=F(f"b{q}")),
                                          default=ZERO, output_field=AMOUNT)), ZERO)
        sums[f"s{q}"] = Coalesce(Sum(Case(
            When(**{f"t{q}__gt": 0}, then=Divide(_d(F(f"b{q}") * F(f"p{q}") * HUNDRED), F(f"t{q}"))),
            default=ZERO, output_field=AMOUNT)), ZERO)
    result: dict[int, dict[int, Decimal | None]] = {}
    for row in qs.order_by().values("unit_id").annotate(**sums):
        result[row["unit_id"]] = {
            q: Rollup(achievement_weight=Decimal(row[f"w{q}"]),
                      achievement_sum=Decimal(row[f"s{q}"])).physical_achievement
            for q in quarters}
    return result


ROLLUP_AGGREGATES = {
    "count": Count("id"),
    "reported": Count("m_reported"),
    "budget": Coalesce(Sum("m_budget"), ZERO),
    "physical_sum": Coalesce(Sum(_d(F("m_budget") * F("m_physical"))), ZERO),
    "achievement_weight": Coalesce(Sum(Case(When(m_target__gt=0, then=F("m_budget")),
                                            default=ZERO, output_field=AMOUNT)), ZERO),
    "achievement_sum": Coalesce(Sum(Case(
        When(m_target__gt=0, then=Divide(_d(F("m_budget") * F("m_physical") * HUNDRED), F("m_target"))),
        default=ZERO, output_field=AMOUNT)), ZERO),
    "plan_weight": Coalesce(Sum(Case(When(m_plan__isnull=False, then=F("m_budget")),
                                     default=ZERO, output_field=AMOUNT)), ZERO),
    "plan_sum": Coalesce(Sum(Case(When(m_plan__isnull=False, then=_d(F("m_budget") * F("m_plan"))),
                                  default=ZERO, output_field=AMOUNT)), ZERO),
    "plan_realization_sum": Coalesce(Sum(Case(
        When(m_plan__isnull=False, then=_d(F("m_budget") * F("m_physical"))),
        default=ZERO, output_field=AMOUNT)), ZERO),
    "financial": Coalesce(Sum("m_financial"), ZERO),
    "financial_target": Coalesce(Sum("m_financial_target"), ZERO),
}


def rollup_from_row(row: dict) -> Rollup:
    """An aggregate row (ROLLUP_AGGREGATES) as the Rollup it is: a set of sums."""
    return Rollup(**{name: row[name] if name in ("count", "reported") else Decimal(row[name])
                     for name in ROLLUP_AGGREGATES})


def unit_rollups(activities: QuerySet[Activity], quarter: int) -> dict[int, Rollup]:
    """{unit id: Rollup} of the activities as of the end of `quarter`, in one query."""
    rows = with_quarter(activities, quarter).order_by().values("unit_id").annotate(**ROLLUP_AGGREGATES)
    return {row["unit_id"]: rollup_from_row(row) for row in rows}


def total_rollup(activities: QuerySet[Activity], quarter: int) -> Rollup:
    """One Rollup of all the activities (the government as a whole), in one query."""
    return rollup_from_row(with_quarter(activities, quarter).aggregate(**ROLLUP_AGGREGATES))


# ---------------------------------------------------------------------------- other groupings
#
# The same aggregate grouped by something else than the unit: a priority, or a region at some
# level. Each grouping is one query; the groups of a partition (regions) add up to the total,
# because a Rollup is a set of sums (achievement.Rollup: associative) — so a province is the sum
# of its governments and the nation the sum of its provinces, grouped once in the database.

COMPLETENESS_AGGREGATES = {
    "on_time": Count("rq__id", filter=Q(rq__submitted_late=False)),
    "late": Count("rq__id", filter=Q(rq__submitted_late=True)),
}


@dataclass(frozen=True)
class Figures:
    """A group's Rollup and reporting completeness, from the same aggregate row."""

    rollup: Rollup
    completeness: Completeness

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.rollup + other.rollup, self.completeness + other.completeness)


NO_FIGURES = Figures(Rollup(), Completeness(None, 0, 0, 0))


def _figures_from_row(row: dict) -> Figures:
    return Figures(rollup_from_row(row), Completeness(None, row["count"], row["on_time"], row["late"]))


def _grouped(qs: QuerySet, key: str, *, with_completeness: bool) -> dict:
    aggregates = {**ROLLUP_AGGREGATES, **(COMPLETENESS_AGGREGATES if with_completeness else {})}
    rows = qs.order_by().values(key).annotate(**aggregates)
    if with_completeness:
        return {row[key]: _figures_from_row(row) for row in rows}
    return {row[key]: rollup_from_row(row) for row in rows}


def total_figures(activities: QuerySet[Activity], quarter: int) -> Figures:
    """`total_rollup` with the reporting completeness of the same activities, in one query."""
    return _figures_from_row(with_quarter(activities, quarter).aggregate(
        **ROLLUP_AGGREGATES, **COMPLETENESS_AGGREGATES))


def government_figures(activities: QuerySet[Activity], quarter: int) -> dict[int, Figures]:
    """{government id: Figures} of the activities, in one query (monitoring.rollup_store keeps
    them per government so that a province or the nation adds stored rows)."""
    return _grouped(with_quarter(activities, quarter), "government_id", with_completeness=True)


def _by_priority(activities: QuerySet[Activity], quarter: int, priorities: QuerySet | None) -> QuerySet:
    qs = with_quarter(activities, quarter)
    if priorities is None:
        return qs.filter(priorities__isnull=False)
    return qs.filter(priorities__in=priorities.values("pk"))


def priority_rollups(activities: QuerySet[Activity], quarter: int, *,
                     priorities: QuerySet | None = None) -> dict[int, Rollup]:
    """{priority id: Rollup} of the activities aligned to each priority, as of the end of
    `quarter`, in one query (grouped over the activity–priority link table).

    An activity aligned to several priorities counts *fully* in each of them (its whole budget
    and realization): the question is "how are the activities serving this priority doing", not
    a split of the money. So the priority rollups overlap and their sum is NOT the government's
    total (use `total_rollup` for that). Activities aligned to no priority appear in no group;
    priorities without any activity are absent (the caller lists them as the gap).
    `priorities` (a Priority queryset) limits the groups, e.g. to the national frameworks."""
    return _grouped(_by_priority(activities, quarter, priorities), "priorities", with_completeness=False)


def priority_figures(activities: QuerySet[Activity], quarter: int, *,
                     priorities: QuerySet | None = None) -> dict[int, Figures]:
    """`priority_rollups` with each group's reporting completeness, in the same one query."""
    return _grouped(_by_priority(activities, quarter, priorities), "priorities", with_completeness=True)


def mission_rollups(activities: QuerySet[Activity], quarter: int, missions) -> dict[int, Rollup]:
    """{national mission id: Rollup} of the activities aligned to each mission (`missions`: the
    national priorities such as the Asta Cita, as ids or a queryset) *directly or through a
    regional (RPJMD) priority that serves it* (Priority.serves), as of the end of `quarter`.

    Each activity counts once per mission, however many paths lead it there (aligned to Asta
    Cita 4 and to two RPJMD missions serving 4: once in 4): the distinct (activity, mission)
    pairs are read from the alignment links (one query), each activity's Rollup in one grouped
    query (ROLLUP_AGGREGATES, the same sums as every other grouping), and the missions' Rollups
    are their activities' sums (Rollup is additive). As in `priority_rollups`, an activity
    serving two missions counts fully in both: the groups overlap. Two queries."""
    mission_ids = set(missions.values_list("pk", flat=True)) if isinstance(missions, QuerySet) \
        else set(missions)
    if not mission_ids:
        return {}
    link = Activity.priorities.through
    pairs: set[tuple[int, int]] = set()
    aligned = link.objects.filter(activity__in=activities.values("pk"))
    for activity_id, priority_id, served_id in aligned.values_list("activity_id", "priority_id",
                                                                   "priority__serves"):
        if priority_id in mission_ids:
            pairs.add((activity_id, priority_id))
        if served_id in mission_ids:
            pairs.add((activity_id, served_id))
    if not pairs:
        return {}
    per_activity = _grouped(with_quarter(activities, quarter), "id", with_completeness=False)
    result: dict[int, Rollup] = {}
    for activity_id, mission in sorted(pairs):
        figures = per_activity.get(activity_id)
        if figures is not None:
            result[mission] = result.get(mission, Rollup()) + figures
    return result


REGION_LEVELS = (RegionLevel.DISTRICT, RegionLevel.REGENCY, RegionLevel.PROVINCE)
_CODE_LENGTH = {RegionLevel.PROVINCE: 2, RegionLevel.REGENCY: 5, RegionLevel.DISTRICT: 8}


def region_key(level: str):
    """The region code an activity is counted under at `level` (an expression):

    - district (kecamatan/distrik, for one government): the district of the activity's location
      (its first 8 characters: a village location counts in its district). An activity located
      at a coarser level (the regency, the province) or without location is not in any
      kecamatan: it goes to the bucket of its *government's own region code* (e.g. `64.08`,
      "the whole regency"), so the buckets still partition the activities.
    - regency (for a province): the government's region — the province government's activities
      form the province's own bucket (`64`), each regency/city government its own (`64.08`).
    - province (for the nation): the province of the government's region (`64`).
    Kemendagri codes have fixed widths (2, 5, 8 characters), so a prefix is a Substr."""
    if level == RegionLevel.DISTRICT:
        width = _CODE_LENGTH[RegionLevel.DISTRICT]
        return Case(
            When(GreaterThanOrEqual(Length("location_id"), width), then=Substr("location_id", 1, width)),
            default=F("government__region_id"), output_field=CharField())
    if level == RegionLevel.REGENCY:
        return F("government__region_id")
    if level == RegionLevel.PROVINCE:
        return Substr("government__region_id", 1, _CODE_LENGTH[RegionLevel.PROVINCE])
    raise ValueError(f"a region level is one of {', '.join(REGION_LEVELS)}, not {level!r}")


def region_rollups(activities: QuerySet[Activity], quarter: int, level: str) -> dict[str, Rollup]:
    """{region code: Rollup} of the activities grouped by region at `level` (see `region_key`:
    district for one government's kecamatan, regency for a province's governments, province for
    the nation), in one query. The groups partition the activities: their sum is the total."""
    qs = with_quarter(activities, quarter).annotate(m_region=region_key(level))
    return _grouped(qs, "m_region", with_completeness=False)


def region_figures(activities: QuerySet[Activity], quarter: int, level: str) -> dict[str, Figures]:
    """`region_rollups` with each group's reporting completeness, in the same one query."""
    qs = with_quarter(activities, quarter).annotate(m_region=region_key(level))
    return _grouped(qs, "m_region", with_completeness=True)


# ---------------------------------------------------------------------------- the summary


@dataclass(frozen=True)
class UnitRow:
    unit: object
    rollup: Rollup
    completeness: Completeness
    trajectory: Trajectory | None

    @property
    def achievement(self) -> Decimal | None:
        return self.rollup.physical_achievement

    @property
    def band(self) -> Band | None:
        return self.rollup.band()

    @property
    def at_risk(self) -> bool:
        return bool(self.trajectory and self.trajectory.at_risk)

    @property
    def complete(self) -> bool:
        """Every activity reported: the row is ranked (`rank_key`)."""
        return self.completeness.complete


def unit_trajectories(activities: QuerySet[Activity], quarter: int, target: Decimal | int = 100,
                      known: dict[int, dict[int, Rollup]] | None = None) -> dict[int, Trajectory]:
    """Each unit's budget-weighted physical achievement in quarters 1..`quarter` read as a
    trajectory towards `target` % (one grouped query for the quarters not in `known`: {quarter:
    unit_rollups of it} the caller has already)."""
    series: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    known = known or {}
    for q, by_unit in known.items():
        if q <= quarter:
            for unit_id, r in by_unit.items():
                series[unit_id][q] = r.physical_achievement
    missing = [q for q in range(1, quarter + 1) if q not in known]
    for unit_id, values in unit_achievement_series(activities, missing).items():
        series[unit_id].update(values)
    return {unit_id: achievement.trajectory(values, target, as_of=quarter, ceiling=achievement.PERCENT)
            for unit_id, values in series.items()}


def unit_summary(activities: QuerySet[Activity], quarter: int, units) -> list[UnitRow]:
    """The units (an iterable of Unit rows) with their rollup, completeness and trajectory,
    in ranking order (`rank_key`): the units that reported every activity by achievement
    (highest first), then the incomplete ones, most complete first."""
    rollups = unit_rollups(activities, quarter)
    counts = completeness(activities, quarter)
    paths = unit_trajectories(activities, quarter)
    rows = [
        UnitRow(unit, rollups.get(unit.pk, Rollup()),
                counts.get(unit.pk, Completeness(unit.pk, 0, 0, 0)), paths.get(unit.pk))
        for unit in units if unit.pk in rollups
    ]
    rows.sort(key=lambda r: rank_key(r.completeness, r.achievement, str(r.unit)))
    return rows


@dataclass(frozen=True)
class ActivityRisk:
    activity_id: int
    trajectory: Trajectory


def activities_at_risk(activities: QuerySet[Activity], quarter: int) -> list[ActivityRisk]:
    """Activities whose reported physical progress cannot reach their annual target at the
    pace of their best quarter so far (achievement.trajectory), in two queries."""
    targets = dict(
        with_quarter(activities, quarter).values_list("id", "m_target"))
    reports: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for activity_id, q, physical in Realization.objects.filter(
        activity__in=activities.values("id"), quarter__lte=quarter, status__in=REPORTED_STATES,
    ).values_list("activity_id", "quarter", "physical"):
        reports[activity_id][q] = physical
    risks = []
    for activity_id, target in targets.items():
        progress = reports.get(activity_id, {})
        if surely_on_pace(progress, Decimal(target), quarter):
            continue
        path = achievement.trajectory(progress, Decimal(target), as_of=quarter, ceiling=achievement.PERCENT)
        if path.at_risk:
            risks.append(ActivityRisk(activity_id, path))
    return risks


def overdue_milestones(activities: QuerySet[Activity], today) -> QuerySet:
    """The milestones of `activities` that are overdue on `today` (the day in the government's
    time zone, Government.today; planning.rules.milestone_overdue), the longest overdue first,
    with their activity and unit: an early-warning signal beside the activities at risk."""
    from sinergi.planning.models import Milestone

    return (
        Milestone.objects.filter(Milestone.overdue_q(today), activity__in=activities.values("id"))
        .select_related("activity__unit", "activity__nomenclature")
        .order_by("planned_date", "activity_id", "order", "id")
    )


def surely_on_pace(progress: dict[int, Decimal], target: Decimal, as_of: int) -> bool:
    """A cheap test that proves `achievement.trajectory(progress, target, as_of=as_of)` is not at
    risk, so the full trajectory need not be computed (most activities on a dashboard):

    at risk means the gain still needed per remaining quarter is above the best quarterly gain so
    far. The best gain is at least the average gain since the start (the steepest step of a path
    is at least as steep as the whole path), which is at least current ÷ as_of. So when
    (target − current) ÷ remaining ≤ current ÷ as_of — compared exactly, cross-multiplied — it
    is not at risk (the rounding trajectory applies is monotone and cannot reverse it). A target
    reached (as trajectory rounds it) is never at risk either — at the year's end, the only test."""
    remaining_quarters = 4 - as_of
    if as_of <= 0:
        return True  # nothing has happened yet: never at risk
    current = next((progress[q] for q in sorted(progress, reverse=True) if q <= as_of), Decimal(0))
    if achievement.round_percent(current) >= achievement.round_percent(target):
        return True
    if remaining_quarters == 0:
        return False
    return (target - current) * as_of <= current * remaining_quarters
