"""rollups.surely_on_pace only skips activities that achievement.trajectory would not flag: the
early-warning list is the same with and without it, for any reported path."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sinergi.monitoring import achievement
from sinergi.monitoring.rollups import surely_on_pace

percent = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def paths(draw):
    quarters = draw(st.sets(st.integers(1, 4)))
    values = sorted(draw(st.lists(percent, min_size=len(quarters), max_size=len(quarters))))
    return dict(zip(sorted(quarters), values, strict=True))


@given(paths(), percent, st.integers(0, 4))
def test_a_skipped_activity_is_never_at_risk(progress, target, as_of):
    if surely_on_pace(progress, target, as_of):
        assert not achievement.trajectory(progress, target, as_of=as_of).at_risk


def test_it_skips_the_activities_on_pace_and_keeps_the_laggards():
    assert surely_on_pace({1: Decimal(30), 2: Decimal(55)}, Decimal(100), 2)  # needs 22.5/q, averaged 27.5
    assert not surely_on_pace({1: Decimal(10), 2: Decimal(20)}, Decimal(100), 2)
    assert not surely_on_pace({1: Decimal(10)}, Decimal(100), 4)  # year over, target missed: decide fully
    assert surely_on_pace({}, Decimal(100), 0)
