"""The monitoring dashboard of a government (or of one unit) for a quarter, as plain data.

Everything here is built from the database rollups (monitoring.rollups) in a fixed number of
aggregate queries, whatever the number of units and activities; no request is needed, the
caller passes querysets already limited to the user's scope:

- `build(activities, units, year=, quarter=, government=, unit=)` → `Dashboard`: the headline
  figures, achievement per unit (sorted, banded), the trend by quarter against the plan, the
  distribution over the bands (units and activities), budget per priority with the priorities
  that have no activity (the synchronization gap), the early-warning list with kendala,
  reporting completeness, the kecamatan ranking and (for a unit) its activities.
- `chart_data(dashboard)` → the JSON blocks the page hands to static/sinergi/js/dashboard.js
  (labels in the active language, links for the drill-down).

Queries of `build` (SQLite and PostgreSQL alike, whatever the quarter): the unit rollups,
completeness, the trend (realized and planned by quarter: two), the activities per band (for a
unit page: the activities and their reports, two), the priorities and their rollups (two), the
early-warning list (two) and the details of the entries shown (two), the regional priorities serving
each national mission and the missions' rollups (two), the overdue milestones (one, two when
there are more than are listed).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sinergi.core.formatting import percent, rupiah, rupiah_short, thousands
from sinergi.monitoring import achievement, rollups
from sinergi.monitoring.achievement import (
    BANDS,
    Band,
    BandCount,
    BandDistribution,
    Rollup,
    Trajectory,
    Trend,
    round_percent,
)
from sinergi.monitoring.choices import REPORTED_STATES
from sinergi.monitoring.models import Realization
from sinergi.monitoring.rules import quarter_label
from sinergi.planning import rules as planning_rules
from sinergi.planning.choices import QUARTERS, FrameworkKind
from sinergi.planning.models import Activity, Milestone, Priority, QuarterTarget
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Government, Unit
from sinergi.reports import forecast as forecasting

RISK_LIMIT = 25
"""At most this many early-warning entries are listed (the worst first); the total is shown."""

NOT_REPORTED_COLOUR = "#adb5bd"
ON_TIME_COLOUR = "#198754"
LATE_COLOUR = "#ffc107"
MISSING_COLOUR = "#dc3545"
AMOUNT = DecimalField(max_digits=40, decimal_places=10)


def band_label(band: Band | None) -> str:
    """The band's label in the active language (the official Indonesian term by default)."""
    if band is None:
        return _("Not reported")
    return band.label_id if (get_language() or "id").startswith("id") else band.label_en


def band_colour(band: Band | None) -> str:
    return band.colour if band is not None else NOT_REPORTED_COLOUR


def completeness_note(counts: rollups.Completeness) -> str:
    """Why a unit is not ranked: "67 % of activities reported" (or no activity planned)."""
    if not counts.activities:
        return _("no activity planned")
    return _("%(rate)s of activities reported (%(reported)s / %(activities)s)") % {
        "rate": percent(counts.rate, 0),
        "reported": counts.reported,
        "activities": counts.activities,
    }


def projection_basis(path: Trajectory | None) -> str:
    """What a projection rests on, for the page: the quarters reported ("reported: TW I, TW
    II"), or that none was (the projection is then 0)."""
    if path is None or path.projection is None:
        return ""
    if not path.reported_quarters:
        return _("no report yet")
    quarters = ", ".join(quarter_label(q) for q in path.reported_quarters)
    return _("reported: %(quarters)s") % {"quarters": quarters}


def _float(value: Decimal | None, decimals: int = 2) -> float | None:
    return None if value is None else float(round_percent(value)) if decimals == 2 else float(value)


# ---------------------------------------------------------------------------- the figures


