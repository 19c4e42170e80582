"""The demo's coordination designations at work: the Kepala Bagian Tata Pemerintahan of Mimika
(`kepala`) reads and verifies the distrik realizations, the Tata Pemerintahan viewer of Kutai
Timur (`pemantau`) reads the kecamatan's, an undesignated unit still sees nothing; the loader
makes the designations once, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sinergi.accounts.models import User
from sinergi.core.models import AuditAction, AuditEvent
from sinergi.core.roles import Role
from sinergi.demo.loader import load_demo
from sinergi.monitoring.choices import RealizationStatus
from sinergi.monitoring.models import Realization
from sinergi.regions.choices import CoordinationCovers, CoordinationPurpose, UnitKind
from sinergi.regions.models import Coordination
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def district_realization(region_code: str, status=RealizationStatus.SUBMITTED) -> Realization:
    return (Realization.objects.filter(activity__government__region_id=region_code,
                                       activity__unit__kind=UnitKind.DISTRICT_OFFICE, status=status)
            .select_related("activity__unit").order_by("pk").first())


def history(r: Realization) -> str:
    return reverse("monitoring:activity_history", args=[r.activity_id])


def action(r: Realization, step: str) -> str:
    return reverse("monitoring:realization_action", args=[r.pk, step])


def test_the_designations_of_the_reports(demo):
    rows = {(c.government.region_id, c.unit.code, c.purpose, c.covers)
            for c in Coordination.objects.select_related("government", "unit")}
    district = CoordinationCovers.DISTRICT_OFFICES
    for region in ("94.04", "64.08"):
        for purpose in ("monitoring", "follow_up", "problems"):
            assert (region, "TAPEM", purpose, district) in rows
    assert ("64.11", "BAPPEDA", "planning", CoordinationCovers.AGENCIES) in rows
    assert ("63.10", "PEM", "cooperation", CoordinationCovers.ALL_UNITS) in rows
    for c in Coordination.objects.all():
        assert AuditEvent.objects.filter(content_type__model="coordination", object_id=str(c.pk),
                                         action=AuditAction.CREATE).exists()
    count = Coordination.objects.count()
    again = load_demo()
    assert Coordination.objects.count() == count
    assert again.created["Coordination"] == 0 and again.existing["Coordination"] == count


def test_kepala_reads_and_verifies_the_distrik_realizations(client, demo):
    kepala = User.objects.get(username="kepala")
    r = district_realization("94.04")
    assert r is not None
    client.force_login(kepala)
    page = client.get(history(r))
    assert page.status_code == 200 and action(r, "verify") in page.content.decode()
    assert client.post(action(r, "verify"), {"version": r.version}).status_code == 302
    r.refresh_from_db()
    assert (r.status, r.verified_by) == (RealizationStatus.VERIFIED, kepala)
    # Four eyes: not one it submitted itself.
    own = district_realization("94.04")
    Realization.objects.filter(pk=own.pk).update(submitted_by=kepala)
    client.post(action(own, "verify"), {"version": own.version})
    assert Realization.objects.get(pk=own.pk).status == RealizationStatus.SUBMITTED


def test_pemantau_reads_a_kecamatan_realization_but_cannot_change_it(client, demo):
    r = district_realization("64.08")
    assert r is not None
    client.force_login(User.objects.get(username="pemantau"))
    page = client.get(history(r))
    assert page.status_code == 200 and action(r, "verify") not in page.content.decode()
    assert client.post(action(r, "verify"), {"version": r.version}).status_code == 403
    assert Realization.objects.get(pk=r.pk).status == RealizationStatus.SUBMITTED


def test_an_undesignated_unit_still_sees_nothing(client, demo):
    r = district_realization("94.04")
    bappeda = Coordination.objects.get(government__region_id="94.04", unit__code="BAPPEDA",
                                       purpose=CoordinationPurpose.MONITORING).unit
    # Bappeda coordinates the agencies, not the distrik.
    client.force_login(factories.user("bappeda-head", Role.UNIT_HEAD, [bappeda]))
    assert client.get(history(r)).status_code == 404
    other = factories.unit(bappeda.government, "UJI-DINAS", "Dinas Uji")
    client.force_login(factories.user("dinsos-head", Role.UNIT_HEAD, [other]))
    assert client.get(history(r)).status_code == 404
