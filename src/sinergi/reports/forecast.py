"""Will the government reach its goal by the year's end? (the question of the rakor:
"about 60 % now — 90 % by December?")

For a government's year (or a unit's subtree) as of a quarter, against a goal the coordinator
sets (DEFAULT_GOAL, 90 % achievement, by default):
- the trajectory needed: the achievement to reach at the end of each remaining quarter, and the
  points per quarter that takes (achievement.trajectory's `required_path`);
- the projected year-end from the pace so far (the linear projection, capped at 100 % for
  display, with the quarters it rests on and whether the last one is complete);
- the units whose own pace makes the goal unreachable: they would have to do better in every
  remaining quarter than in their best quarter so far (achievement.trajectory's `at_risk`).

Plain data from the dashboard's own trend (no query) plus each unit's achievement per quarter
(one grouped query per elapsed quarter, at most four: monitoring.rollups.unit_trajectories).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from sinergi.core.numbers import PERCENT, read_number
from sinergi.monitoring import achievement, rollups
from sinergi.monitoring.achievement import Trajectory
from sinergi.monitoring.rules import quarter_label
from sinergi.planning.models import Activity
from sinergi.regions.models import Unit

DEFAULT_GOAL = Decimal(90)
MIN_GOAL, MAX_GOAL = Decimal(1), Decimal(100)


def read_goal(value: object) -> Decimal:
    """The goal a user typed (`90`, `87,5`, `87.5 %`: core.numbers' percentage style), within
    1–100; DEFAULT_GOAL otherwise."""
    try:
        goal = read_number(str(value if value is not None else ""), PERCENT)
    except ValueError:
        return DEFAULT_GOAL
    if not MIN_GOAL <= goal <= MAX_GOAL:
        return DEFAULT_GOAL
    return goal.quantize(Decimal("0.1"))


@dataclass(frozen=True)
class UnitPace:
    unit: Unit
    trajectory: Trajectory

    @property
    def current(self) -> Decimal:
        return self.trajectory.current


@dataclass
class Forecast:
    goal: Decimal
    quarter: int
    trajectory: Trajectory
    incomplete: bool = False  # the last quarter counted is still missing reports
    unreachable: list[UnitPace] = field(default_factory=list)
    units_counted: int = 0

    @property
    def projection_shown(self) -> Decimal | None:
        """The projection as shown: at most 100 % (achievement.Trajectory.projection_capped)."""
        return self.trajectory.projection_capped

    @property
    def reachable_at_pace(self) -> bool | None:
        """Whether the pace so far reaches the goal (None before any quarter has elapsed)."""
        p = self.trajectory.projection
        return None if p is None else p >= self.goal

    @property
    def path(self) -> list[tuple[str, Decimal]]:
        """(quarter's name, achievement to reach at its end) for the remaining quarters."""
        first = self.trajectory.as_of + 1
        return [(quarter_label(first + i), value) for i, value in enumerate(self.trajectory.required_path)]

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.quarter)


def build(activities: QuerySet[Activity], units: Iterable[Unit], quarter: int, goal: Decimal,
          trend: Sequence, current: dict | None = None) -> Forecast:
    """`trend`: the dashboard's TrendPoints (achievement per quarter of the same activities);
    `current`: the units' rollups of `quarter` when the caller has them (one query less)."""
    series = {p.quarter: p.physical for p in trend if p.quarter <= quarter and p.physical is not None}
    last = next((p for p in trend if p.quarter == quarter), None)
    forecast = Forecast(goal=goal, quarter=quarter,
                        trajectory=achievement.trajectory(series, goal, as_of=quarter,
                                                          ceiling=achievement.PERCENT),
                        incomplete=bool(last is not None and getattr(last, "incomplete", False)))
    by_unit = rollups.unit_trajectories(activities, quarter, target=goal,
                                          known={quarter: current} if current is not None else None)
    forecast.units_counted = len(by_unit)
    named = {u.pk: u for u in units}
    forecast.unreachable = sorted(
        (UnitPace(named[pk], t) for pk, t in by_unit.items() if pk in named and t.at_risk),
        key=lambda pace: (pace.current, pace.unit.name))
    return forecast
