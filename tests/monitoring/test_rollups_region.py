"""Rollups by region: kecamatan within a government (with the bucket of activities located in no
particular kecamatan), governments within a province, provinces within the nation — each one
aggregate query, each a partition whose groups add up to the total, and the nation equal to the
sum of every government's own total (a Rollup is a set of sums)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sinergi.core.roles import Role
from sinergi.core.scope import scoped
from sinergi.monitoring import rollups
from sinergi.monitoring.achievement import Rollup, round_percent
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.planning.models import Activity
from sinergi.regions.choices import RegionLevel
from tests import factories
from tests.monitoring.conftest import make_activity, make_targets, realization

pytestmark = pytest.mark.django_db
D = Decimal
M = D(1_000_000)
EXACT = ("count", "reported", "budget", "physical_sum", "achievement_weight", "plan_weight", "plan_sum",
         "plan_realization_sum", "financial", "financial_target")


def assert_same(got: Rollup, expected: Rollup) -> None:
    for name in EXACT:
        assert getattr(got, name) == getattr(expected, name), name
    assert round_percent(got.physical_achievement) == round_percent(expected.physical_achievement)


@pytest.fixture
def spread(world, sample):
    """Kutai Timur (64.08): A in Sangatta Utara (64.08.04), B in Muara Ancalong (64.08.01),
    C located at the regency (64.08), D without location. The province government (64): P
    located in 64.08. Paser (64.01): Q. Mimika (94.04, another province): R."""
    province = factories.government("64")
    prov_unit = factories.unit(province, "BAPPEDA", "Bappeda Provinsi")
    paser = factories.government("64.01")
    paser_unit = factories.unit(paser, "DINKES", "Dinas Kesehatan")
    a = make_activity(world.tapem, budget="100000000", location_id="64.08.04")
    realization(a, 1, "40", "30000000", status=S.SUBMITTED)
    b = make_activity(world.bappeda, budget="300000000", location_id="64.08.01")
    make_targets(b, ("25", "0"), ("50", "0"), ("60", "0"), ("80", "240000000"))
    realization(b, 1, "60", "90000000", status=S.VERIFIED, submitted_late=True)
    c = make_activity(world.bappeda, budget="100000000", location_id="64.08")
    realization(c, 1, "10", "5000000", status=S.SUBMITTED)
    d = make_activity(world.setda, budget="200000000")  # no location, no report
    p = make_activity(prov_unit, budget="500000000", location_id="64.08")
    realization(p, 1, "80", "100000000", status=S.VERIFIED)
    q = make_activity(paser_unit, budget="50000000")
    realization(q, 1, "50", "0", status=S.DRAFT)  # not reported
    r = make_activity(world.mimika_tapem, budget="999000000")
    realization(r, 1, "30", "1000", status=S.VERIFIED)
    return {"province": province, "paser": paser, "a": a, "b": b, "c": c, "d": d, "p": p, "q": q, "r": r}


def _year(**filters):
    return Activity.objects.filter(year=2025, **filters)


def test_kecamatan_of_one_government(world, spread, django_assert_num_queries):
    with django_assert_num_queries(1):
        result = rollups.region_rollups(rollups.activities_for(world.kutim.pk, 2025), 1,
                                        RegionLevel.DISTRICT)
    # C (located at the regency) and D (no location) are in no kecamatan: the regency's bucket.
    assert set(result) == {"64.08.04", "64.08.01", "64.08"}
    assert (result["64.08.04"].count, result["64.08.04"].budget) == (1, 100 * M)
    assert round_percent(result["64.08.04"].physical_achievement) == D(40)
    # B: 60 % against a year-end target of 80 % = 75 %.
    assert round_percent(result["64.08.01"].physical_achievement) == D(75)
    whole = result["64.08"]
    assert (whole.count, whole.reported, whole.budget) == (2, 1, 300 * M)
    # (100 jt × 10 + 200 jt × 0) ÷ 300 jt.
    assert round_percent(whole.physical_achievement) == D("3.33")
    assert_same(sum(result.values(), Rollup()),
                rollups.total_rollup(rollups.activities_for(world.kutim.pk, 2025), 1))


def test_a_province_government_located_in_a_regency_is_in_its_own_bucket(world, spread):
    result = rollups.region_rollups(rollups.activities_for(spread["province"].pk, 2025), 1,
                                    RegionLevel.DISTRICT)
    assert set(result) == {"64"}
    assert result["64"].count == 1


def test_governments_of_a_province(world, spread, django_assert_num_queries):
    activities = _year(government__region__code__subtree="64")
    with django_assert_num_queries(1):
        result = rollups.region_rollups(activities, 1, RegionLevel.REGENCY)
    # The province government is its own group (P counts there, not in Kutai Timur's).
    assert set(result) == {"64", "64.08", "64.01"}
    for gov, code in ((world.kutim, "64.08"), (spread["province"], "64"), (spread["paser"], "64.01")):
        assert_same(result[code], rollups.total_rollup(rollups.activities_for(gov.pk, 2025), 1))
    assert (result["64.01"].count, result["64.01"].reported) == (1, 0)  # a draft is not reported


def test_nation_is_the_sum_of_provinces_and_of_governments(world, spread, django_assert_num_queries):
    with django_assert_num_queries(1):
        provinces = rollups.region_rollups(_year(), 1, RegionLevel.PROVINCE)
    assert set(provinces) == {"64", "94"}
    governments = rollups.region_rollups(_year(), 1, RegionLevel.REGENCY)
    per_government = {gov.region_id: rollups.total_rollup(rollups.activities_for(gov.pk, 2025), 1)
                      for gov in (world.kutim, world.mimika, spread["province"], spread["paser"])}
    assert set(governments) == set(per_government)
    for code, total in per_government.items():
        assert_same(governments[code], total)
    # Associativity: nation = Σ provinces = Σ governments = one total over everything.
    nation = rollups.total_rollup(_year(), 1)
    assert_same(sum(provinces.values(), Rollup()), nation)
    assert_same(sum(per_government.values(), Rollup()), nation)
    assert_same(provinces["64"], sum((per_government[c] for c in ("64", "64.01", "64.08")), Rollup()))
    assert nation.count == 7 and nation.budget == 2249 * M


def test_figures_carry_completeness_from_the_same_query(world, spread, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = rollups.region_figures(_year(), 1, RegionLevel.PROVINCE)
    east_kalimantan = figures["64"].completeness
    # A, C submitted on time; B late; P verified on time; D, Q not reported.
    assert (east_kalimantan.activities, east_kalimantan.on_time, east_kalimantan.late,
            east_kalimantan.missing) == (6, 3, 1, 2)
    total = rollups.total_figures(_year(), 1)
    summed = sum(figures.values(), rollups.NO_FIGURES)
    assert (total.completeness.activities, total.completeness.on_time, total.completeness.late) == (
        summed.completeness.activities, summed.completeness.on_time, summed.completeness.late)
    assert_same(summed.rollup, total.rollup)


def test_scoped_activities_stay_one_query(world, spread, django_assert_num_queries):
    head = world.users[Role.UNIT_HEAD]  # Setda and its subtree (Tapem)
    head.scope  # noqa: B018 — load the cached scope before counting
    activities = scoped(rollups.activities_for(world.kutim.pk, 2025), head)
    with django_assert_num_queries(1):
        result = rollups.region_rollups(activities, 1, RegionLevel.DISTRICT)
    assert {code: r.count for code, r in result.items()} == {"64.08.04": 1, "64.08": 1}  # A; D
    coordinator = world.users[Role.COORDINATOR]
    coordinator.scope  # noqa: B018
    with django_assert_num_queries(1):
        nation = rollups.region_rollups(scoped(_year(), coordinator), 1, RegionLevel.PROVINCE)
    assert {code: r.count for code, r in nation.items()} == {"64": 4}  # Kutai Timur only


def test_unknown_level_is_refused(world):
    with pytest.raises(ValueError, match="region level"):
        rollups.region_rollups(_year(), 1, RegionLevel.VILLAGE)
