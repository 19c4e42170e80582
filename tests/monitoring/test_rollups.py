"""Completeness and budget-weighted rollups computed by the database, checked against a hand-
computed example and against achievement.rollup() on the same items; constant query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.monitoring import rollups
from sinergi.monitoring.achievement import Band, Item, round_percent
from sinergi.monitoring.achievement import rollup as pure_rollup
from sinergi.monitoring.choices import RealizationStatus as S
from tests.monitoring.conftest import make_activity, make_targets, realization

pytestmark = pytest.mark.django_db
D = Decimal
M = D(1_000_000)


@pytest.fixture
def example(world, sample):
    """Tapem: A (Rp 100 jt, targets to 100 %), B (Rp 300 jt, no targets), C (Rp 100 jt, only a
    draft); Bappeda: E (Rp 200 jt, year-end physical target 80 %). Quarter I."""
    a = make_activity(world.tapem, budget="100000000")
    make_targets(a, ("25", "20000000"), ("50", "50000000"), ("75", "75000000"), ("100", "100000000"))
    b = make_activity(world.tapem, budget="300000000")
    c = make_activity(world.tapem, budget="100000000")
    e = make_activity(world.bappeda, budget="200000000")
    make_targets(e, ("20", "50000000"), ("40", "100000000"), ("60", "150000000"), ("80", "200000000"))
    realization(a, 1, "20", "15000000", status=S.SUBMITTED)
    realization(b, 1, "10", "30000000", status=S.VERIFIED, submitted_late=True)
    realization(c, 1, "90", "90000000", status=S.DRAFT)  # not reported: counts as 0
    realization(e, 1, "44", "60000000", status=S.VERIFIED)
    make_activity(world.mimika_tapem, budget="999000000")  # another government
    return {"a": a, "b": b, "c": c, "e": e}


def _activities(world):
    return rollups.activities_for(world.kutim.pk, 2025)


def test_completeness_by_hand(world, example):
    counts = rollups.completeness(_activities(world), 1)
    tapem, bappeda = counts[world.tapem.pk], counts[world.bappeda.pk]
    assert (tapem.activities, tapem.on_time, tapem.late, tapem.missing) == (3, 1, 1, 1)
    assert round_percent(tapem.rate) == D("66.67")
    assert (bappeda.activities, bappeda.on_time, bappeda.late, bappeda.missing) == (1, 1, 0, 0)
    assert set(counts) == {world.tapem.pk, world.bappeda.pk}
    assert rollups.completeness(_activities(world), 2)[world.tapem.pk].missing == 3


def test_unit_rollups_by_hand(world, example):
    result = rollups.unit_rollups(_activities(world), 1)
    tapem = result[world.tapem.pk]
    # Σb = 500 jt; Σb·p = 100·20 + 300·10 + 100·0 = 5000 (jt·%) -> 10 %.
    assert (tapem.count, tapem.reported, tapem.budget) == (3, 2, 500 * M)
    assert round_percent(tapem.physical_progress) == D(10)
    assert round_percent(tapem.physical_achievement) == D(10)  # every target is 100 %
    # Only A has a plan for TW I (25 %); its realization is 20 %: deviation −5 points.
    assert round_percent(tapem.physical_plan) == D(25)
    assert round_percent(tapem.physical_deviation) == D(-5)
    # Rp 45 jt of an annual Rp target of 100 + 300 + 100 jt.
    assert tapem.financial == 45 * M and tapem.financial_target == 500 * M
    assert round_percent(tapem.financial_achievement) == D(9)
    assert tapem.band() == Band.SANGAT_RENDAH
    bappeda = result[world.bappeda.pk]
    # 44 % against a year-end target of 80 %: achievement 55 %.
    assert round_percent(bappeda.physical_achievement) == D(55)
    assert bappeda.band() == Band.RENDAH
    assert round_percent(bappeda.physical_deviation) == D(24)
    assert round_percent(bappeda.absorption) == D(30)


def test_database_rollup_equals_the_pure_rollup_of_the_same_items(world, example):
    a, b, c, e = example["a"], example["b"], example["c"], example["e"]
    items = {
        world.tapem.pk: [
            Item(budget=100 * M, physical=D(20), physical_target=D(100), physical_plan=D(25),
                 financial=15 * M, financial_target=100 * M),
            Item(budget=300 * M, physical=D(10), financial=30 * M),
            Item(budget=100 * M),  # a draft is not reported
        ],
        world.bappeda.pk: [
            Item(budget=200 * M, physical=D(44), physical_target=D(80), physical_plan=D(20),
                 financial=60 * M, financial_target=200 * M),
        ],
    }
    assert {a.unit_id, b.unit_id, c.unit_id, e.unit_id} == set(items)
    database = rollups.unit_rollups(_activities(world), 1)
    for unit_id, unit_items in items.items():
        expected, got = pure_rollup(unit_items), database[unit_id]
        assert (got.count, got.reported) == (expected.count, expected.reported)
        for name in ("budget", "physical_sum", "achievement_weight", "plan_weight", "plan_sum",
                     "plan_realization_sum", "financial", "financial_target"):
            assert getattr(got, name) == getattr(expected, name), name
        assert round_percent(got.achievement_sum) == round_percent(expected.achievement_sum)
        for ratio in ("physical_progress", "physical_achievement", "physical_deviation",
                      "financial_achievement", "absorption"):
            assert round_percent(getattr(got, ratio)) == round_percent(getattr(expected, ratio)), ratio
    total = rollups.total_rollup(_activities(world), 1)
    combined = database[world.tapem.pk] + database[world.bappeda.pk]
    assert total.count == combined.count == 4
    assert round_percent(total.physical_achievement) == round_percent(combined.physical_achievement)
    assert round_percent(total.physical_achievement) == round_percent(
        pure_rollup([*items[world.tapem.pk], *items[world.bappeda.pk]]).physical_achievement)


def test_a_non_integer_ratio_is_not_truncated(world, sample):
    """SQLite stores 1.00 as the integer 1: the division must still be a decimal one."""
    activity = make_activity(world.tapem, budget="1")
    make_targets(activity, ("10", "0"), ("20", "0"), ("50", "0"), ("75", "1"))
    realization(activity, 1, "10", "0", status=S.SUBMITTED)
    r = rollups.unit_rollups(_activities(world), 1)[world.tapem.pk]
    assert round_percent(r.physical_achievement) == D("13.33")


def test_summary_sorted_by_achievement_with_the_early_warning(world, example):
    units = [world.setda, world.tapem, world.bappeda, world.kec_sangatta]
    rows = rollups.unit_summary(_activities(world), 1, units)
    assert [row.unit for row in rows] == [world.bappeda, world.tapem]
    # Tapem made 10 points in TW I and needs 30 per remaining quarter: at risk.
    assert rows[1].at_risk and rows[1].trajectory.as_of == 1
    risks = {r.activity_id for r in rollups.activities_at_risk(_activities(world), 1)}
    assert example["c"].pk in risks and example["b"].pk in risks
    assert example["e"].pk not in risks  # 44 of 80: 12 per quarter to go, best gain 44


def _many(world, n):
    for i in range(n):
        activity = make_activity(world.tapem if i % 2 else world.bappeda, budget="1000000")
        make_targets(activity, ("10", "0"), ("20", "0"), ("50", "0"), ("100", "1000000"))
        realization(activity, 1, "10", "1000", status=S.SUBMITTED)


@pytest.mark.parametrize("n", [3, 30])
def test_rollup_queries_do_not_grow_with_activities(world, sample, n, django_assert_max_num_queries):
    _many(world, n)
    units = [world.setda, world.tapem, world.bappeda, world.kec_sangatta]
    # Completeness 1, rollups 1, trajectories 1 per elapsed quarter (here 1), total 1.
    with django_assert_max_num_queries(4):
        rows = rollups.unit_summary(_activities(world), 1, units)
        rollups.total_rollup(_activities(world), 1)
    assert sum(r.rollup.count for r in rows) == n


def test_at_risk_queries_do_not_grow(world, sample):
    _many(world, 3)
    with CaptureQueriesContext(connection) as small:
        rollups.activities_at_risk(_activities(world), 2)
    _many(world, 27)
    with CaptureQueriesContext(connection) as large:
        rollups.activities_at_risk(_activities(world), 2)
    assert len(small) == len(large) == 2