@dataclass(frozen=True)
class UnitFigure:
    """One unit's quarter: its budget-weighted rollup and reporting completeness."""

    unit: Unit
    rollup: Rollup
    completeness: rollups.Completeness

    @property
    def achievement(self) -> Decimal | None:
        return self.rollup.physical_achievement

    @property
    def band(self) -> Band | None:
        return self.rollup.band()

    @property
    def complete(self) -> bool:
        """Every one of its activities reported for the quarter (rollups.Completeness.complete):
        only then does the unit count as reporting, and only then is it ranked."""
        return self.completeness.complete

    @property
    def completeness_note(self) -> str:
        return completeness_note(self.completeness)


@dataclass(frozen=True)
class TrendPoint:
    """The whole (government or unit) at the end of a quarter: realized achievement (None after
    the quarter shown) and the plan for the same date (planned physical progress, and the
    cumulative Rp target against the annual Rp target); `reported` of the `activities` reported
    for that quarter (None after the quarter shown).

    A quarter whose reports are not all in (`incomplete`, typically the one still open) counts
    the missing ones as 0: its figure is not a drop in achievement, and the chart and the table
    say so (a dashed segment, a hollow point, "incomplete: 3 / 5 activities reported")."""

    quarter: int
    physical: Decimal | None
    financial: Decimal | None
    physical_plan: Decimal | None
    financial_plan: Decimal | None
    reported: int | None = None
    activities: int = 0

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def incomplete(self) -> bool:
        """A realized quarter with some activities not reported."""
        return self.reported is not None and self.reported < self.activities

    @property
    def completeness_note(self) -> str:
        """"incomplete: 3 / 5 activities reported" (empty for a complete or future quarter)."""
        if not self.incomplete:
            return ""
        return _("incomplete: %(reported)s / %(activities)s activities reported") % {
            "reported": thousands(self.reported),
            "activities": thousands(self.activities),
        }


@dataclass(frozen=True)
class PriorityFigure:
    """A priority (Asta Cita mission or RPJMD priority) with the rollup of its activities and
    their share of the total budget (an activity serving two priorities counts in both, so the
    shares may add up to more than 100 %)."""

    priority: Priority
    rollup: Rollup
    share: Decimal | None

    @property
    def has_activity(self) -> bool:
        return self.rollup.count > 0

    @property
    def label(self) -> str:
        return f"{self.priority.framework.name} {self.priority.number}"


@dataclass(frozen=True)
class MissionFigure:
    """A national mission (Asta Cita) as the government serves it: the government's regional
    (RPJMD) priorities that serve it (Priority.serves) and the rollup of the activities aligned
    to it directly or through those priorities, each activity counted once
    (rollups.mission_rollups)."""

    mission: Priority
    regional: list[Priority]
    rollup: Rollup

    @property
    def label(self) -> str:
        return f"{self.mission.framework.name} {self.mission.number}"

    @property
    def served(self) -> bool:
        """Some regional priority of the government serves the mission."""
        return bool(self.regional)


@dataclass(frozen=True)
class ActivityFigure:
    """One activity in the quarter: reported physical progress against its annual target."""

    activity: Activity
    reported: bool
    physical: Decimal | None
    target: Decimal
    financial: Decimal | None
    budget: Decimal
    problems: str = ""
    trajectory: Trajectory | None = None

    @property
    def achievement(self) -> Decimal | None:
        if not self.reported or self.target <= 0:
            return None
        return achievement.physical_achievement(self.physical, self.target)

    @property
    def band(self) -> Band | None:
        return achievement.band(self.achievement)

    @property
    def absorption(self) -> Decimal | None:
        return achievement.absorption(self.financial, self.budget) if self.reported else None

    @property
    def at_risk(self) -> bool:
        return bool(self.trajectory and self.trajectory.at_risk)

    @property
    def projection_basis(self) -> str:
        return projection_basis(self.trajectory)


@dataclass(frozen=True)
class RiskEntry:
    """An activity whose trajectory cannot reach its year-end target, with its last kendala."""

    activity: Activity
    trajectory: Trajectory
    problems: str

    @property
    def achievement(self) -> Decimal | None:
        return achievement.physical_achievement(self.trajectory.current, self.trajectory.target)

    @property
    def band(self) -> Band | None:
        return achievement.band(self.achievement)

    @property
    def projection(self) -> Decimal | None:
        """The raw linear projection (uncapped); pages show `trajectory.projection_capped`."""
        return self.trajectory.projection

    @property
    def projection_basis(self) -> str:
        return projection_basis(self.trajectory)

    @property
    def trend(self) -> Trend | None:
        return self.trajectory.trend


