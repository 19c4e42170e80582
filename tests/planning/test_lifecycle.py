"""The plan a government adopted stays adopted (issue 16): draft → adopted (DPA, locked) →
revised through numbered revisions that keep the version before, show what changed, and are
measured quarter by quarter against the version in force."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor, update_object
from sinergi.monitoring.choices import PeriodStatus, RealizationStatus
from sinergi.monitoring.models import ReportingPeriod
from sinergi.monitoring.rollups import total_rollup
from sinergi.planning import lifecycle
from sinergi.planning.choices import PlanStatus, RevisionKind
from sinergi.planning.models import Activity, ActivityInForce, Milestone, PlanRevision
from sinergi.planning.services import set_quarter_targets
from sinergi.regions.choices import CoordinationCovers, CoordinationPurpose
from sinergi.regions.models import Coordination
from tests.monitoring.conftest import open_period, realization
from tests.planning.conftest import make_activity, make_targets

YEAR = 2025


@pytest.fixture
def plan(world, sample):
    """Two activities of the operator's unit (Tata Pemerintahan), 100 million each."""
    a = make_activity(world.tapem, year=YEAR, budget="100000000")
    b = make_activity(world.tapem, year=YEAR, budget="100000000", name="Kegiatan B")
    for activity in (a, b):
        make_targets(activity, ("25", "25000000"), ("50", "50000000"), ("75", "75000000"),
                     ("100", "100000000"))
    return a, b


def actor(world, role) -> Actor:
    return Actor(world.users[role])


def adopt(world, role=Role.COORDINATOR):
    return lifecycle.adopt(actor(world, role), world.kutim, YEAR, reference="DPA-SKPD 900/12/2025",
                           decided_on=dt.date(2025, 1, 2))


@pytest.mark.django_db
def test_a_draft_is_the_units_to_change_an_adopted_plan_nobodys(world, plan):
    a, _b = plan
    operator = actor(world, Role.UNIT_OPERATOR)
    a = update_object(operator, a, {"budget": Decimal("120000000")}, expected_version=a.version)
    assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.DRAFT

    revision = adopt(world)
    assert (revision.number, revision.kind) == (0, RevisionKind.DPA)
    assert revision.snapshot[str(a.pk)]["budget"] == "120000000.00"
    for who in (Role.UNIT_OPERATOR, Role.UNIT_HEAD, Role.COORDINATOR, Role.ADMINISTRATOR):
        with pytest.raises(ValidationError) as caught:
            update_object(actor(world, who), Activity.objects.get(pk=a.pk),
                          {"budget": Decimal("130000000")}, expected_version=None)
        assert caught.value.code == "plan_locked"
    with pytest.raises(ValidationError):  # nor a sub kegiatan, nor the targets
        set_quarter_targets(operator, a, {4: (Decimal("90"), Decimal("100000000"))})
    with pytest.raises(ValidationError):  # nor a new activity of that year
        from sinergi.core.services import create_object

        create_object(operator, Activity(unit=world.tapem, year=YEAR, nomenclature_id=a.nomenclature_id,
                                         budget=Decimal(5)).sync_government())
    assert Activity.objects.get(pk=a.pk).budget == Decimal("120000000")
    # Another year's plan is still a draft.
    other = make_activity(world.tapem, year=YEAR + 1)
    update_object(operator, other, {"budget": Decimal("7")}, expected_version=other.version)


@pytest.mark.django_db
def test_milestone_achievement_is_progress_and_stays_open(world, plan):
    a, _b = plan
    stone = Milestone.objects.create(activity=a, order=1, name="M1 Pemetaan",
                                     planned_date=dt.date(2025, 3, 1))
    adopt(world)
    operator = actor(world, Role.UNIT_OPERATOR)
    stone = update_object(operator, stone, {"achieved_date": dt.date(2025, 3, 10), "evidence": "BA no. 5"},
                          expected_version=stone.version)
    assert stone.achieved_date == dt.date(2025, 3, 10)
    with pytest.raises(ValidationError):
        update_object(operator, stone, {"planned_date": dt.date(2025, 6, 1)}, expected_version=None)


