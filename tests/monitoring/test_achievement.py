"""Achievement, bands, rollups, gaps and the early warning (pure rules, no database)."""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.monitoring import achievement as ach
from sinergi.monitoring.achievement import (
    BANDS,
    Band,
    BandBound,
    GapKind,
    Item,
    Rollup,
    Trend,
    band,
    distribution,
    rollup,
    round_percent,
    trajectory,
)

D = Decimal


def test_module_is_plain_python():
    """The rule module must stay importable without Django (ARCHITECTURE: pure domain rules)."""
    tree = ast.parse(Path(ach.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= {
        "__future__",
        "enum",
        "collections",
        "dataclasses",
        "decimal",
        "functools",
        "itertools",
        "typing",
    }


# --------------------------------------------------------------------------- achievement


@pytest.mark.parametrize(
    ("realization", "target", "expected"),
    [
        (D(50), D(100), D(50)),
        (D(0), D(100), D(0)),
        (D("67.89"), D(100), D("67.89")),
        (D(130), D(100), D(130)),  # not capped
        (12, 15, D(80)),  # an indicator in its own unit: 12 of 15 documents
        (D(1), D(3), D("33.33")),  # compared after presentation rounding
        (D("2500000000"), D("4000000000"), D("62.5")),  # Rp
        (D(-5), D(100), D(-5)),  # a correction may be negative: kept, not hidden
    ],
)
def test_achievement(realization, target, expected):
    assert round_percent(ach.achievement(realization, target)) == expected


@pytest.mark.parametrize(
    ("realization", "target"),
    [(D(10), D(0)), (D(10), 0), (D(10), None), (None, D(100)), (None, None), (D(0), D("0.00"))],
)
def test_achievement_without_target_or_realization_is_none(realization, target):
    assert ach.achievement(realization, target) is None


def test_negative_target_is_a_data_error():
    with pytest.raises(ValueError, match="negative"):
        ach.achievement(D(1), D(-1))


@pytest.mark.parametrize("bad", [0.5, "10", True])
def test_floats_strings_and_bools_are_refused(bad):
    with pytest.raises(TypeError):
        ach.achievement(bad, D(100))


def test_non_finite_is_refused():
    with pytest.raises(ValueError, match="finite"):
        ach.achievement(D("NaN"), D(100))


@pytest.mark.parametrize(
    ("function", "args", "expected"),
    [
        (ach.physical_achievement, (D("67.89"),), D("67.89")),  # against the default 100 %
        (ach.physical_achievement, (D(45), D(90)), D(50)),
        (ach.financial_achievement, (D(632), D(1000)), D("63.2")),
        (ach.absorption, (D(750_000_000), D(1_000_000_000)), D(75)),
        (ach.absorption, (D(750_000_000), D(0)), None),
    ],
)
def test_named_achievements(function, args, expected):
    assert function(*args) == expected


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("67.885"), D("67.89")),
        (D("67.884999"), D("67.88")),
        (D("-1.325"), D("-1.33")),  # half up = away from zero
        (D("90.995"), D("91.00")),
        (D(2), D("2.00")),
        (7, D("7.00")),
        (D("123456789012345678901234567890.125"), D("123456789012345678901234567890.13")),
        (None, None),
    ],
)
def test_round_percent(value, shown):
    result = round_percent(value)
    assert result == shown
    if result is not None:
        assert result.as_tuple().exponent == -2


# --------------------------------------------------------------------------- bands


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("-3"), Band.SANGAT_RENDAH),
        (D(0), Band.SANGAT_RENDAH),
        (D(50), Band.SANGAT_RENDAH),
        (D("50.99"), Band.SANGAT_RENDAH),
        (D(51), Band.RENDAH),
        (D("65.99"), Band.RENDAH),
        (D(66), Band.SEDANG),
        (D("75.99"), Band.SEDANG),
        (D(76), Band.TINGGI),
        (D("90.99"), Band.TINGGI),
        (D(91), Band.SANGAT_TINGGI),
        (D(100), Band.SANGAT_TINGGI),
        (D(130), Band.SANGAT_TINGGI),  # above 100 % stays Sangat Tinggi, not capped
        (91, Band.SANGAT_TINGGI),
        # compared as presented: what prints as 91,00 % is Sangat Tinggi
        (D("90.994"), Band.TINGGI),
        (D("90.995"), Band.SANGAT_TINGGI),
        (D("50.9949"), Band.SANGAT_RENDAH),
        (D("50.995"), Band.RENDAH),
    ],
)
def test_band_edges(value, expected):
    assert band(value) is expected


