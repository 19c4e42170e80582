"""Achievement math for quarterly monitoring (Permendagri 86/2017): one place for each rule.

What lives here, as plain functions over frozen dataclasses (no Django, no database):

- `achievement()` and its named uses (`physical_achievement`, `financial_achievement`,
  `absorption`): cumulative realization ÷ target × 100 %, never capped at 100 %.
- `band()`: the five *kriteria tingkat capaian kinerja* (Sangat Tinggi … Sangat Rendah), driven by
  the `BANDS` table so a government can configure its own thresholds; `distribution()` counts
  how many units fall in each band ("of 39 agencies, 7 Sangat Tinggi, …").
- `Rollup`: budget-weighted aggregation. A rollup is a set of sums, so rollups combine with `+`
  and the rollup of sub-rollups equals the rollup of all their items (activity → unit →
  government → province → nation is the same operation at every level).
- `deviation()` and `physical_financial_gap()`: realization against the plan for the same date,
  and financial against physical progress, classified as money spent without progress, progress
  without spending, or balanced.
- `trajectory()`: the early warning. What must still be made per remaining quarter, a linear
  projection to year-end, the quarter-on-quarter trend, and `at_risk`.

Arithmetic is `Decimal` throughout and independent of the caller's decimal context: ratios are
computed to 28 significant digits, sums and products exactly. Rounding happens only for
presentation (`round_percent`, 2 decimals, ROUND_HALF_UP) — with one deliberate use: every
*classification* (band, gap kind, trend, target reached, at risk) compares values as they are
presented, so a category always agrees with the number printed next to it (90.996 % is shown as
"91,00 %" and is therefore Sangat Tinggi, never Tinggi). Code that classifies in SQL must do
the same: compare `ROUND(value, 2)`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import reduce
from itertools import pairwise
from typing import overload

ZERO = Decimal(0)
PERCENT = Decimal(100)
QUARTERS = 4
"""Triwulan I–IV: the fiscal year is the calendar year, reported in four quarters."""

DEFAULT_GAP_TOLERANCE = Decimal(10)
"""Points by which financial and physical progress may differ and still count as balanced."""

_CENTS = Decimal("0.01")
# Ratios (division) carry 28 significant digits — the decimal default, but pinned here so a
# caller's context cannot change results. Sums and products use a context wide enough that they
# never round, which is what makes rollups exactly associative.
_DIVISION = Context(prec=28)
_EXACT = Context(prec=120)


def _dec(value: Decimal | int, name: str = "value") -> Decimal:
    """Accept Decimal or int; refuse float (binary fractions have no place in money or
    percentages) and non-finite decimals."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{name} must be a finite number, not {result}")
    return result


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator ÷ denominator, or None when the denominator is zero (nothing to weigh)."""
    if denominator == 0:
        return None
    return _DIVISION.divide(numerator, denominator)


def _sum(values: Iterable[Decimal]) -> Decimal:
    return reduce(_EXACT.add, values, ZERO)


# --------------------------------------------------------------------------- presentation


@overload
def round_percent(value: None) -> None: ...
@overload
def round_percent(value: Decimal | int) -> Decimal: ...
def round_percent(value: Decimal | int | None) -> Decimal | None:
    """A percentage (or points) as presented: 2 decimals, ROUND_HALF_UP (67.885 → 67.89).

    The only rounding in this module; use it in views, exports and the API, never before
    aggregating."""
    if value is None:
        return None
    return _dec(value).quantize(_CENTS, rounding=ROUND_HALF_UP, context=_EXACT)


# --------------------------------------------------------------------------- achievement


def achievement(realization: Decimal | int | None, target: Decimal | int | None) -> Decimal | None:
    """Achievement in percent: cumulative realization ÷ target × 100.

    None when either is missing or the target is 0 — with nothing to reach, achievement is
    undefined, not 0 % and not 100 %. Values above 100 % are kept as they are (over-achievement
    is data, not an error). A negative target is a data error and raises ValueError."""
    if realization is None or target is None:
        return None
    real = _dec(realization, "realization")
    goal = _dec(target, "target")
    if goal < 0:
        raise ValueError(f"a target cannot be negative: {goal}")
    return _ratio(_EXACT.multiply(real, PERCENT), goal)


def physical_achievement(
    progress: Decimal | int | None, target: Decimal | int | None = PERCENT
) -> Decimal | None:
    """Physical achievement: cumulative physical progress (%) against the physical target (%),
    by default the annual target of 100 % (the output completed)."""
    return achievement(progress, target)


def financial_achievement(realized: Decimal | int | None, target: Decimal | int | None) -> Decimal | None:
    """Financial achievement: cumulative Rp realized against the Rp target (annual, or the
    cumulative target for a quarter)."""
    return achievement(realized, target)


def absorption(realized: Decimal | int | None, budget: Decimal | int | None) -> Decimal | None:
    """Budget absorption (*daya serap*): cumulative Rp realized against the budget ceiling
    (pagu). None when there is no budget."""
    return achievement(realized, budget)


# --------------------------------------------------------------------------- bands


class Band(enum.StrEnum):
    """Kriteria tingkat capaian kinerja: the five achievement categories of Permendagri 86/2017.

    The value is a stable code for storage; `label_id` is the official Indonesian term,
    `label_en` its English rendering and `colour` the chart colour (hex)."""

    SANGAT_TINGGI = "sangat_tinggi"
    TINGGI = "tinggi"
    SEDANG = "sedang"
    RENDAH = "rendah"
    SANGAT_RENDAH = "sangat_rendah"

    @property
    def label_id(self) -> str:
        """The official Indonesian term, e.g. "Sangat Tinggi"."""
        return _BAND_STYLE[self][0]

    @property
    def label_en(self) -> str:
        """English label, e.g. "Very high"."""
        return _BAND_STYLE[self][1]

    @property
    def colour(self) -> str:
        """Chart colour as `#rrggbb` (a green-to-red scale, ColorBrewer RdYlGn)."""
        return _BAND_STYLE[self][2]


_BAND_STYLE: dict[Band, tuple[str, str, str]] = {
    Band.SANGAT_TINGGI: ("Sangat Tinggi", "Very high", "#1a9850"),
    Band.TINGGI: ("Tinggi", "High", "#91cf60"),
    Band.SEDANG: ("Sedang", "Medium", "#fee08b"),
    Band.RENDAH: ("Rendah", "Low", "#fc8d59"),
    Band.SANGAT_RENDAH: ("Sangat Rendah", "Very low", "#d73027"),
}


@dataclass(frozen=True)
class BandBound:
    """One row of a band table: `band` holds every achievement ≥ `lower` (inclusive) that no
    higher row holds. `lower` None marks the bottom row, open downwards."""

    band: Band
    lower: Decimal | None


BANDS: tuple[BandBound, ...] = (
    BandBound(Band.SANGAT_TINGGI, Decimal(91)),
    BandBound(Band.TINGGI, Decimal(76)),
    BandBound(Band.SEDANG, Decimal(66)),
    BandBound(Band.RENDAH, Decimal(51)),
    BandBound(Band.SANGAT_RENDAH, None),
)
"""The default table, highest first. The regulation writes 91–100, 76–90, 66–75, 51–65, ≤ 50;
on a continuous scale these are ≥ 91, 76–< 91, 66–< 76, 51–< 66, < 51 (lower bound inclusive),
and values above 100 % stay Sangat Tinggi."""


def validate_bands(bands: Sequence[BandBound]) -> tuple[BandBound, ...]:
    """Check a (configured) band table and return it as a tuple: rows highest first with
    strictly decreasing lower bounds, each band at most once, and exactly the last row open
    downwards — so that every achievement falls in exactly one band. ValueError otherwise."""
    table = tuple(bands)
    if not table:
        raise ValueError("a band table needs at least one band")
    if len({row.band for row in table}) != len(table):
        raise ValueError("a band appears more than once in the band table")
    if table[-1].lower is not None:
        raise ValueError("the last band of the table must be open downwards (lower=None)")
    bounds = [row.lower for row in table[:-1]]
    if any(bound is None for bound in bounds):
        raise ValueError("only the last band of the table may be open downwards")
    decimals = [_dec(bound, "lower bound") for bound in bounds if bound is not None]
    if any(higher <= lower for higher, lower in pairwise(decimals)):
        raise ValueError("band lower bounds must decrease strictly, highest band first")
    return table


@overload
def band(value: None, bands: Sequence[BandBound] = BANDS) -> None: ...
@overload
def band(value: Decimal | int, bands: Sequence[BandBound] = BANDS) -> Band: ...
def band(value: Decimal | int | None, bands: Sequence[BandBound] = BANDS) -> Band | None:
    """The band of an achievement (%), per `bands` (default: the regulation's `BANDS`).

    None for None (no achievement, no band). The value is compared as presented (2 decimals)
    so the band agrees with the printed number; values above 100 % are Sangat Tinggi."""
    if value is None:
        return None
    table = BANDS if bands is BANDS else validate_bands(bands)
    shown = round_percent(value)
    for row in table:
        if row.lower is None or shown >= row.lower:
            return row.band
    raise AssertionError("unreachable: a validated band table is open downwards")


@dataclass(frozen=True)
class BandCount:
    """One row of a distribution: how many values fall in `band`."""

    band: Band
    count: int


@dataclass(frozen=True)
class BandDistribution:
    """How many values fall in each band, highest band first, plus those without an
    achievement (`unrated`). Distributions add up with `+` (per government → per province)."""

    counts: tuple[BandCount, ...]
    unrated: int = 0

    def __getitem__(self, key: Band) -> int:
        return sum(row.count for row in self.counts if row.band == key)

    @property
    def rated(self) -> int:
        """Values that have a band."""
        return sum(row.count for row in self.counts)

    @property
    def total(self) -> int:
        """All values counted, rated or not."""
        return self.rated + self.unrated

    def as_dict(self) -> dict[Band, int]:
        return {row.band: row.count for row in self.counts}

    def __add__(self, other: BandDistribution) -> BandDistribution:
        if not isinstance(other, BandDistribution):
            return NotImplemented
        bands = [row.band for row in self.counts]
        bands += [row.band for row in other.counts if row.band not in bands]
        return BandDistribution(
            tuple(BandCount(b, self[b] + other[b]) for b in bands), self.unrated + other.unrated
        )


def distribution(
    values: Iterable[Decimal | int | None], bands: Sequence[BandBound] = BANDS
) -> BandDistribution:
    """Count achievements per band — "of 39 agencies, 7 Sangat Tinggi, 13 Tinggi, 18 Sedang,
    1 Sangat Rendah". Every band of the table is listed (with 0 where empty), highest first;
    None values are counted as `unrated`.

    Typical use: `distribution(r.physical_achievement for r in agency_rollups)`."""
    table = BANDS if bands is BANDS else validate_bands(bands)
    tally = dict.fromkeys((row.band for row in table), 0)
    unrated = 0
    for value in values:
        found = band(value, table)
        if found is None:
            unrated += 1
        else:
            tally[found] += 1
    return BandDistribution(tuple(BandCount(b, n) for b, n in tally.items()), unrated)


# --------------------------------------------------------------------------- gaps


def deviation(realization: Decimal | int | None, plan: Decimal | int | None) -> Decimal | None:
    """Realization minus the plan for the same date, in points: "physical realization 67.89 %
    against a target of 69.21 %, deviation −1.32 %". Negative = behind plan. None when either
    is missing."""
    if realization is None or plan is None:
        return None
    return _EXACT.subtract(_dec(realization, "realization"), _dec(plan, "plan"))


class GapKind(enum.StrEnum):
    """How financial progress stands against physical progress."""

    SPENDING_AHEAD = "spending_ahead"
    """Money spent without progress: financial ahead of physical by more than the tolerance."""
    PROGRESS_AHEAD = "progress_ahead"
    """Progress without spending: physical ahead of financial by more than the tolerance
    (work done but not yet paid, or realization not yet recorded)."""
    BALANCED = "balanced"
    """Within the tolerance of each other (the edge itself counts as balanced)."""

    @property
    def label_id(self) -> str:
        return _GAP_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _GAP_LABELS[self][1]


_GAP_LABELS: dict[GapKind, tuple[str, str]] = {
    GapKind.SPENDING_AHEAD: ("Keuangan mendahului fisik", "Spending ahead of progress"),
    GapKind.PROGRESS_AHEAD: ("Fisik mendahului keuangan", "Progress ahead of spending"),
    GapKind.BALANCED: ("Seimbang", "Balanced"),
}


@dataclass(frozen=True)
class Gap:
    """Financial against physical progress, both in % of their annual targets ("financial
    63.20 %, physical 67.89 %"). `financial_lead` = financial − physical in points: positive
    when money runs ahead of the work."""

    physical: Decimal
    financial: Decimal
    tolerance: Decimal
    kind: GapKind

    @property
    def financial_lead(self) -> Decimal:
        return _EXACT.subtract(self.financial, self.physical)


def physical_financial_gap(
    physical: Decimal | int | None,
    financial: Decimal | int | None,
    tolerance: Decimal | int = DEFAULT_GAP_TOLERANCE,
) -> Gap | None:
    """Classify financial against physical progress (both % of annual target).

    SPENDING_AHEAD when financial − physical > tolerance (points), PROGRESS_AHEAD when
    physical − financial > tolerance, BALANCED otherwise (a difference of exactly the
    tolerance is balanced). The difference is compared as presented (2 decimals). None when
    either side is missing. Default tolerance: 10 points."""
    if physical is None or financial is None:
        return None
    phys = _dec(physical, "physical")
    fin = _dec(financial, "financial")
    limit = _dec(tolerance, "tolerance")
    if limit < 0:
        raise ValueError(f"a tolerance cannot be negative: {limit}")
    lead = round_percent(_EXACT.subtract(fin, phys))
    if lead > limit:
        kind = GapKind.SPENDING_AHEAD
    elif -lead > limit:
        kind = GapKind.PROGRESS_AHEAD
    else:
        kind = GapKind.BALANCED
    return Gap(physical=phys, financial=fin, tolerance=limit, kind=kind)


# --------------------------------------------------------------------------- rollups


@dataclass(frozen=True)
class Item:
    """One sub kegiatan (or any budgeted line) as input to a rollup.

    - `budget`: the pagu in Rp — the weight of the item in every weighted figure.
    - `physical`: cumulative physical realization in %, None when not reported. (For an
      indicator counted in its own unit, pass its `achievement()` here with target 100.)
    - `physical_target`: the annual physical target in % (default 100); None or 0 = no target,
      and the item then takes no part in the weighted achievement.
    - `physical_plan`: the planned cumulative physical progress (%) for the same date, if any.
    - `financial`: cumulative Rp realized, None when not reported.
    - `financial_target`: the annual Rp target; None means the budget.
    """

    budget: Decimal
    physical: Decimal | None = None
    physical_target: Decimal | None = PERCENT
    physical_plan: Decimal | None = None
    financial: Decimal | None = None
    financial_target: Decimal | None = None

    def __post_init__(self) -> None:
        # Normalise ints to Decimal so every sum below is Decimal arithmetic.
        for name in (
            "budget",
            "physical",
            "physical_target",
            "physical_plan",
            "financial",
            "financial_target",
        ):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _dec(value, name))
        if self.budget < 0:
            raise ValueError(f"a budget cannot be negative: {self.budget}")


@dataclass(frozen=True)
class Rollup:
    """Budget-weighted aggregate of items, kept as plain sums.

    Because every field is a sum, `a + b` is associative and commutative with `Rollup()` as
    identity: the rollup of sub-rollups equals the rollup of all their items, at any level and
    in any grouping. Each field is also one SQL aggregate, so the database can build a Rollup
    directly (`Rollup(count=…, budget=Sum("budget"), …)`) instead of loading items.

    Unreported realization (None) counts as 0 against the item's full weight: the money and the
    output are still owed, and a unit must not raise its average by not reporting (`reported`
    tells how many items did report). Ratios with zero total weight are None, not an error.

    Fields (b = item budget, p = physical % or 0, t = physical target %, a = p ÷ t × 100):
    - count: items; reported: items with a physical realization
    - budget: Σ b
    - physical_sum: Σ b·p
    - achievement_weight: Σ b over items with t > 0; achievement_sum: Σ b·a over those items
    - plan_weight: Σ b over items with a plan for the date; plan_sum: Σ b·plan over those
      items; plan_realization_sum: Σ b·p over the same items (so plan and realization compare
      the same items)
    - financial: Σ Rp realized (unreported = 0); financial_target: Σ annual Rp target
      (budget where no target is given)
    """

    count: int = 0
    reported: int = 0
    budget: Decimal = ZERO
    physical_sum: Decimal = ZERO
    achievement_weight: Decimal = ZERO
    achievement_sum: Decimal = ZERO
    plan_weight: Decimal = ZERO
    plan_sum: Decimal = ZERO
    plan_realization_sum: Decimal = ZERO
    financial: Decimal = ZERO
    financial_target: Decimal = ZERO

    @classmethod
    def of(cls, item: Item) -> Rollup:
        """The rollup of a single item."""
        weight = item.budget
        progress = item.physical if item.physical is not None else ZERO
        score = achievement(progress, item.physical_target)
        planned = item.physical_plan is not None
        return cls(
            count=1,
            reported=int(item.physical is not None),
            budget=weight,
            physical_sum=_EXACT.multiply(weight, progress),
            achievement_weight=weight if score is not None else ZERO,
            achievement_sum=_EXACT.multiply(weight, score) if score is not None else ZERO,
            plan_weight=weight if planned else ZERO,
            plan_sum=_EXACT.multiply(weight, item.physical_plan) if item.physical_plan is not None else ZERO,
            plan_realization_sum=_EXACT.multiply(weight, progress) if planned else ZERO,
            financial=item.financial if item.financial is not None else ZERO,
            financial_target=item.financial_target if item.financial_target is not None else weight,
        )

    def __add__(self, other: Rollup) -> Rollup:
        if not isinstance(other, Rollup):
            return NotImplemented
        return Rollup(
            count=self.count + other.count,
            reported=self.reported + other.reported,
            budget=_EXACT.add(self.budget, other.budget),
            physical_sum=_EXACT.add(self.physical_sum, other.physical_sum),
            achievement_weight=_EXACT.add(self.achievement_weight, other.achievement_weight),
            achievement_sum=_EXACT.add(self.achievement_sum, other.achievement_sum),
            plan_weight=_EXACT.add(self.plan_weight, other.plan_weight),
            plan_sum=_EXACT.add(self.plan_sum, other.plan_sum),
            plan_realization_sum=_EXACT.add(self.plan_realization_sum, other.plan_realization_sum),
            financial=_EXACT.add(self.financial, other.financial),
            financial_target=_EXACT.add(self.financial_target, other.financial_target),
        )

    @property
    def physical_progress(self) -> Decimal | None:
        """Budget-weighted cumulative physical progress, % (Σ b·p ÷ Σ b)."""
        return _ratio(self.physical_sum, self.budget)

    @property
    def physical_achievement(self) -> Decimal | None:
        """Budget-weighted physical achievement against annual targets, % (Σ b·a ÷ Σ b over
        items that have a target). This is the group's *capaian* and what gets a band."""
        return _ratio(self.achievement_sum, self.achievement_weight)

    @property
    def financial_achievement(self) -> Decimal | None:
        """Rp realized against the annual Rp target, % (a ratio of sums: each item weighs by
        its target)."""
        return achievement(self.financial, self.financial_target)

    @property
    def absorption(self) -> Decimal | None:
        """Rp realized against the budget ceiling (pagu), %."""
        return absorption(self.financial, self.budget)

    @property
    def physical_plan(self) -> Decimal | None:
        """Budget-weighted planned physical progress for the date, % (items with a plan)."""
        return _ratio(self.plan_sum, self.plan_weight)

    @property
    def physical_plan_realization(self) -> Decimal | None:
        """Budget-weighted physical realization of the items that have a plan, % — the figure
        to set against `physical_plan` (equal to `physical_progress` when every item has one)."""
        return _ratio(self.plan_realization_sum, self.plan_weight)

    @property
    def physical_deviation(self) -> Decimal | None:
        """`physical_plan_realization` − `physical_plan`, points; negative = behind plan."""
        return deviation(self.physical_plan_realization, self.physical_plan)

    def band(self, bands: Sequence[BandBound] = BANDS) -> Band | None:
        """The band of `physical_achievement`."""
        return band(self.physical_achievement, bands)

    def gap(self, tolerance: Decimal | int = DEFAULT_GAP_TOLERANCE) -> Gap | None:
        """Financial against physical achievement (both vs annual targets), classified."""
        return physical_financial_gap(self.physical_achievement, self.financial_achievement, tolerance)


EMPTY_ROLLUP = Rollup()


def rollup(parts: Iterable[Item | Rollup]) -> Rollup:
    """Combine items and/or rollups into one rollup (empty input → `Rollup()`, whose ratios are
    all None). `rollup([rollup(a), rollup(b)]) == rollup([*a, *b])`, exactly."""
    total = EMPTY_ROLLUP
    for part in parts:
        total = total + (Rollup.of(part) if isinstance(part, Item) else part)
    return total


# --------------------------------------------------------------------------- early warning


class Trend(enum.StrEnum):
    """Quarter-on-quarter direction of a cumulative figure."""

    UP = "up"
    FLAT = "flat"
    DOWN = "down"


@dataclass(frozen=True)
class Trajectory:
    """Where a cumulative figure stands against its year-end target, as of the end of a quarter.

    - `as_of`: the quarter just ended (0 = the year has not started); `latest_quarter`: the
      last quarter ≤ `as_of` with a report (None when none). `current` is that report's value
      (0 when none): a cumulative figure stands where it was last reported.
    - `remaining`: points still to make (0 once reached); `required_per_quarter`: `remaining`
      spread evenly over the `remaining_quarters` (None when the year is over);
      `required_path`: the cumulative values that path reaches at the end of each remaining
      quarter.
    - Gains are per quarter, from 0 at the start of the year; across a missing quarter the gain
      of the span is spread evenly (TW I 10, TW III 40 → 15 in TW II and 15 in TW III).
      `best_gain` is the largest, `last_gain` the most recent one.
    - Projection (linear): `average_gain` = `current` ÷ `as_of` (the average quarterly gain of
      the elapsed year, counting quarters without a report as elapsed); `projection` = `current`
      + `average_gain` × `remaining_quarters`, i.e. `current` × 4 ÷ `as_of`. It is the raw
      extrapolation and is never capped (a unit at 66 % after TW II projects 132 %); pages show
      `projection_capped` (at most `ceiling`, e.g. 100 % for physical progress, which cannot
      pass it) with `projection_above_target`, and say what it rests on: `reported_quarters`,
      the quarters ≤ `as_of` with a report.
    - `trend`: the last reported value against the one before it (or the year's start at 0):
      UP / FLAT / DOWN. On a cumulative figure FLAT means no progress in that span and DOWN a
      correction.
    - `at_risk` (the early warning): the target is not reached, at least one quarter has
      elapsed, and either no quarter remains or `required_per_quarter` exceeds `best_gain`
      (0 when nothing was reported) — the unit would have to do better in every remaining
      quarter than in its best quarter so far. Example: 60 % at the end of TW III against a
      90 % goal needs 30 points in TW IV; its best quarter made 20, so it is at risk.
      (`projection_shortfall` gives the gentler linear reading for display.)
    """

    target: Decimal
    as_of: int
    latest_quarter: int | None
    current: Decimal
    remaining_quarters: int
    remaining: Decimal
    required_per_quarter: Decimal | None
    required_path: tuple[Decimal, ...]
    average_gain: Decimal | None
    best_gain: Decimal | None
    last_gain: Decimal | None
    projection: Decimal | None
    trend: Trend | None
    reached: bool
    at_risk: bool
    reported_quarters: tuple[int, ...] = ()
    ceiling: Decimal | None = None
    """The most the figure can reach (100 for physical progress %), given by the caller; None:
    no bound (Rp). Only `projection_capped` reads it."""

    @property
    def projection_shortfall(self) -> Decimal | None:
        """Target − projection in points (negative = projected to exceed), None without one."""
        if self.projection is None:
            return None
        return _EXACT.subtract(self.target, self.projection)

    @property
    def projection_capped(self) -> Decimal | None:
        """The projection as pages show it: at most `ceiling` (a linear pace of 66 % after TW II
        "projects" 132 % physical progress, which no activity can make). `projection` keeps the
        raw value. None without a projection."""
        if self.projection is None:
            return None
        if self.ceiling is not None and self.projection > self.ceiling:
            return self.ceiling
        return self.projection

    @property
    def projection_above_target(self) -> bool:
        """The pace so far passes the target by year-end (compared as presented): shown as
        "above target" beside the capped projection."""
        return self.projection is not None and round_percent(self.projection) > round_percent(self.target)


ProgressByQuarter = Mapping[int, Decimal | int | None] | Sequence[Decimal | int | None]


def _by_quarter(progress: ProgressByQuarter) -> dict[int, Decimal]:
    """Reported cumulative values keyed by quarter 1–4 (None entries dropped). A sequence is
    read as TW I, TW II, … ."""
    pairs = progress.items() if isinstance(progress, Mapping) else enumerate(progress, start=1)
    result: dict[int, Decimal] = {}
    for quarter, value in pairs:
        if isinstance(quarter, bool) or not isinstance(quarter, int) or not 1 <= quarter <= QUARTERS:
            raise ValueError(f"a quarter is 1 to {QUARTERS}, not {quarter!r}")
        if value is not None:
            result[quarter] = _dec(value, f"progress in quarter {quarter}")
    return result


def _trend(previous: Decimal, latest: Decimal) -> Trend:
    before, now = round_percent(previous), round_percent(latest)
    if now > before:
        return Trend.UP
    if now < before:
        return Trend.DOWN
    return Trend.FLAT


def trajectory(
    progress: ProgressByQuarter,
    target: Decimal | int,
    *,
    as_of: int | None = None,
    ceiling: Decimal | int | None = None,
) -> Trajectory:
    """The early warning for one cumulative figure (physical progress %, achievement %, or Rp —
    `target` is in the same unit): see `Trajectory` for every field and the exact rules.

    `progress` gives cumulative values per quarter, as `{1: …, 3: …}` or `[q1, q2, None, …]`;
    missing quarters are allowed. `as_of` is the quarter just ended (0–4); by default the last
    quarter reported (0 when none). Reports after `as_of` are ignored. `ceiling`: the most the
    figure can reach (100 for physical progress), for `Trajectory.projection_capped`."""
    reports = _by_quarter(progress)
    goal = _dec(target, "target")
    if goal < 0:
        raise ValueError(f"a target cannot be negative: {goal}")
    if as_of is None:
        as_of = max(reports, default=0)
    elif isinstance(as_of, bool) or not 0 <= as_of <= QUARTERS:
        raise ValueError(f"as_of is a quarter 0 to {QUARTERS}, not {as_of!r}")

    points: list[tuple[int, Decimal]] = [(0, ZERO)]
    points += [(q, reports[q]) for q in sorted(reports) if q <= as_of]
    latest_quarter, current = points[-1]

    gains = [
        _DIVISION.divide(_EXACT.subtract(v2, v1), Decimal(q2 - q1)) for (q1, v1), (q2, v2) in pairwise(points)
    ]
    best_gain = max(gains) if gains else None
    last_gain = gains[-1] if gains else None

    remaining_quarters = QUARTERS - as_of
    reached = round_percent(current) >= round_percent(goal)
    remaining = ZERO if reached else _EXACT.subtract(goal, current)
    required: Decimal | None = None
    required_path: tuple[Decimal, ...] = ()
    if remaining_quarters:
        per_quarter = _DIVISION.divide(remaining, Decimal(remaining_quarters))
        required = per_quarter
        required_path = tuple(
            _EXACT.add(current, _EXACT.multiply(per_quarter, Decimal(k)))
            for k in range(1, remaining_quarters + 1)
        )

    average_gain: Decimal | None = None
    projection: Decimal | None = None
    if as_of:
        average = _DIVISION.divide(current, Decimal(as_of))
        average_gain = average
        projection = _EXACT.add(current, _EXACT.multiply(average, Decimal(remaining_quarters)))

    at_risk = (
        as_of > 0
        and not reached
        and (
            required is None
            or round_percent(required) > round_percent(best_gain if best_gain is not None else ZERO)
        )
    )
    return Trajectory(
        target=goal,
        as_of=as_of,
        latest_quarter=latest_quarter or None,
        current=current,
        remaining_quarters=remaining_quarters,
        remaining=remaining,
        required_per_quarter=required,
        required_path=required_path,
        average_gain=average_gain,
        best_gain=best_gain,
        last_gain=last_gain,
        projection=projection,
        trend=_trend(points[-2][1], current) if len(points) > 1 else None,
        reached=reached,
        at_risk=at_risk,
        reported_quarters=tuple(q for q, _value in points[1:]),
        ceiling=_dec(ceiling, "ceiling") if ceiling is not None else None,
    )