@pytest.mark.django_db
def test_a_revision_keeps_the_version_before_and_says_what_changed(world, plan):
    _a, b = plan
    adopt(world)
    coordinator = actor(world, Role.COORDINATOR)
    plan_row = lifecycle.plan_of(world.kutim.pk, YEAR)
    revision = lifecycle.start_revision(coordinator, plan_row, kind=RevisionKind.PERUBAHAN,
                                        effective_quarter=3, reference="Perda 5/2025")
    assert revision.number == 1 and lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.REVISING
    # During the revision only those who manage the plan change it.
    with pytest.raises(ValidationError):
        update_object(actor(world, Role.UNIT_OPERATOR), Activity.objects.get(pk=b.pk),
                      {"budget": Decimal("1")}, expected_version=None)
    b = update_object(coordinator, Activity.objects.get(pk=b.pk), {"budget": Decimal("300000000")},
                      expected_version=None)
    set_quarter_targets(coordinator, b, {3: (Decimal("60"), Decimal("200000000")),
                                         4: (Decimal("100"), Decimal("300000000"))})
    pending = lifecycle.revision_diff(revision)
    assert [c.activity_id for c in pending.changes] == [b.pk]
    adopted = lifecycle.adopt_revision(coordinator, lifecycle.plan_of(world.kutim.pk, YEAR))
    assert adopted.snapshot[str(b.pk)]["budget"] == "300000000.00"
    assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.ADOPTED

    # The DPA is kept as it was; the revision's diff names the pagu and the targets.
    dpa = PlanRevision.objects.get(plan__government=world.kutim, plan__year=YEAR, number=0)
    assert dpa.snapshot[str(b.pk)]["budget"] == "100000000.00"
    change = lifecycle.revision_diff(adopted).changes[0]
    assert (change.budget_before, change.budget_after) == (Decimal("100000000"), Decimal("300000000"))
    assert any("TW III" in what or "III" in what for what, _before, _after in change.fields)
    assert lifecycle.revision_diff(adopted).budget_delta == Decimal("200000000")
    # Audited: the plan's status changes and both versions.
    assert AuditEvent.objects.filter(content_type__model="planrevision").count() >= 3
    # Figures in force: TW I–II the DPA's, TW III–IV the revision's.
    in_force = dict(ActivityInForce.objects.filter(activity=b).values_list("quarter", "budget"))
    assert in_force == {1: Decimal("100000000"), 2: Decimal("100000000"),
                        3: Decimal("300000000"), 4: Decimal("300000000")}


@pytest.mark.django_db
def test_each_quarter_is_measured_against_the_version_in_force(world, plan):
    a, b = plan
    for quarter, (pa, pb) in ((2, ("50", "0")), (3, ("75", "0"))):
        realization(a, quarter, physical=pa, financial="1000", status=RealizationStatus.VERIFIED)
        realization(b, quarter, physical=pb, financial="0", status=RealizationStatus.VERIFIED)
    activities = Activity.objects.filter(government=world.kutim, year=YEAR)
    before_q2 = total_rollup(activities, 2).physical_achievement
    before_q3 = total_rollup(activities, 3).physical_achievement
    adopt(world)
    coordinator = actor(world, Role.COORDINATOR)
    lifecycle.start_revision(coordinator, lifecycle.plan_of(world.kutim.pk, YEAR),
                             kind=RevisionKind.PERGESERAN, effective_quarter=3)
    update_object(coordinator, Activity.objects.get(pk=b.pk), {"budget": Decimal("300000000")},
                  expected_version=None)
    set_quarter_targets(coordinator, Activity.objects.get(pk=b.pk),
                        {q: (Decimal(p), Decimal(f)) for q, (p, f) in
                         {1: ("25", "75000000"), 2: ("50", "150000000"), 3: ("75", "225000000"),
                          4: ("100", "300000000")}.items()})
    lifecycle.adopt_revision(coordinator, lifecycle.plan_of(world.kutim.pk, YEAR))

    # TW II is still measured with equal weights (50 % and 0 % of their targets: 50 %) ...
    assert total_rollup(activities, 2).physical_achievement == before_q2 == Decimal("25.00")
    # ... TW III with the revised pagu: B weighs three times A (75 % and 0 %: 18,75 %, where the
    # DPA's equal weights gave 37,5 %).
    assert before_q3 == Decimal("37.50")
    assert total_rollup(activities, 3).physical_achievement == Decimal("18.75")
    # The forecast's one-query series reads the same figures in force.
    from sinergi.monitoring.rollups import unit_achievement_series, unit_rollups

    series = unit_achievement_series(activities, [2, 3])
    for q in (2, 3):
        assert {u: v[q] for u, v in series.items()} == {
            u: r.physical_achievement for u, r in unit_rollups(activities, q).items()}