def test_band_of_nothing_is_nothing():
    assert band(None) is None


@pytest.mark.parametrize(
    ("member", "label_id", "label_en"),
    [
        (Band.SANGAT_TINGGI, "Sangat Tinggi", "Very high"),
        (Band.TINGGI, "Tinggi", "High"),
        (Band.SEDANG, "Sedang", "Medium"),
        (Band.RENDAH, "Rendah", "Low"),
        (Band.SANGAT_RENDAH, "Sangat Rendah", "Very low"),
    ],
)
def test_band_labels_and_colours(member, label_id, label_en):
    assert member.label_id == label_id
    assert member.label_en == label_en
    assert re.fullmatch(r"#[0-9a-f]{6}", member.colour)


def test_default_table_is_the_regulation():
    assert [(row.band, row.lower) for row in BANDS] == [
        (Band.SANGAT_TINGGI, 91),
        (Band.TINGGI, 76),
        (Band.SEDANG, 66),
        (Band.RENDAH, 51),
        (Band.SANGAT_RENDAH, None),
    ]
    assert ach.validate_bands(BANDS) == BANDS
    assert len({member.colour for member in Band}) == 5


CUSTOM = (
    BandBound(Band.SANGAT_TINGGI, D(95)),
    BandBound(Band.TINGGI, D(80)),
    BandBound(Band.SANGAT_RENDAH, None),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(D(96), Band.SANGAT_TINGGI), (D(92), Band.TINGGI), (D("79.99"), Band.SANGAT_RENDAH)],
)
def test_configured_band_table(value, expected):
    assert band(value, CUSTOM) is expected


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ((), "at least one"),
        ((BandBound(Band.TINGGI, D(50)),), "open downwards"),
        ((BandBound(Band.TINGGI, None), BandBound(Band.RENDAH, None)), "only the last"),
        (
            (BandBound(Band.TINGGI, D(50)), BandBound(Band.SEDANG, D(60)), BandBound(Band.RENDAH, None)),
            "decrease",
        ),
        (
            (BandBound(Band.TINGGI, D(50)), BandBound(Band.TINGGI, D(40)), BandBound(Band.RENDAH, None)),
            "once",
        ),
    ],
)
def test_invalid_band_tables(table, message):
    with pytest.raises(ValueError, match=message):
        ach.validate_bands(table)
    with pytest.raises(ValueError, match=message):
        band(D(70), table)


def test_distribution_of_39_agencies():
    """ "Of 39 agencies, 7 Sangat Tinggi, 13 Tinggi, 18 Sedang, 1 Sangat Rendah"."""
    values = [D(95)] * 7 + [D(80)] * 13 + [D(70)] * 18 + [D(40)]
    result = distribution(values)
    assert result.as_dict() == {
        Band.SANGAT_TINGGI: 7,
        Band.TINGGI: 13,
        Band.SEDANG: 18,
        Band.RENDAH: 0,
        Band.SANGAT_RENDAH: 1,
    }
    assert list(result.as_dict()) == [row.band for row in BANDS]  # highest first
    assert (result.total, result.rated, result.unrated) == (39, 39, 0)
    assert result[Band.SEDANG] == 18


def test_distribution_counts_unrated_and_adds_up():
    first = distribution([D(91), None, D("50.99")])
    second = distribution([D(91), D(66)])
    combined = first + second
    assert combined == distribution([D(91), None, D("50.99"), D(91), D(66)])
    assert combined[Band.SANGAT_TINGGI] == 2
    assert (combined.rated, combined.unrated, combined.total) == (4, 1, 5)
    assert distribution([]).total == 0


def test_distribution_with_a_configured_table():
    result = distribution([D(96), D(85), D(10)], CUSTOM)
    assert result.as_dict() == {Band.SANGAT_TINGGI: 1, Band.TINGGI: 1, Band.SANGAT_RENDAH: 1}


