"""Cancelling an open revision of the annual plan (issue 16): the plan returns to its last
adopted version exactly as it was, the revision is kept as cancelled with who, when and why,
the lock closes again; only those who manage the plan may, and only an open revision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor, create_object, delete_object, update_object
from sinergi.planning import lifecycle
from sinergi.planning.choices import PlanStatus, RevisionKind, RevisionStatus
from sinergi.planning.models import (
    Activity,
    ActivityInForce,
    AnnualPlan,
    Indicator,
    Milestone,
    PlanRevision,
    Priority,
    QuarterTarget,
)
from sinergi.planning.services import set_quarter_targets
from sinergi.regions.choices import CoordinationCovers, CoordinationPurpose
from sinergi.regions.models import Coordination
from tests.planning.conftest import SUB_2, make_activity, make_targets

YEAR = 2025
REASON = "Rancangan Perda APBD Perubahan ditolak DPRD."


@pytest.fixture
def plan(world, sample):
    """Two activities of Tata Pemerintahan (100 million each, with targets and an indicator;
    A with a priority and a milestone), adopted as the DPA."""
    a = make_activity(world.tapem, year=YEAR, budget="100000000")
    b = make_activity(world.tapem, year=YEAR, budget="100000000", name="Kegiatan B")
    for activity in (a, b):
        make_targets(activity, ("25", "25000000"), ("50", "50000000"), ("75", "75000000"),
                     ("100", "100000000"))
        Indicator.objects.create(activity=activity, name="Jumlah dokumen", measure_unit="dokumen",
                                 annual_target=Decimal(4))
    a.priorities.set([Priority.objects.order_by("pk").first()])
    Milestone.objects.create(activity=a, order=1, name="M1", planned_date=dt.date(2025, 3, 31))
    lifecycle.adopt(Actor(world.users[Role.COORDINATOR]), world.kutim, YEAR, reference="DPA 1",
                    decided_on=dt.date(2025, 1, 2))
    return a, b


def actor(world, role) -> Actor:
    return Actor(world.users[role])


def plan_row(world):
    return lifecycle.plan_of(world.kutim.pk, YEAR)


def start(world, quarter=3, role=Role.COORDINATOR) -> PlanRevision:
    return lifecycle.start_revision(actor(world, role), plan_row(world), kind=RevisionKind.PERUBAHAN,
                                    effective_quarter=quarter, reference="Perda 5/2025")


def in_force() -> list[tuple]:
    return sorted(ActivityInForce.objects.values_list(
        "activity_id", "quarter", "revision_id", "budget", "plan_physical", "target_physical",
        "target_financial"))


def edit_everything(world, a, b) -> None:
    """What a coordinator may do to the plan while a revision is open."""
    coordinator = actor(world, Role.COORDINATOR)
    # A: pagu and targets lowered (the targets first: they must stay within the pagu), renamed,
    # another sub kegiatan, funding source and priorities, its milestone moved, one more added.
    set_quarter_targets(coordinator, Activity.objects.get(pk=a.pk), {
        1: (Decimal("10"), Decimal("10000000")), 2: (Decimal("20"), Decimal("20000000")),
        3: (Decimal("30"), Decimal("30000000")), 4: (Decimal("40"), Decimal("40000000"))})
    update_object(coordinator, Activity.objects.get(pk=a.pk), {
        "budget": Decimal("40000000"), "name": "Nama baru", "nomenclature_id": SUB_2,
        "funding_source": "dak"}, expected_version=None, m2m={"priorities": []})
    stone = Milestone.objects.get(activity=a)
    update_object(coordinator, stone, {"planned_date": dt.date(2025, 9, 30), "name": "M1 baru"},
                  expected_version=None)
    create_object(coordinator, Milestone(activity=a, order=2, name="M2", planned_date=dt.date(2025, 12, 1)))
    indicator = Indicator.objects.get(activity=a)
    update_object(coordinator, indicator, {"annual_target": Decimal(9), "measure_unit": "laporan"},
                  expected_version=None)
    create_object(coordinator, Indicator(activity=a, name="Indikator baru", measure_unit="orang",
                                         annual_target=Decimal(100)))
    # B: pagu and targets raised, then deleted altogether (its parts with it).
    update_object(coordinator, Activity.objects.get(pk=b.pk), {"budget": Decimal("300000000")},
                  expected_version=None)
    set_quarter_targets(coordinator, Activity.objects.get(pk=b.pk),
                        {4: (Decimal("100"), Decimal("300000000"))})
    delete_object(coordinator, Activity.objects.get(pk=b.pk))
    # A new activity with its targets.
    d = create_object(coordinator, Activity(unit=world.tapem, year=YEAR, nomenclature_id=SUB_2,
                                            budget=Decimal("7000000"), name="Kegiatan D").sync_government())
    set_quarter_targets(coordinator, d, {4: (Decimal("100"), Decimal("7000000"))})


@pytest.mark.django_db
def test_cancelling_restores_the_adopted_version_exactly(world, plan):
    a, b = plan
    dpa = PlanRevision.objects.get(plan__government=world.kutim, plan__year=YEAR, number=0)
    forces = in_force()
    revision = start(world)
    edit_everything(world, a, b)
    assert lifecycle.snapshot(world.kutim.pk, YEAR) != dpa.snapshot

    coordinator = world.users[Role.COORDINATOR]
    cancelled = lifecycle.cancel_revision(Actor(coordinator), plan_row(world), reason=REASON)

    # Every figure as adopted: activities (B back with its id), names, sub kegiatan, pagu,
    # targets, indicators (the added one gone), priorities, milestone plan.
    assert lifecycle.snapshot(world.kutim.pk, YEAR) == dpa.snapshot
    assert set(Activity.objects.filter(government=world.kutim, year=YEAR).values_list("pk", flat=True)) == {
        a.pk, b.pk}
    restored = Activity.objects.get(pk=a.pk)
    assert (restored.name, restored.nomenclature_id, restored.funding_source) == (
        "", a.nomenclature_id, "apbd")
    assert QuarterTarget.objects.filter(activity_id=b.pk).count() == 4
    assert list(Milestone.objects.filter(activity=a).values_list("name", "planned_date")) == [
        ("M1", dt.date(2025, 3, 31))]
    # The figures in force are the DPA's again (B's made again with it).
    assert in_force() == forces
    # The revision is kept as cancelled, with who, when and why; the plan adopted and locked.
    assert cancelled.pk == revision.pk and cancelled.status == RevisionStatus.CANCELLED
    assert (cancelled.cancelled_by, cancelled.cancel_reason) == (coordinator, REASON)
    assert cancelled.cancelled_at is not None and cancelled.snapshot is None
    assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.ADOPTED
    assert lifecycle.revision_diff(cancelled).changes == []
    # Audited: the revision's cancellation and the restored rows.
    event = AuditEvent.objects.filter(content_type__model="planrevision",
                                      object_id=str(revision.pk)).latest("id")
    assert event.after["cancel_reason"] == REASON and event.actor == coordinator
    assert AuditEvent.objects.filter(content_type__model="activity", object_id=str(b.pk),
                                     action="create").count() == 1
    # The write guard locks the plan again, for everybody.
    for who in (Role.UNIT_OPERATOR, Role.COORDINATOR):
        with pytest.raises(ValidationError) as caught:
            update_object(actor(world, who), Activity.objects.get(pk=a.pk),
                          {"budget": Decimal("200000000")}, expected_version=None)
        assert caught.value.code == "plan_locked"


@pytest.mark.django_db
def test_after_a_cancelled_revision_the_next_is_numbered_on_and_measured_from_the_dpa(world, plan):
    _a, b = plan
    start(world, quarter=3)
    lifecycle.cancel_revision(actor(world, Role.COORDINATOR), plan_row(world), reason=REASON)
    # The cancelled revision's quarter binds nothing: the next may apply from TW II.
    second = start(world, quarter=2)
    assert second.number == 2
    update_object(actor(world, Role.COORDINATOR), Activity.objects.get(pk=b.pk),
                  {"budget": Decimal("150000000")}, expected_version=None)
    adopted = lifecycle.adopt_revision(actor(world, Role.COORDINATOR), plan_row(world))
    change = lifecycle.revision_diff(adopted).changes[0]
    assert (change.budget_before, change.budget_after) == (Decimal("100000000"), Decimal("150000000"))
    assert [r.status for r in plan_row(world).revisions.order_by("number")] == [
        RevisionStatus.ADOPTED, RevisionStatus.CANCELLED, RevisionStatus.ADOPTED]


@pytest.mark.django_db
def test_cancelling_needs_a_reason_an_open_revision_and_a_manager(world, plan):
    coordinator = actor(world, Role.COORDINATOR)
    with pytest.raises(ValidationError):  # adopted, nothing open
        lifecycle.cancel_revision(coordinator, plan_row(world), reason=REASON)
    revision = start(world)
    with pytest.raises(ValidationError) as caught:
        lifecycle.cancel_revision(coordinator, plan_row(world), reason="  ")
    assert "reason" in caught.value.message_dict
    for role in (Role.UNIT_OPERATOR, Role.UNIT_HEAD, Role.VIEWER):
        with pytest.raises(PermissionDenied):
            lifecycle.cancel_revision(actor(world, role), plan_row(world), reason=REASON)
    assert PlanRevision.objects.get(pk=revision.pk).status == RevisionStatus.OPEN
    # The head of a unit designated for planning (Bappeda) may.
    Coordination.objects.create(government=world.kutim, unit=world.setda,
                                purpose=CoordinationPurpose.PLANNING, covers=CoordinationCovers.ALL_UNITS)
    head = type(world.users[Role.UNIT_HEAD]).objects.get(pk=world.users[Role.UNIT_HEAD].pk)
    lifecycle.cancel_revision(Actor(head), plan_row(world), reason=REASON)
    with pytest.raises(ValidationError):  # cancelled already
        lifecycle.cancel_revision(coordinator, plan_row(world), reason=REASON)
    # A draft plan has nothing to cancel either.
    draft = AnnualPlan.objects.create(government=world.kutim, year=YEAR + 1)
    with pytest.raises(ValidationError):
        lifecycle.cancel_revision(coordinator, draft, reason=REASON)


@pytest.mark.django_db
def test_an_activity_moved_in_from_another_year_is_not_deleted(world, plan):
    other = make_activity(world.tapem, year=YEAR + 1, budget="1000")
    start(world)
    update_object(actor(world, Role.COORDINATOR), other, {"year": YEAR}, expected_version=None)
    with pytest.raises(ValidationError) as caught:
        lifecycle.cancel_revision(actor(world, Role.COORDINATOR), plan_row(world), reason=REASON)
    assert "moved" in str(caught.value) or "dipindahkan" in str(caught.value)
    assert Activity.objects.filter(pk=other.pk).exists()
    assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.REVISING


# ---------------------------------------------------------------------------- pages

ROLES = (None, Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER)
MANAGERS = {Role.ADMINISTRATOR, Role.COORDINATOR}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_cancel_step(client, world, plan, role):
    _a, b = plan
    revision = start(world)
    update_object(actor(world, Role.COORDINATOR), Activity.objects.get(pk=b.pk),
                  {"budget": Decimal("250000000")}, expected_version=None)
    if role:
        client.force_login(world.users[role])
    url = reverse("planning:revision_cancel", args=[world.kutim.pk, YEAR])
    data = {"reason": REASON, "confirm": "on"}
    # GET changes nothing, whoever asks.
    assert client.get(url).status_code in (302, 405)
    assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.REVISING
    outside = reverse("planning:revision_cancel", args=[world.mimika.pk, YEAR])
    response = client.post(url, data)
    if role is None:
        assert response.status_code == 302 and "/login" in response["Location"]
    elif role in MANAGERS:
        assert response.status_code == 302
        assert PlanRevision.objects.get(pk=revision.pk).status == RevisionStatus.CANCELLED
        assert Activity.objects.get(pk=b.pk).budget == Decimal("100000000")
        page = client.get(reverse("planning:plan_detail", args=[world.kutim.pk, YEAR])).content.decode()
        assert REASON in page and ("dibatalkan" in page or "cancelled" in page)
        assert reverse("planning:revision_cancel", args=[world.kutim.pk, YEAR]) not in page  # no more form
        detail = client.get(reverse("planning:revision_detail", args=[world.kutim.pk, YEAR, revision.number]))
        assert detail.status_code == 200 and 'data-testid="revision-cancelled"' in detail.content.decode()
        # Cancelling again: refused with a message, no 500.
        again = client.post(url, data, follow=True)
        assert again.status_code == 200
        text = again.content.decode()
        assert "No revision is open" in text or "Tidak ada revisi" in text
    else:
        assert response.status_code == 403
    if role not in MANAGERS:
        assert PlanRevision.objects.get(pk=revision.pk).status == RevisionStatus.OPEN
        assert Activity.objects.get(pk=b.pk).budget == Decimal("250000000")
    if role is not None:
        assert client.post(outside, data).status_code == (
            302 if role == Role.ADMINISTRATOR else 404)  # the administrator: nothing open there


@pytest.mark.django_db
def test_the_versions_page_offers_the_cancel_step_with_a_required_reason(client, world, plan):
    client.force_login(world.users[Role.COORDINATOR])
    page_url = reverse("planning:plan_detail", args=[world.kutim.pk, YEAR])
    url = reverse("planning:revision_cancel", args=[world.kutim.pk, YEAR])
    assert url not in client.get(page_url).content.decode()  # nothing open
    start(world)
    assert url in client.get(page_url).content.decode()
    client.force_login(world.users[Role.UNIT_OPERATOR])
    assert url not in client.get(page_url).content.decode()
    client.force_login(world.users[Role.COORDINATOR])
    for data in ({"confirm": "on"}, {"reason": REASON}, {"reason": "\x00", "confirm": "on"}, {}):
        response = client.post(url, data)
        assert response.status_code == 400
        assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.REVISING
    assert client.post(url, {"reason": REASON, "confirm": "on"}).status_code == 302
    assert lifecycle.status_of(world.kutim.pk, YEAR) == PlanStatus.ADOPTED