@pytest.mark.django_db
def test_revision_rules(world, plan):
    coordinator = actor(world, Role.COORDINATOR)
    adopt(world)
    with pytest.raises(ValidationError):  # adopted once
        adopt(world)
    period = open_period(world.kutim, 2, year=YEAR)
    ReportingPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.CLOSED)
    plan_row = lifecycle.plan_of(world.kutim.pk, YEAR)
    with pytest.raises(ValidationError) as caught:  # a closed quarter keeps its measure
        lifecycle.start_revision(coordinator, plan_row, kind=RevisionKind.PERUBAHAN, effective_quarter=2)
    assert "effective_quarter" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        lifecycle.start_revision(actor(world, Role.UNIT_OPERATOR), plan_row, kind=RevisionKind.PERUBAHAN,
                                 effective_quarter=3)
    lifecycle.start_revision(coordinator, plan_row, kind=RevisionKind.PERUBAHAN, effective_quarter=3)
    with pytest.raises(ValidationError):  # one at a time
        lifecycle.start_revision(coordinator, lifecycle.plan_of(world.kutim.pk, YEAR),
                                 kind=RevisionKind.PERGESERAN, effective_quarter=4)


@pytest.mark.django_db
def test_empty_plan_is_not_adopted(world, sample):
    with pytest.raises(ValidationError):
        adopt(world)


@pytest.mark.django_db
def test_bappeda_head_manages_the_plan_through_its_designation(world, plan):
    head = world.users[Role.UNIT_HEAD]  # head of the Sekretariat Daerah
    assert not lifecycle.may_manage(head, world.kutim.pk)
    Coordination.objects.create(government=world.kutim, unit=world.setda,
                                purpose=CoordinationPurpose.PLANNING, covers=CoordinationCovers.ALL_UNITS)
    head = type(head).objects.get(pk=head.pk)  # a fresh scope
    assert lifecycle.may_manage(head, world.kutim.pk)
    assert not lifecycle.may_manage(head, world.mimika.pk)
    assert not lifecycle.may_manage(world.users[Role.UNIT_OPERATOR], world.kutim.pk)


# ---------------------------------------------------------------------------- pages


@pytest.mark.django_db
def test_pages_adopt_with_confirmation_and_lock_the_forms(client, world, plan):
    a, _b = plan
    url = reverse("planning:plan_detail", args=[world.kutim.pk, YEAR])
    client.force_login(world.users[Role.COORDINATOR])
    page = client.get(url).content.decode()
    assert "Adopt the plan" in page or "Tetapkan" in page
    adopt_url = reverse("planning:plan_adopt", args=[world.kutim.pk, YEAR])
    response = client.post(adopt_url, {"reference": "DPA 1"})  # without the confirmation
    assert response.status_code == 400
    assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.DRAFT
    response = client.post(adopt_url, {"reference": "DPA 1", "confirm": "on"})
    assert response.status_code == 302
    assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.ADOPTED

    # The operator's edit form refuses with the reason, nothing saved; the detail page says why
    # and offers no edit button.
    client.force_login(world.users[Role.UNIT_OPERATOR])
    detail = client.get(a.get_absolute_url()).content.decode()
    assert 'data-testid="plan-lock"' in detail
    assert reverse("planning:activity_edit", args=[a.pk]) not in detail
    response = client.post(reverse("planning:activity_edit", args=[a.pk]), {
        "unit": world.tapem.pk, "year": YEAR, "nomenclature": a.nomenclature_id, "name": "",
        "budget": "150000000", "funding_source": "apbd", "version": a.version})
    assert "locked" in response.content.decode() or "dikunci" in response.content.decode()
    assert Activity.objects.get(pk=a.pk).budget == Decimal("100000000")
    # The operator may not adopt nor revise (403); a user of another government sees nothing.
    assert client.post(reverse("planning:revision_start", args=[world.kutim.pk, YEAR]),
                       {"kind": "perubahan", "effective_quarter": "3"}).status_code == 403
    assert client.get(url).status_code == 200
    assert client.get(reverse("planning:revision_detail", args=[world.kutim.pk, YEAR, 0])).status_code == 200
    assert client.get(reverse("planning:plan_detail", args=[world.mimika.pk, YEAR])).status_code == 404
    assert client.get(reverse("planning:plan_detail", args=[world.kutim.pk, 99999])).status_code == 404