@dataclass(frozen=True)
class OverdueMilestone:
    """A milestone past its planned date and not achieved (planning.rules.milestone_overdue)."""

    milestone: Milestone
    days_late: int

    @property
    def activity(self) -> Activity:
        return self.milestone.activity


@dataclass
class Dashboard:
    government: Government
    year: int
    quarter: int
    unit: Unit | None = None
    total: Rollup = field(default_factory=Rollup)
    units: list[UnitFigure] = field(default_factory=list)
    """Units with activities, by achievement (highest first, units without one last)."""
    trend: list[TrendPoint] = field(default_factory=list)
    unit_bands: BandDistribution | None = None
    activity_bands: BandDistribution | None = None
    """Activities per band; `unrated` are those that did not report."""
    priorities: list[PriorityFigure] = field(default_factory=list)
    missions: list[MissionFigure] = field(default_factory=list)
    """The national missions (Asta Cita) with the regional priorities serving them."""
    risks: list[RiskEntry] = field(default_factory=list)
    risk_count: int = 0
    overdue: list[OverdueMilestone] = field(default_factory=list)
    """Overdue milestones (the longest overdue first, at most RISK_LIMIT); `overdue_count` all."""
    overdue_count: int = 0
    today: dt.date | None = None
    """The day in the government's time zone the overdue milestones are measured on."""
    completeness: rollups.Completeness = field(default_factory=lambda: rollups.Completeness(None, 0, 0, 0))
    kecamatan: list[UnitFigure] = field(default_factory=list)
    """District offices in ranking order (the camat ranking): those that reported every activity
    by achievement, then the others (`kecamatan_ranked`, `kecamatan_unranked`)."""
    activities: list[ActivityFigure] = field(default_factory=list)
    """The unit page's activities, by achievement (highest first); empty for a government."""
    forecast: forecasting.Forecast | None = None
    """Will the goal be reached by the year's end (reports.forecast)."""

    @property
    def empty(self) -> bool:
        """No activity planned (in scope) for the year: nothing to show."""
        return self.total.count == 0

    @property
    def kecamatan_ranked(self) -> list[UnitFigure]:
        """The camat ranking: only the district offices that reported every activity."""
        return [row for row in self.kecamatan if row.complete]

    @property
    def kecamatan_unranked(self) -> list[UnitFigure]:
        """District offices listed apart: reports incomplete (or no activity planned)."""
        return [row for row in self.kecamatan if not row.complete]

    @property
    def units_complete(self) -> int:
        """Units that reported every activity for the quarter ("28 / 30 units reporting")."""
        return sum(1 for row in self.units if row.completeness.complete)

    @property
    def units_partial(self) -> int:
        """Units that reported some of their activities, not all."""
        return sum(1 for row in self.units if row.completeness.partial)

    @property
    def units_silent(self) -> int:
        """Units that reported none of their activities."""
        return sum(1 for row in self.units if row.completeness.silent)

    @property
    def band_table(self) -> list[tuple[Band | None, int, int]]:
        """(band, units, activities) per band, highest first, then (None, units, activities)
        not reported. For templates: a BandDistribution's item lookup would shadow its
        attributes there."""
        units, acts = self.unit_bands, self.activity_bands
        if units is None or acts is None:
            return []
        rows: list[tuple[Band | None, int, int]] = [
            (row.band, units[row.band], acts[row.band]) for row in acts.counts
        ]
        return [*rows, (None, units.unrated, acts.unrated)]

    @property
    def gap_priorities(self) -> list[PriorityFigure]:
        """Priorities without any activity: the synchronization gap."""
        return [p for p in self.priorities if not p.has_activity]

    @property
    def unserved_missions(self) -> list[MissionFigure]:
        """National missions no regional priority of the government serves."""
        return [m for m in self.missions if not m.served]

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def projection_rule(self) -> str:
        """How the year-end projections of the page are made and shown (beside them)."""
        return _(
            "Projection to year-end: the average gain per quarter from %(first)s to %(quarter)s (a "
            "quarter without a report counts as elapsed), continued to %(last)s; shown at most 100 %%, "
            "with \"above target\" when that pace passes the target. Under each figure: the quarters "
            "it rests on."
        ) % {"first": quarter_label(1), "quarter": self.quarter_label, "last": quarter_label(4)}