# --------------------------------------------------------------------------- rollups


def test_rollup_weights_by_budget():
    """Hand-computed: budgets 100, 300, 600 (total 1,000).
    physical  = (100×80 + 300×40 + 600×50) / 1000 = 50 (the unweighted mean would be 56.67)
    absorption = (60 + 150 + 240) / 1000 = 45
    plan (only A and B have one) = (100×90 + 300×50) / 400 = 60, their realization
    (100×80 + 300×40) / 400 = 50, deviation −10."""
    items = [
        Item(budget=D(100), physical=D(80), physical_plan=D(90), financial=D(60)),
        Item(budget=D(300), physical=D(40), physical_plan=D(50), financial=D(150)),
        Item(budget=D(600), physical=D(50), financial=D(240)),
    ]
    total = rollup(items)
    assert (total.count, total.reported, total.budget) == (3, 3, D(1000))
    assert total.physical_progress == D(50)
    assert total.physical_achievement == D(50)
    assert total.absorption == D(45)
    assert total.financial_achievement == D(45)  # the financial target defaults to the budget
    assert total.physical_plan == D(60)
    assert total.physical_plan_realization == D(50)
    assert total.physical_deviation == D(-10)
    assert total.band() is Band.SANGAT_RENDAH
    assert total.gap().kind is GapKind.BALANCED


def test_rollup_weights_achievement_against_each_target():
    """A: 50 of target 50 = 100 %, weight 1; B: 40 of target 80 = 50 %, weight 3;
    C has no physical target and takes no part: (1×100 + 3×50) / 4 = 62.5 %."""
    items = [
        Item(budget=D(1), physical=D(50), physical_target=D(50)),
        Item(budget=D(3), physical=D(40), physical_target=D(80)),
        Item(budget=D(10), physical=D(10), physical_target=None),
    ]
    total = rollup(items)
    assert total.physical_achievement == D("62.5")
    assert total.achievement_weight == D(4)
    assert total.physical_progress == D(270) / D(14)  # progress still weighs every item
    assert total.band() is Band.RENDAH


def test_unreported_items_count_as_zero_against_their_weight():
    items = [
        Item(budget=D(400), physical=D(50), financial=D(100)),
        Item(budget=D(600)),  # has not reported anything
    ]
    total = rollup(items)
    assert (total.count, total.reported) == (2, 1)
    assert total.physical_progress == D(20)
    assert total.physical_achievement == D(20)
    assert total.absorption == D(10)


def test_financial_against_its_own_target():
    total = rollup(
        [
            Item(budget=D(1000), financial=D(300), financial_target=D(600)),
            Item(budget=D(500), financial=D(100), financial_target=D(400)),
        ]
    )
    assert total.financial_achievement == D(40)  # 400 of 1,000
    assert round_percent(total.absorption) == D("26.67")  # 400 of 1,500


@pytest.mark.parametrize(
    "parts",
    [
        [],
        [Item(budget=D(0), physical=D(80), financial=D(0))],
        [Rollup(), Rollup()],
    ],
)
def test_zero_weight_gives_none_not_a_crash(parts):
    total = rollup(parts)
    for name in (
        "physical_progress",
        "physical_achievement",
        "financial_achievement",
        "absorption",
        "physical_plan",
        "physical_plan_realization",
        "physical_deviation",
    ):
        assert getattr(total, name) is None, name
    assert total.band() is None
    assert total.gap() is None


def test_rollup_accepts_ints_and_rejects_bad_items():
    assert Item(budget=5, physical=10).budget == D(5)
    with pytest.raises(ValueError, match="negative"):
        Item(budget=D(-1))
    with pytest.raises(TypeError):
        Item(budget=1.5)  # type: ignore[arg-type]


