"""Rollups by priority: an activity aligned to several priorities counts fully in each (the
priority rollups overlap and do not sum to the total), computed in one aggregate query and equal
to achievement.rollup() of the same items."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sinergi.monitoring import rollups
from sinergi.monitoring.achievement import Item, round_percent
from sinergi.monitoring.achievement import rollup as pure_rollup
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.planning.models import Priority
from tests.monitoring.conftest import make_activity, make_targets, realization

pytestmark = pytest.mark.django_db
D = Decimal
M = D(1_000_000)


def asta_cita(number: str) -> Priority:
    return Priority.objects.get(framework__government__isnull=True, number=number)


@pytest.fixture
def aligned(world, sample):
    """A (Rp 100 jt, 20 % of 100) → Asta Cita 4 and 6; B (Rp 300 jt, 50 % of 80) → 4;
    C (Rp 100 jt, not reported) → 6; D (Rp 500 jt, 90 %) → no priority; a Mimika activity → 4."""
    p4, p6 = asta_cita("4"), asta_cita("6")
    a = make_activity(world.tapem, budget="100000000")
    a.priorities.set([p4, p6])
    realization(a, 1, "20", "10000000", status=S.SUBMITTED)
    b = make_activity(world.bappeda, budget="300000000")
    make_targets(b, ("20", "0"), ("40", "0"), ("60", "0"), ("80", "300000000"))
    b.priorities.set([p4])
    realization(b, 1, "50", "60000000", status=S.VERIFIED)
    c = make_activity(world.tapem, budget="100000000")
    c.priorities.set([p6])
    realization(c, 1, "70", "70000000", status=S.DRAFT)
    d = make_activity(world.bappeda, budget="500000000")
    realization(d, 1, "90", "1000", status=S.VERIFIED)
    other = make_activity(world.mimika_tapem, budget="999000000")
    other.priorities.set([p4])
    return p4, p6


def test_priority_rollups_count_an_activity_fully_in_each_priority(world, aligned,
                                                                    django_assert_num_queries):
    p4, p6 = aligned
    with django_assert_num_queries(1):
        result = rollups.priority_rollups(rollups.activities_for(world.kutim.pk, 2025), 1)
    assert set(result) == {p4.pk, p6.pk}  # D has no priority; Mimika is another government
    four, six = result[p4.pk], result[p6.pk]
    # Asta Cita 4: A (100 jt, 20 of 100 → 20 %) and B (300 jt, 50 of 80 → 62.5 %):
    # (100·20 + 300·62.5) ÷ 400 = 51.875 %.
    assert (four.count, four.reported, four.budget) == (2, 2, 400 * M)
    assert round_percent(four.physical_achievement) == D("51.88")
    assert four.financial == 70 * M
    # Asta Cita 6: A again, in full, and C (a draft counts as 0): (100·20 + 100·0) ÷ 200 = 10 %.
    assert (six.count, six.reported, six.budget) == (2, 1, 200 * M)
    assert round_percent(six.physical_achievement) == D(10)
    # Double counting: the overlapping groups hold more budget than the government's total
    # minus the unaligned activity (A is in both).
    total = rollups.total_rollup(rollups.activities_for(world.kutim.pk, 2025), 1)
    assert total.budget == 1000 * M
    assert four.budget + six.budget == total.budget - 500 * M + 100 * M


def test_priority_rollup_equals_the_pure_rollup_of_its_items(world, aligned):
    p4, _ = aligned
    got = rollups.priority_rollups(rollups.activities_for(world.kutim.pk, 2025), 1)[p4.pk]
    expected = pure_rollup([
        Item(budget=100 * M, physical=D(20), financial=10 * M),
        Item(budget=300 * M, physical=D(50), physical_target=D(80), financial=60 * M,
             financial_target=300 * M),
    ])
    for name in ("count", "reported", "budget", "physical_sum", "achievement_weight",
                 "financial", "financial_target"):
        assert getattr(got, name) == getattr(expected, name), name
    assert round_percent(got.physical_achievement) == round_percent(expected.physical_achievement)


def test_priority_rollups_follow_the_activities_given(world, aligned):
    p4, p6 = aligned
    only_tapem = rollups.activities_for(world.kutim.pk, 2025).filter(unit=world.tapem)
    result = rollups.priority_rollups(only_tapem, 1)
    assert result[p4.pk].count == 1 and result[p6.pk].count == 2
    assert rollups.priority_rollups(rollups.activities_for(world.kutim.pk, 2024), 1) == {}