def sort_units(figures: Iterable[UnitFigure]) -> list[UnitFigure]:
    """Ranking order (rollups.rank_key): units that reported every activity by achievement
    (highest first, those without one last, ties by name), then the incomplete ones apart."""
    return sorted(figures, key=lambda r: rollups.rank_key(r.completeness, r.achievement, r.unit.name))


def trend(activities: QuerySet[Activity], quarter: int, total: Rollup) -> list[TrendPoint]:
    """Quarters I–IV: the realized achievement of quarters 1..`quarter` and the plan of all
    four, in two queries (whatever `quarter`).

    `total` is the rollup of the activities as of `quarter`: its weights (the budget of the
    activities with a physical target, the annual Rp target) do not depend on the quarter, so
    each quarter's figures are that quarter's reported sums over those weights — exactly what
    `Rollup.physical_achievement` and `.financial_achievement` of that quarter's rollup give
    (unreported realization counts as 0)."""
    ids = activities.values("id")
    annual_target = Subquery(
        QuarterTarget.objects.filter(activity_id=OuterRef("activity_id"), quarter=4).values("physical")[:1]
    )
    realized_rows = (
        Realization.objects.filter(activity__in=ids, quarter__lte=quarter, status__in=REPORTED_STATES)
        .annotate(m_target=Coalesce(Cast(annual_target, AMOUNT), rollups.HUNDRED))
        .order_by()
        .values("quarter")
        .annotate(
            achievement_sum=Sum(
                Case(
                    When(
                        m_target__gt=0,
                        then=rollups.Divide(
                            ExpressionWrapper(
                                F("activity__budget") * F("physical") * rollups.HUNDRED, output_field=AMOUNT
                            ),
                            F("m_target"),
                        ),
                    ),
                    default=rollups.ZERO,
                    output_field=AMOUNT,
                )
            ),
            financial=Sum("financial"),
            reported=Count("id"),  # one realization per activity and quarter
        )
    )
    realized = {row["quarter"]: row for row in realized_rows}
    plan_rows = (
        QuarterTarget.objects.filter(activity__in=ids)
        .order_by()
        .values("quarter")
        .annotate(
            weight=Sum("activity__budget"),
            weighted=Sum(ExpressionWrapper(F("activity__budget") * F("physical"), output_field=AMOUNT)),
            financial=Sum("financial"),
        )
    )
    plans = {row["quarter"]: row for row in plan_rows}
    points = []
    for q in QUARTERS:
        physical = financial = reported = None
        if q <= quarter:
            row = realized.get(q, {})
            reported = row.get("reported") or 0
            sums = Rollup(
                achievement_weight=total.achievement_weight,
                achievement_sum=Decimal(row.get("achievement_sum") or 0),
                financial=Decimal(row.get("financial") or 0),
                financial_target=total.financial_target,
            )
            physical, financial = sums.physical_achievement, sums.financial_achievement
        plan = plans.get(q)
        physical_plan = (
            Decimal(plan["weighted"]) / Decimal(plan["weight"]) if plan and plan["weight"] else None
        )
        financial_plan = (
            achievement.achievement(Decimal(plan["financial"]), total.financial_target)
            if plan and plan["financial"] is not None and total.financial_target
            else None
        )
        points.append(
            TrendPoint(
                quarter=q,
                physical=physical,
                financial=financial,
                physical_plan=physical_plan,
                financial_plan=financial_plan,
                reported=reported,
                activities=total.count,
            )
        )
    return points