def test_rollup_levels_unit_government_province():
    """Two units of one government and one of another: the province is the same operation."""
    unit_a = rollup([Item(budget=D(200), physical=D(90)), Item(budget=D(800), physical=D(70))])
    unit_b = rollup([Item(budget=D(1000), physical=D(40))])
    unit_c = rollup([Item(budget=D(2000), physical=D(100))])
    government = unit_a + unit_b
    province = rollup([government, unit_c])
    assert unit_a.physical_progress == D(74)
    assert government.physical_progress == D(57)
    assert province.physical_progress == D("78.5")
    assert distribution(r.physical_achievement for r in (unit_a, unit_b, unit_c)).as_dict() == {
        Band.SANGAT_TINGGI: 1,
        Band.TINGGI: 0,
        Band.SEDANG: 1,
        Band.RENDAH: 0,
        Band.SANGAT_RENDAH: 1,
    }


percent = st.decimals(min_value=-10, max_value=200, places=2)
optional_percent = st.none() | percent
target = st.none() | st.sampled_from([D(0), D(100)]) | st.decimals(min_value="0.01", max_value=150, places=2)
money = st.decimals(min_value=0, max_value=10**14, places=2)
items = st.builds(
    Item,
    budget=money,
    physical=optional_percent,
    physical_target=target,
    physical_plan=optional_percent,
    financial=st.none() | money,
    financial_target=st.none() | money,
)


@st.composite
def partitions(draw, elements):
    """A list and a split of it into consecutive groups, some possibly empty."""
    values = draw(st.lists(elements, max_size=25))
    cuts = sorted(draw(st.lists(st.integers(0, len(values)), max_size=6)))
    bounds = [0, *cuts, len(values)]
    return values, [values[a:b] for a, b in pairwise(bounds)]


