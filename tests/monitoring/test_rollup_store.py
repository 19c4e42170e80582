"""monitoring.rollup_store: each government's rollup kept per (year, quarter) so that a province
or the nation adds stored rows. What a user relies on: the stored figures are the live figures,
and after any write — through any door — the next answer reflects it (a stale sum is never
served), including a write that commits while a reader is computing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sinergi.core.roles import Role
from sinergi.core.services import Actor, delete_object, update_object
from sinergi.demo.synthetic import generate
from sinergi.monitoring import rollup_store, rollups, services
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.monitoring.models import GovernmentRollup, RollupStamp
from sinergi.planning.models import Activity
from sinergi.planning.services import set_quarter_targets
from tests.monitoring.conftest import YEAR, make_activity, make_targets, open_period, realization

SYSTEM = Actor.system()


def _stamp(government) -> int:
    row = RollupStamp.objects.filter(government=government).first()
    return row.stamp if row else 0


def _stored(government, quarter=1):
    return rollup_store.stored_government_figures(YEAR, quarter, [government.pk])[government.pk]


def _live(government, quarter=1):
    return rollups.total_figures(Activity.objects.filter(government=government, year=YEAR), quarter)


def _same(a: rollups.Figures, b: rollups.Figures) -> None:
    ra, rb = a.rollup, b.rollup
    assert (ra.count, ra.reported) == (rb.count, rb.reported)
    assert a.completeness == b.completeness
    for name in rollup_store.SUMS:
        assert getattr(ra, name) == pytest.approx(getattr(rb, name), rel=Decimal("1e-9")), name
    assert ra.physical_achievement == pytest.approx(rb.physical_achievement, abs=Decimal("1e-6"))


@pytest.fixture
def plan(world, sample):
    a = make_activity(world.tapem, budget="100000000")
    make_targets(a, ("25", "20000000"), ("50", "50000000"), ("75", "75000000"), ("100", "100000000"))
    b = make_activity(world.bappeda, budget="300000000")
    make_targets(b, ("10", "30000000"))
    realization(a, 1, "20", "15000000", status=S.VERIFIED)
    realization(b, 1, "5", "1000000", status=S.SUBMITTED, submitted_late=True)
    return a, b


def test_stored_figures_are_the_live_figures_warm_and_cold(world, plan):
    cold = _stored(world.kutim)
    assert GovernmentRollup.objects.filter(government=world.kutim, year=YEAR, quarter=1).count() == 1
    warm = _stored(world.kutim)
    _same(cold, _live(world.kutim))
    _same(warm, cold)
    assert cold.rollup.count == 2 and cold.completeness.late == 1
    # a government without activities is stored as zeros, and served as such
    assert _stored(world.mimika).rollup.count == 0


def test_a_stale_stored_row_is_recomputed_not_served(world, plan):
    a, _b = plan
    _stored(world.kutim)
    row = GovernmentRollup.objects.get(government=world.kutim, year=YEAR, quarter=1)
    rollup_store.touch([world.kutim.pk])
    # a write the signals do not see (a raw change), announced only by the stamp:
    type(a).objects.filter(pk=a.pk).update(budget=Decimal("500000000"))
    fresh = _stored(world.kutim)
    assert fresh.rollup.budget == Decimal("800000000")
    assert GovernmentRollup.objects.get(pk=row.pk).stamp == _stamp(world.kutim)


def test_a_write_committed_while_a_reader_computes_does_not_leave_a_current_stale_row(
        world, plan, monkeypatch):
    a, _b = plan
    compute = rollup_store.government_figures

    def compute_then_someone_writes(activities, quarter):
        figures = compute(activities, quarter)  # the reader's snapshot ...
        update_object(SYSTEM, Activity.objects.get(pk=a.pk), {"budget": Decimal("200000000")},
                      expected_version=None)  # ... and a write lands before it stores
        return figures

    monkeypatch.setattr(rollup_store, "government_figures", compute_then_someone_writes)
    served = _stored(world.kutim)
    assert served.rollup.budget == Decimal("400000000")  # what was true when it began
    monkeypatch.undo()
    assert _stored(world.kutim).rollup.budget == Decimal("500000000")  # never the stale sum again


def test_every_door_of_a_write_makes_the_next_answer_current(world, plan, english):
    a, b = plan
    operator = Actor(world.users[Role.UNIT_OPERATOR])
    head = Actor(world.users[Role.UNIT_HEAD])
    steps = []

    def check(label):
        _same(_stored(world.kutim), _live(world.kutim))
        _same(_stored(world.kutim, 2), _live(world.kutim, 2))
        steps.append(label)

    check("start")
    # a single-row update through core.services (post_save of Activity)
    update_object(SYSTEM, a, {"budget": Decimal("150000000")}, expected_version=None)
    check("activity update")
    # quarter targets through planning.services (post_save of QuarterTarget)
    set_quarter_targets(SYSTEM, Activity.objects.get(pk=b.pk), {2: (Decimal("40"), Decimal("90000000"))})
    check("targets")
    # drafts through the workflow's bulk write (core.signals.rows_written), then submit/verify
    open_period(world.kutim, 2)
    drafts = services.save_drafts(operator, [services.Entry(
        Activity.objects.get(pk=a.pk), 2, services.Values(Decimal("45"), Decimal("60000000")))])
    check("draft")
    submitted = services.submit(operator, drafts[0], expected_version=drafts[0].version)
    check("submitted")
    services.verify(head, submitted, expected_version=submitted.version)
    check("verified")
    # a deletion (post_delete; the activity's targets and realizations go with it)
    delete_object(SYSTEM, Activity.objects.get(pk=b.pk))
    check("delete")
    assert _stored(world.kutim, 2).rollup.count == 1
    assert len(steps) == 7


def test_the_generator_announces_what_it_writes(world, sample):
    before = _stored(world.kutim)
    assert before.rollup.count == 0
    generate(scale="kabupaten", government_code=world.kutim.region_id, year=YEAR,
             units_per_government=3, activities_per_unit=2, quarters=1)
    after = _stored(world.kutim)
    assert after.rollup.count > 0
    _same(after, _live(world.kutim))


def test_the_national_rollup_is_the_sum_of_the_stored_governments(client, world, plan):
    client.force_login(world.users[Role.ADMINISTRATOR])
    url = f"/api/v1/monitoring/rollup?year={YEAR}&quarter=1&group_by=region"
    first = client.get(url).json()
    assert first["total"]["activities"] == 2
    a, _b = plan
    update_object(SYSTEM, a, {"budget": Decimal("250000000")}, expected_version=None)
    second = client.get(url).json()
    live = rollups.total_figures(Activity.objects.filter(year=YEAR), 1)
    assert Decimal(str(second["total"]["budget"])) == live.rollup.budget == Decimal("550000000")
    kaltim = next(g for g in second["groups"] if g["code"] == "64")
    assert kaltim["activities"] == 2