def activity_figures(activities: QuerySet[Activity], quarter: int) -> list[ActivityFigure]:
    """Every activity's own figures for the quarter with its trajectory, by achievement
    (highest first; those without one last), with unit and nomenclature for listing them. Two
    queries: the activities with their quarter (rollups.with_quarter) and the reports of
    quarters 1..`quarter`. For a unit page; a government's activities are only counted
    (`activity_band_counts`)."""
    qs = (
        rollups.with_quarter(activities, quarter)
        .annotate(m_problems=F("rq__problems"))
        .select_related("unit", "nomenclature")
    )
    reports: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for activity_id, q, physical in Realization.objects.filter(
        activity__in=activities.values("id"),
        quarter__lte=quarter,
        status__in=REPORTED_STATES,
    ).values_list("activity_id", "quarter", "physical"):
        reports[activity_id][q] = physical
    result = [
        ActivityFigure(
            activity=a,
            reported=a.m_reported is not None,
            physical=Decimal(a.m_physical),
            target=Decimal(a.m_target),
            financial=Decimal(a.m_financial),
            budget=Decimal(a.budget),
            problems=a.m_problems or "",
            trajectory=achievement.trajectory(
                reports.get(a.pk, {}), Decimal(a.m_target), as_of=quarter, ceiling=achievement.PERCENT
            ),
        )
        for a in qs.order_by()
    ]
    result.sort(
        key=lambda f: (f.achievement is None, -(f.achievement or 0), f.activity.display_name, f.activity.pk)
    )
    return result


def activity_distribution(figures: Sequence[ActivityFigure]) -> BandDistribution:
    """Activities per band; those that did not report (or have no target) are `unrated`."""
    return achievement.distribution(f.achievement for f in figures)


UNRATED = "-"


def activity_band_counts(activities: QuerySet[Activity], quarter: int) -> BandDistribution:
    """What `activity_distribution(activity_figures(...))` gives, counted by the database in one
    query (no row per activity reaches Python): each reported activity's achievement rounded
    to 2 decimals as presented (achievement.band does the same), classified by BANDS."""
    qs = rollups.with_quarter(activities, quarter).alias(
        m_achievement=Round(
            rollups.Divide(
                ExpressionWrapper(F("m_physical") * rollups.HUNDRED, output_field=AMOUNT), F("m_target")
            ),
            2,
            output_field=AMOUNT,
        )
    )
    whens = [When(m_reported__isnull=True, then=Value(UNRATED)), When(m_target__lte=0, then=Value(UNRATED))]
    whens += [
        When(m_achievement__gte=row.lower, then=Value(row.band.value))
        for row in BANDS
        if row.lower is not None
    ]
    rows = (
        qs.annotate(m_band=Case(*whens, default=Value(BANDS[-1].band.value), output_field=CharField()))
        .order_by()
        .values("m_band")
        .annotate(n=Count("id"))
    )
    tally = {row["m_band"]: row["n"] for row in rows}
    return BandDistribution(
        tuple(BandCount(b.band, tally.get(b.band.value, 0)) for b in BANDS), tally.get(UNRATED, 0)
    )


def active_priorities(government: Government, year: int) -> QuerySet[Priority]:
    """The priorities a government's activities can serve in `year`: the national frameworks
    (Asta Cita) and the government's own RPJMD frameworks in force that year."""
    return (
        Priority.objects.filter(framework__start_year__lte=year, framework__end_year__gte=year)
        .filter(
            Q(framework__kind=FrameworkKind.NATIONAL, framework__government__isnull=True)
            | Q(framework__government=government)
        )
        .select_related("framework")
        .order_by("framework__kind", "framework__start_year", "framework__name", "order", "number")
    )