@settings(max_examples=200, deadline=None)
@given(partitions(items))
def test_rollup_of_rollups_equals_rollup_of_items(case):
    values, groups = case
    flat = rollup(values)
    assert rollup(rollup(group) for group in groups) == flat
    # and one level deeper: groups of groups (unit → government → province)
    halves = [
        rollup(rollup(g) for g in groups[: len(groups) // 2]),
        rollup(rollup(g) for g in groups[len(groups) // 2 :]),
    ]
    assert rollup(halves) == flat
    assert rollup(reversed(values)) == flat  # order does not matter either


@settings(max_examples=100, deadline=None)
@given(st.lists(items, min_size=3, max_size=3))
def test_rollup_addition_is_associative_with_identity(triple):
    a, b, c = (Rollup.of(item) for item in triple)
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert a + Rollup() == a == Rollup() + a


@settings(max_examples=100, deadline=None)
@given(st.lists(items, max_size=15))
def test_weighted_progress_matches_exact_arithmetic(values):
    weight = sum((Fraction(i.budget) for i in values), Fraction(0))
    expected = None
    if weight:
        expected = sum((Fraction(i.budget) * Fraction(i.physical or 0) for i in values), Fraction(0)) / weight
    result = rollup(values).physical_progress
    if expected is None:
        assert result is None
    else:
        assert abs(Fraction(result) - expected) < Fraction(1, 10**20)


# --------------------------------------------------------------------------- gaps


@pytest.mark.parametrize(
    ("realization", "plan", "expected"),
    [
        (D("67.89"), D("69.21"), D("-1.32")),  # the DOMAIN example
        (D(70), D(60), D(10)),
        (D(60), D(60), D(0)),
        (None, D(60), None),
        (D(60), None, None),
    ],
)
def test_deviation_against_plan(realization, plan, expected):
    assert ach.deviation(realization, plan) == expected


@pytest.mark.parametrize(
    ("physical", "financial", "tolerance", "kind"),
    [
        (D("67.89"), D("63.20"), D(10), GapKind.BALANCED),  # the DOMAIN example
        (D("67.89"), D("63.20"), D(4), GapKind.PROGRESS_AHEAD),
        (D(50), D(60), D(10), GapKind.BALANCED),  # exactly the tolerance: balanced
        (D(50), D("60.01"), D(10), GapKind.SPENDING_AHEAD),
        (D(50), D("60.004"), D(10), GapKind.BALANCED),  # shown as 10,00 points
        (D(50), D("60.005"), D(10), GapKind.SPENDING_AHEAD),  # shown as 10,01 points
        (D(60), D(50), D(10), GapKind.BALANCED),
        (D("60.01"), D(50), D(10), GapKind.PROGRESS_AHEAD),
        (D(5), D(90), D(10), GapKind.SPENDING_AHEAD),  # money spent without progress
        (D(90), D(5), D(10), GapKind.PROGRESS_AHEAD),  # progress without spending
        (D(40), D(40), D(0), GapKind.BALANCED),
        (D(40), D("40.01"), D(0), GapKind.SPENDING_AHEAD),
    ],
)
def test_gap_classification(physical, financial, tolerance, kind):
    gap = ach.physical_financial_gap(physical, financial, tolerance)
    assert gap is not None
    assert gap.kind is kind
    assert gap.financial_lead == financial - physical


def test_gap_default_tolerance_and_missing_sides():
    assert ach.DEFAULT_GAP_TOLERANCE == 10
    assert ach.physical_financial_gap(D(50), D(61)).kind is GapKind.SPENDING_AHEAD
    assert ach.physical_financial_gap(None, D(61)) is None
    assert ach.physical_financial_gap(D(50), None) is None
    with pytest.raises(ValueError, match="negative"):
        ach.physical_financial_gap(D(50), D(50), D(-1))
    assert GapKind.SPENDING_AHEAD.label_en == "Spending ahead of progress"
    assert GapKind.BALANCED.label_id == "Seimbang"


def test_rollup_gap_uses_achievement_against_annual_targets():
    total = rollup([Item(budget=D(1000), physical=D(30), financial=D(700), financial_target=D(1000))])
    gap = total.gap()
    assert (gap.physical, gap.financial, gap.kind) == (D(30), D(70), GapKind.SPENDING_AHEAD)
    assert total.gap(tolerance=D(40)).kind is GapKind.BALANCED


# --------------------------------------------------------------------------- early warning

T = D  # cumulative progress values, for readability in the tables below


@pytest.mark.parametrize(
    ("progress", "target", "as_of", "expected"),
    [
        # DOMAIN: end of TW III, 60 % against a 90 % goal: 30 points in one quarter.
        (
            {3: T(60)},
            90,
            None,
            dict(
                as_of=3,
                current=T(60),
                remaining=T(30),
                required_per_quarter=T(30),
                required_path=(T(90),),
                average_gain=T(20),
                best_gain=T(20),
                projection=T(80),
                at_risk=True,
            ),
        ),
        # the same with every quarter reported, steady 20 a quarter
        (
            [T(20), T(40), T(60), None],
            90,
            None,
            dict(
                as_of=3,
                required_per_quarter=T(30),
                best_gain=T(20),
                last_gain=T(20),
                trend=Trend.UP,
                at_risk=True,
            ),
        ),
        # a 40-point quarter has been done before: 30 is within reach (the projection still falls short)
        (
            [T(10), T(20), T(60)],
            90,
            None,
            dict(best_gain=T(40), projection=T(80), at_risk=False),
        ),
        # TW II missing: the TW I → TW III span is spread, 15 in each quarter
        (
            {1: T(10), 3: T(40)},
            100,
            None,
            dict(
                latest_quarter=3, best_gain=T(15), last_gain=T(15), required_per_quarter=T(60), at_risk=True
            ),
        ),
        # no report for the quarter just ended: the last value stands, the quarter still elapsed
        (
            {1: T(30)},
            100,
            2,
            dict(
                latest_quarter=1,
                current=T(30),
                average_gain=T(15),
                projection=T(60),
                required_per_quarter=T(35),
                required_path=(T(65), T(100)),
                best_gain=T(30),
                at_risk=True,
            ),
        ),
        # needing exactly the best gain so far is not at risk; needing more is
        (
            {2: T(50)},
            100,
            None,
            dict(required_per_quarter=T(25), best_gain=T(25), projection=T(100), at_risk=False),
        ),
        ({2: T("49.98")}, 100, None, dict(best_gain=T("24.99"), at_risk=True)),
        # target reached (or passed): nothing left, never at risk
        ({2: T(95)}, 90, None, dict(reached=True, remaining=T(0), required_per_quarter=T(0), at_risk=False)),
        ({2: T("89.996")}, 90, None, dict(reached=True, at_risk=False)),  # shown as 90,00
        # year over
        (
            {4: T(85)},
            90,
            None,
            dict(remaining_quarters=0, required_per_quarter=None, required_path=(), at_risk=True),
        ),
        ({4: T(100)}, 100, None, dict(reached=True, at_risk=False)),
        # nothing reported by the end of TW I: at risk
        (
            {},
            100,
            1,
            dict(
                latest_quarter=None, current=T(0), best_gain=None, trend=None, projection=T(0), at_risk=True
            ),
        ),
        # the year has not started: nothing to judge
        (
            {},
            100,
            None,
            dict(as_of=0, required_per_quarter=T(25), average_gain=None, projection=None, at_risk=False),
        ),
        # reports after as_of are ignored
        (
            {1: T(20), 2: T(40), 3: T(90)},
            100,
            2,
            dict(current=T(40), latest_quarter=2, required_per_quarter=T(30)),
        ),
        # Rp instead of %
        (
            [1_000, 2_500],
            10_000,
            None,
            dict(remaining=T(7_500), required_per_quarter=T(3_750), projection=T(5_000)),
        ),
    ],
)
def test_trajectory(progress, target, as_of, expected):
    result = trajectory(progress, target, as_of=as_of)
    actual = {name: getattr(result, name) for name in expected}
    assert actual == expected


@pytest.mark.parametrize(
    ("progress", "trend"),
    [
        ([T(10)], Trend.UP),  # against the start of the year
        ([T(0)], Trend.FLAT),
        ([T(20), T(35)], Trend.UP),
        ([T(20), T(20)], Trend.FLAT),
        ([T(20), T("20.004")], Trend.FLAT),  # both shown as 20,00
        ([T(40), T(35)], Trend.DOWN),  # a correction
        ({1: T(20), 3: T(20)}, Trend.FLAT),  # across a missing quarter
        ([T(10), None, T(25), T(20)], Trend.DOWN),
    ],
)
def test_trend(progress, trend):
    assert trajectory(progress, 100).trend is trend


def test_projection_shortfall():
    assert trajectory({3: T(60)}, 90).projection_shortfall == T(10)
    assert trajectory({2: T(60)}, 90).projection_shortfall == T(-30)
    assert trajectory({}, 90).projection_shortfall is None


def test_projection_is_shown_capped_with_its_basis_and_kept_raw():
    """Issue 16: 66.175 % after TW II projects 132.35 % physical progress, which no activity can
    make. The raw projection stays (projection_shortfall, sorting), the shown one stops at the
    ceiling and says "above target"; the quarters it rests on are listed."""
    path = trajectory({1: T(30), 2: T("66.175")}, 100, ceiling=100)
    assert round_percent(path.projection) == T("132.35")
    assert path.projection_capped == T(100) and path.projection_above_target
    assert path.reported_quarters == (1, 2)
    # Below the ceiling nothing is capped; above a target of 80 it is still "above target".
    below = trajectory({2: T(45)}, 80, ceiling=100)
    assert below.projection_capped == below.projection == T(90) and below.projection_above_target
    # Short of the target: neither capped nor above.
    short = trajectory({1: T(10), 3: T(60)}, 90, ceiling=100)
    assert short.projection_capped == T(80) and not short.projection_above_target
    assert short.reported_quarters == (1, 3)
    # Without a ceiling (Rp) nothing is capped; reports after as_of are not its basis.
    money = trajectory({1: T(6_000), 2: T(9_000)}, 10_000, as_of=1)
    assert money.projection_capped == money.projection == T(24_000) and money.reported_quarters == (1,)
    assert trajectory({}, 90).projection_capped is None and not trajectory({}, 90).projection_above_target


@pytest.mark.parametrize(
    ("progress", "target", "as_of"),
    [
        ({5: T(10)}, 100, None),
        ({0: T(10)}, 100, None),
        ([T(1)] * 5, 100, None),
        ({1: T(10)}, -1, None),
        ({1: T(10)}, 100, 5),
        ({1: T(10)}, 100, -1),
    ],
)
def test_trajectory_rejects_bad_input(progress, target, as_of):
    with pytest.raises(ValueError):
        trajectory(progress, target, as_of=as_of)
