"""A unit designated to coordinate the district offices for monitoring (regions.Coordination):
its users read the offices' realizations; its head verifies and returns them (four eyes still
apply); nobody of it writes the figures, and an undesignated unit still sees nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.monitoring import services
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.monitoring.models import Realization
from sinergi.monitoring.rules import Step
from sinergi.regions.choices import CoordinationCovers, CoordinationPurpose
from sinergi.regions.models import Coordination
from sinergi.regions.services import save_coordination
from tests import factories
from tests.monitoring.conftest import YEAR, make_activity, open_period, realization

pytestmark = pytest.mark.django_db


@pytest.fixture
def kec_activity(world, sample):
    return make_activity(world.kec_sangatta)


@pytest.fixture
def designated(world):
    return save_coordination(Actor.system(), Coordination(
        government=world.kutim, unit=world.tapem, purpose=CoordinationPurpose.MONITORING,
        covers=CoordinationCovers.DISTRICT_OFFICES), units=[])


@pytest.fixture
def kabag(world):
    """The head of the Bagian Tata Pemerintahan."""
    return factories.user("kabag", Role.UNIT_HEAD, [world.tapem])


def history(activity):
    return reverse("monitoring:activity_history", args=[activity.pk])


def action(r, step):
    return reverse("monitoring:realization_action", args=[r.pk, step])


def test_without_a_designation_the_office_is_invisible(client, world, kec_activity, kabag):
    client.force_login(kabag)
    assert client.get(history(kec_activity)).status_code == 404


def test_the_coordinating_head_reads_verifies_and_returns(client, world, kec_activity, kabag,
                                                          designated):
    first = realization(kec_activity, 1, status=S.SUBMITTED)
    client.force_login(kabag)
    page = client.get(history(kec_activity))
    assert page.status_code == 200
    assert action(first, "verify") in page.content.decode()
    assert client.post(action(first, "verify"), {"version": first.version}).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.verified_by) == (S.VERIFIED, kabag)
    event = AuditEvent.objects.filter(object_id=str(first.pk),
                                      content_type__model="realization").latest("id")
    assert event.actor == kabag and event.after["status"] == S.VERIFIED
    # Reopening is not a coordinating step.
    assert client.post(action(first, "reopen"), {"version": first.version, "reason": "x"}
                       ).status_code == 403
    assert Realization.objects.get(pk=first.pk).status == S.VERIFIED
    second = realization(kec_activity, 2, "60", "2000000", status=S.SUBMITTED)
    client.post(action(second, "return"), {"version": second.version, "reason": "Lampirkan foto"})
    second.refresh_from_db()
    assert (second.status, second.return_reason) == (S.RETURNED, "Lampirkan foto")


def test_four_eyes_still_apply(world, kec_activity, kabag, designated):
    r = realization(kec_activity, 1, status=S.SUBMITTED, submitted_by=kabag)
    with pytest.raises(PermissionDenied):
        services.verify(Actor(kabag), r, expected_version=r.version)
    assert Realization.objects.get(pk=r.pk).status == S.SUBMITTED


def test_the_coordinating_head_does_not_write_the_figures(world, kec_activity, kabag, designated):
    r = realization(kec_activity, 1, status=S.DRAFT)
    with pytest.raises(PermissionDenied):
        services.save_draft(Actor(kabag), kec_activity, 1,
                            services.Values(Decimal(70), Decimal(1000)), expected_version=r.version)
    open_period(world.kutim, 1)
    with pytest.raises(PermissionDenied):
        services.submit(Actor(kabag), r, expected_version=r.version)


def test_a_batch_mixing_own_coordinated_and_foreign_rows(world, kec_activity, kabag, designated,
                                                         sample):
    own = realization(make_activity(world.tapem), 1, status=S.SUBMITTED)
    coordinated = realization(kec_activity, 1, status=S.SUBMITTED)
    foreign = realization(make_activity(world.bappeda), 1, status=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.transition(Actor(kabag), Step.VERIFY, [(own, None), (coordinated, None),
                                                       (foreign, None)])
    assert not Realization.objects.filter(status=S.VERIFIED).exists()
    services.transition(Actor(kabag), Step.VERIFY, [(own, None), (coordinated, None)])
    assert set(Realization.objects.filter(status=S.VERIFIED)) == {own, coordinated}


@pytest.mark.parametrize("role", [Role.UNIT_OPERATOR, Role.VIEWER])
def test_operators_and_viewers_of_the_coordinating_unit_only_read(client, world, kec_activity,
                                                                  designated, role):
    user = factories.user(f"tapem-{role}", role, [world.tapem])
    r = realization(kec_activity, 1, status=S.SUBMITTED)
    client.force_login(user)
    page = client.get(history(kec_activity))
    assert page.status_code == 200 and action(r, "verify") not in page.content.decode()
    assert client.post(action(r, "verify"), {"version": r.version}).status_code == 403
    assert Realization.objects.get(pk=r.pk).status == S.SUBMITTED


def test_the_verification_page_of_a_coordinated_office(client, world, kec_activity, kabag,
                                                       designated):
    r = realization(kec_activity, 1, status=S.SUBMITTED)
    url = reverse("monitoring:verification", args=[world.kec_sangatta.pk, YEAR, 1])
    client.force_login(kabag)
    page = client.get(url)
    assert page.status_code == 200 and action(r, "verify") in page.content.decode()
    # The entry page (writing the figures) stays closed.
    entry = reverse("monitoring:entry", args=[world.kec_sangatta.pk, YEAR, 1])
    assert client.get(entry).status_code == 404
    client.force_login(factories.user("bappeda-head", Role.UNIT_HEAD, [world.bappeda]))
    assert client.get(url).status_code == 404
    assert client.get(history(kec_activity)).status_code == 404


def test_other_purposes_grant_nothing_here(client, world, kec_activity, kabag):
    save_coordination(Actor.system(), Coordination(
        government=world.kutim, unit=world.tapem, purpose=CoordinationPurpose.PROBLEMS,
        covers=CoordinationCovers.DISTRICT_OFFICES), units=[])
    client.force_login(kabag)
    assert client.get(history(kec_activity)).status_code == 404