def priority_figures(
    priorities: Iterable[Priority], by_priority: dict[int, Rollup], total_budget: Decimal
) -> list[PriorityFigure]:
    """The priorities in their order, each with its rollup (empty without activity) and budget
    share (% of `total_budget`)."""
    result = []
    for priority in priorities:
        rollup = by_priority.get(priority.pk, Rollup())
        share = achievement.achievement(rollup.budget, total_budget) if total_budget else None
        result.append(PriorityFigure(priority, rollup, share))
    return result


def mission_figures(
    activities: QuerySet[Activity], quarter: int, government: Government, year: int,
    priorities: Iterable[Priority] | None = None,
) -> list[MissionFigure]:
    """The national missions in force in `year` (active_priorities; `priorities`: that list
    already read), each with the regional priorities of `government` in force that serve it and
    the rollup of its activities, direct or through those priorities (rollups.mission_rollups):
    three queries (the serving links; the alignment links and the per-activity rollup:
    rollups.mission_rollups), four without `priorities`."""
    active = active_priorities(government, year)
    if priorities is None:
        priorities = active
    missions = [p for p in priorities if p.framework.kind == FrameworkKind.NATIONAL]
    if not missions:
        return []
    serving: dict[int, list[Priority]] = defaultdict(list)
    link = Priority.serves.through
    for row in (
        link.objects.filter(to_priority__in=[m.pk for m in missions],
                            from_priority__in=active.filter(framework__kind=FrameworkKind.REGIONAL))
        .select_related("from_priority__framework")
        .order_by("from_priority__framework__start_year", "from_priority__order", "from_priority__number")
    ):
        serving[row.to_priority_id].append(row.from_priority)
    rollups_by_mission = rollups.mission_rollups(activities, quarter, [m.pk for m in missions])
    return [MissionFigure(m, serving.get(m.pk, []), rollups_by_mission.get(m.pk, Rollup()))
            for m in missions]


def risk_entries(
    activities: QuerySet[Activity], quarter: int, limit: int = RISK_LIMIT
) -> tuple[list[RiskEntry], int]:
    """The early-warning list (rollups.activities_at_risk), worst first — the largest shortfall
    of the linear projection against the target — at most `limit` entries with their activity
    and latest reported kendala, and the number of all activities at risk."""
    risks = rollups.activities_at_risk(activities, quarter)

    def shortfall(risk: rollups.ActivityRisk) -> Decimal:
        path = risk.trajectory
        return path.projection_shortfall if path.projection_shortfall is not None else path.remaining

    risks.sort(key=lambda r: (-shortfall(r), r.activity_id))
    shown = risks[:limit]
    ids = [r.activity_id for r in shown]
    found = Activity.objects.select_related("unit", "nomenclature").in_bulk(ids)
    problems: dict[int, str] = {}
    for activity_id, text in (
        Realization.objects.filter(activity__in=ids, quarter__lte=quarter, status__in=REPORTED_STATES)
        .exclude(problems="")
        .order_by("activity_id", "-quarter")
        .values_list("activity_id", "problems")
    ):
        problems.setdefault(activity_id, text)
    entries = [
        RiskEntry(found[r.activity_id], r.trajectory, problems.get(r.activity_id, ""))
        for r in shown
        if r.activity_id in found
    ]
    return entries, len(risks)


def overdue_entries(
    activities: QuerySet[Activity], today: dt.date, limit: int = RISK_LIMIT
) -> tuple[list[OverdueMilestone], int]:
    """The overdue milestones of `activities` on `today` (rollups.overdue_milestones), the
    longest overdue first, at most `limit`, and how many there are: two queries."""
    overdue = rollups.overdue_milestones(activities, today)
    shown = [OverdueMilestone(m, planning_rules.days_late(m.planned_date, today)) for m in overdue[:limit]]
    count = len(shown) if len(shown) < limit else overdue.count()
    return shown, count