@pytest.mark.django_db
def test_revision_page_flow(client, world, plan):
    _a, b = plan
    adopt(world)
    client.force_login(world.users[Role.COORDINATOR])
    start = reverse("planning:revision_start", args=[world.kutim.pk, YEAR])
    assert client.post(start, {"kind": "perubahan", "effective_quarter": "9"}).status_code == 400
    assert client.post(start, {"kind": "perubahan", "effective_quarter": "3",
                               "reference": "Perda 5/2025"}).status_code == 302
    update_object(actor(world, Role.COORDINATOR), Activity.objects.get(pk=b.pk),
                  {"budget": Decimal("150000000")}, expected_version=None)
    page = client.get(reverse("planning:plan_detail", args=[world.kutim.pk, YEAR])).content.decode()
    assert 'data-testid="diff-row"' in page and "Rp 150.000.000" in page
    response = client.post(reverse("planning:plan_adopt", args=[world.kutim.pk, YEAR]), {"confirm": "on"})
    assert response.status_code == 302
    revision = PlanRevision.objects.get(plan__government=world.kutim, plan__year=YEAR, number=1)
    assert revision.reference == "Perda 5/2025" and revision.snapshot is not None
    page = client.get(reverse("planning:revision_detail", args=[world.kutim.pk, YEAR, 1])).content.decode()
    assert "Rp 100.000.000" in page and "Rp 150.000.000" in page


ROLES = (None, Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER)
MANAGERS = {Role.ADMINISTRATOR, Role.COORDINATOR}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_plan_pages(client, world, plan, role):
    """Every role (and anonymous) on the plan's pages, inside and outside its governments:
    reading for whoever sees the government, the steps for those who manage the plan."""
    if role:
        client.force_login(world.users[role])
    inside = reverse("planning:plan_detail", args=[world.kutim.pk, YEAR])
    outside = reverse("planning:plan_detail", args=[world.mimika.pk, YEAR])
    adopt_url = reverse("planning:plan_adopt", args=[world.kutim.pk, YEAR])
    revise_url = reverse("planning:revision_start", args=[world.kutim.pk, YEAR])
    if role is None:
        for url in (inside, outside):
            assert client.get(url).status_code == 302
        assert client.post(adopt_url, {"confirm": "on"}).status_code == 302
        assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.DRAFT
        return
    assert client.get(inside).status_code == 200
    assert client.get(outside).status_code == (200 if role == Role.ADMINISTRATOR else 404)
    assert client.post(reverse("planning:plan_adopt", args=[world.mimika.pk, YEAR]),
                       {"confirm": "on"}).status_code in ((400,) if role == Role.ADMINISTRATOR else (404,))
    response = client.post(adopt_url, {"confirm": "on"})
    if role in MANAGERS:
        assert response.status_code == 302
        assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.ADOPTED
        assert client.post(revise_url, {"kind": "pergeseran", "effective_quarter": "2"}).status_code == 302
        assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.REVISING
    else:
        assert response.status_code == 403
        assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.DRAFT
        adopt(world)
        assert client.post(revise_url, {"kind": "pergeseran", "effective_quarter": "2"}).status_code == 403
        assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.ADOPTED
    # Garbage never makes a 500.
    for data in ({"kind": "x" * 10000, "effective_quarter": "²"}, {"effective_quarter": "\x00"}, {}):
        assert client.post(revise_url, data).status_code in (400, 403)
    for data in ({"decided_on": "2025-02-31", "confirm": "on"}, {"reference": "x" * 10000, "confirm": "on"}):
        assert client.post(adopt_url, data).status_code in (302, 400, 403)
    assert client.get(reverse("planning:revision_detail", args=[world.kutim.pk, YEAR, 77])).status_code == 404