def build(
    activities: QuerySet[Activity],
    units: Iterable[Unit],
    *,
    government: Government,
    year: int,
    quarter: int,
    unit: Unit | None = None,
    goal: Decimal | None = None,
    today: dt.date | None = None,
) -> Dashboard:
    """The dashboard of `activities` (one government's year, limited to the user's scope; for
    a unit page its subtree) grouped by `units` (the units to show, in scope). `goal`: the
    year-end achievement the forecast measures against (reports.forecast.DEFAULT_GOAL). `today`:
    the day overdue milestones are measured on (default: today in the government's zone)."""
    dash = Dashboard(government=government, year=year, quarter=quarter, unit=unit)
    current = rollups.unit_rollups(activities, quarter)
    dash.total = sum(current.values(), Rollup())
    if dash.empty:
        return dash
    counts = rollups.completeness(activities, quarter)
    units = list(units)
    figures = [
        UnitFigure(u, current[u.pk], counts.get(u.pk, rollups.Completeness(u.pk, 0, 0, 0)))
        for u in units
        if u.pk in current
    ]
    dash.units = sort_units(figures)
    dash.completeness = sum((f.completeness for f in dash.units), rollups.Completeness(None, 0, 0, 0))
    dash.unit_bands = achievement.distribution(f.achievement for f in dash.units)
    dash.trend = trend(activities, quarter, dash.total)
    dash.forecast = forecasting.build(activities, units, quarter, goal or forecasting.DEFAULT_GOAL,
                                     dash.trend, current)
    if unit is not None:
        dash.activities = activity_figures(activities, quarter)
        dash.activity_bands = activity_distribution(dash.activities)
    else:
        dash.activity_bands = activity_band_counts(activities, quarter)
    priorities = list(active_priorities(government, year))
    dash.priorities = priority_figures(
        priorities, rollups.priority_rollups(activities, quarter), dash.total.budget
    )
    dash.missions = mission_figures(activities, quarter, government, year, priorities)
    dash.risks, dash.risk_count = risk_entries(activities, quarter)
    dash.today = today or government.today()
    dash.overdue, dash.overdue_count = overdue_entries(activities, dash.today)
    offices = [u for u in units if u.kind == UnitKind.DISTRICT_OFFICE]
    dash.kecamatan = sort_units(
        UnitFigure(u, current.get(u.pk, Rollup()), counts.get(u.pk, rollups.Completeness(u.pk, 0, 0, 0)))
        for u in offices
    )
    return dash


# ---------------------------------------------------------------------------- chart data


def bands_legend() -> list[dict]:
    """The band table for map.js and the legends (highest first), labels in the active language."""
    return [
        {
            "lower": float(row.lower) if row.lower is not None else None,
            "colour": row.band.colour,
            "label": band_label(row.band),
        }
        for row in BANDS
    ]


def _query(year: int, quarter: int) -> str:
    return f"?year={year}&quarter={quarter}"


def unit_url(unit: Unit, year: int, quarter: int) -> str:
    return reverse("reports:dashboard_unit", args=[unit.pk]) + _query(year, quarter)


def chart_data(dash: Dashboard) -> dict[str, dict]:
    """{panel: JSON-ready data} for dashboard.js (and map.js for the kecamatan map)."""
    charts: dict[str, dict] = {}
    pct = _("Achievement (%)")
    charts["units"] = {
        "kind": "bars",
        "unit": "%",
        "axis": pct,
        "items": [
            {
                "name": u.unit.short_name or u.unit.name,
                "value": _float(u.achievement),
                "colour": band_colour(u.band),
                "band": band_label(u.band) if u.band else "",
                "url": unit_url(u.unit, dash.year, dash.quarter),
                # Not ranked: drawn hatched, the completeness in the tooltip.
                "incomplete": not u.complete,
                "note": "" if u.complete else completeness_note(u.completeness),
            }
            for u in dash.units
        ],
        "legend": bands_legend(),
        "labels": {"incomplete": _("Hatched: reports incomplete, not ranked")},
    }
    if dash.activities:
        charts["activities"] = {
            "kind": "bars",
            "unit": "%",
            "axis": pct,
            "items": [
                {
                    "name": f.activity.display_name,
                    "value": _float(f.achievement),
                    "colour": band_colour(f.band),
                    "band": band_label(f.band),
                    "url": reverse("monitoring:activity_history", args=[f.activity.pk]),
                }
                for f in dash.activities
            ],
            "legend": bands_legend(),
        }
    charts["trend"] = {
        "kind": "trend",
        "unit": "%",
        "categories": [p.label for p in dash.trend],
        # A quarter whose reports are not all in: its realized segment dashed, its point hollow,
        # the note on the chart — never drawn as a plain drop.
        "incomplete": [p.incomplete for p in dash.trend],
        "notes": [p.completeness_note for p in dash.trend],
        "series": [
            {
                "name": _("Physical achievement"),
                "values": [_float(p.physical) for p in dash.trend],
                "colour": "#0d6efd",
                "realized": True,
            },
            {
                "name": _("Financial achievement"),
                "values": [_float(p.financial) for p in dash.trend],
                "colour": "#fd7e14",
                "realized": True,
            },
            {
                "name": _("Physical plan"),
                "values": [_float(p.physical_plan) for p in dash.trend],
                "colour": "#0d6efd",
                "dashed": True,
            },
            {
                "name": _("Financial plan"),
                "values": [_float(p.financial_plan) for p in dash.trend],
                "colour": "#fd7e14",
                "dashed": True,
            },
        ],
    }
    pies = []
    for title, dist in ((_("Units"), dash.unit_bands), (_("Activities"), dash.activity_bands)):
        if dist is None:
            continue
        items = [
            {"name": band_label(row.band), "value": row.count, "colour": row.band.colour}
            for row in dist.counts
        ]
        if dist.unrated:
            items.append({"name": band_label(None), "value": dist.unrated, "colour": NOT_REPORTED_COLOUR})
        pies.append({"name": title, "items": items})
    charts["bands"] = {"kind": "pies", "pies": pies}
    charts["priorities"] = {
        "kind": "shares",
        "unit": "%",
        "axis": _("Share of the budget (%)"),
        "items": [
            {
                "name": p.label,
                "title": p.priority.title,
                "value": _float(p.share) or 0,
                "budget": rupiah_short(p.rollup.budget),
                "absorption": percent(p.rollup.absorption, 2),
                "colour": "#0d6efd" if p.has_activity else NOT_REPORTED_COLOUR,
            }
            for p in dash.priorities
        ],
        "labels": {"budget": _("Budget (pagu)"), "absorption": _("Absorption")},
    }
    charts["completeness"] = {
        "kind": "stacked",
        "categories": [u.unit.short_name or u.unit.name for u in dash.units],
        "urls": [unit_url(u.unit, dash.year, dash.quarter) for u in dash.units],
        "series": [
            {
                "name": _("On time"),
                "colour": ON_TIME_COLOUR,
                "values": [u.completeness.on_time for u in dash.units],
            },
            {"name": _("Late"), "colour": LATE_COLOUR, "values": [u.completeness.late for u in dash.units]},
            {
                "name": _("Missing"),
                "colour": MISSING_COLOUR,
                "values": [u.completeness.missing for u in dash.units],
            },
        ],
    }
    values = {
        u.unit.region_id: _float(u.achievement)
        for u in dash.kecamatan
        if u.unit.region_id and u.achievement is not None
    }
    charts["map"] = {
        "values": values,
        "label": _("Achievement"),
        "unit": "%",
        "decimals": 2,
        "bands": bands_legend(),
    }
    return charts


def headline(dash: Dashboard) -> dict[str, str]:
    """The headline figures as formatted text (Indonesian conventions: core.formatting)."""
    return {
        "budget": rupiah(dash.total.budget),
        "budget_short": rupiah_short(dash.total.budget),
        "financial": rupiah_short(dash.total.financial),
        "absorption": percent(dash.total.absorption, 2),
        "achievement": percent(dash.total.physical_achievement, 2),
        "financial_achievement": percent(dash.total.financial_achievement, 2),
    }
