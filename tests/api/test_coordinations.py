"""/api/v1/coordinations: every role x list / read / create / update / delete, inside and
outside its scope; the chosen units as ids; audited with source "api"; stale -> 409. And the
designation at work through the API: the coordinating unit reads the offices' activities."""

from __future__ import annotations

import pytest

from sinergi.core.models import AuditAction, AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.regions.choices import CoordinationCovers, CoordinationPurpose
from sinergi.regions.models import Coordination
from sinergi.regions.services import save_coordination
from tests import factories
from tests.api.conftest import ApiClient, matrix
from tests.planning.conftest import make_activity, sample  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def designate(unit, purpose=CoordinationPurpose.MONITORING):
    return save_coordination(Actor.system(), Coordination(
        government_id=unit.government_id, unit=unit, purpose=purpose,
        covers=CoordinationCovers.DISTRICT_OFFICES), units=[])


@pytest.fixture
def both(world):
    return {"in": designate(world.tapem), "out": designate(world.mimika_tapem)}


#       action,   target, admin, coordinator, head, operator, viewer, anonymous
CASES = matrix([
    ("read",   "in",  200, 200, 200, 200, 200, 401),
    ("read",   "out", 200, 404, 404, 404, 404, 401),
    ("create", "in",  201, 201, 403, 403, 403, 401),
    ("create", "out", 201, 422, 403, 403, 403, 401),
    ("patch",  "in",  200, 200, 403, 403, 403, 401),
    ("patch",  "out", 200, 404, 404, 404, 404, 401),
    ("delete", "in",  204, 204, 403, 403, 403, 401),
    ("delete", "out", 204, 404, 404, 404, 404, 401),
])


@pytest.mark.parametrize(("role", "action", "target", "status"), CASES)
def test_permission_matrix(as_role, world, both, role, action, target, status):
    client = as_role(role)
    obj = both[target]
    if action == "read":
        response = client.get(f"coordinations/{obj.pk}")
    elif action == "create":
        unit = world.tapem if target == "in" else world.mimika_tapem
        response = client.post("coordinations", {
            "government": unit.government_id, "unit": unit.pk, "purpose": "problems"})
    elif action == "patch":
        response = client.patch(f"coordinations/{obj.pk}", {"version": obj.version,
                                                            "decree": "SK 1/2025"})
    else:
        response = client.delete(f"coordinations/{obj.pk}", version=obj.version)
    assert response.status_code == status, response.content
    if status == 204:
        assert not Coordination.objects.filter(pk=obj.pk).exists()
    elif action == "delete":
        assert Coordination.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD,
                                  Role.UNIT_OPERATOR, Role.VIEWER])
def test_lists_show_the_scope(as_role, world, both, role):
    ids = {row["id"] for row in as_role(role).get("coordinations").json()["items"]}
    expected = {both["in"].pk} | ({both["out"].pk} if role == Role.ADMINISTRATOR else set())
    assert ids == expected


def test_chosen_units_audit_and_stale_versions(as_role, world):
    client = as_role(Role.COORDINATOR)
    refused = client.post("coordinations", {
        "government": world.kutim.pk, "unit": world.tapem.pk, "purpose": "planning",
        "covers": "chosen", "units": []})
    assert refused.status_code == 422
    created = client.post("coordinations", {
        "government": world.kutim.pk, "unit": world.tapem.pk, "purpose": "planning",
        "covers": "chosen", "units": [world.bappeda.pk, world.kec_sangatta.pk]})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["units"] == sorted([world.bappeda.pk, world.kec_sangatta.pk])
    # A unit of another government is not a choice of this coordinator: unknown id.
    foreign = client.patch(f"coordinations/{body['id']}", {
        "version": 1, "units": [world.mimika_tapem.pk]})
    assert foreign.status_code == 422
    changed = client.patch(f"coordinations/{body['id']}", {"version": 1, "units": [world.bappeda.pk]})
    assert changed.status_code == 200 and changed.json()["units"] == [world.bappeda.pk]
    assert client.patch(f"coordinations/{body['id']}", {"version": 1, "decree": "x"}
                        ).status_code == 409
    events = AuditEvent.objects.filter(content_type__model="coordination",
                                       object_id=str(body["id"])).order_by("id")
    assert [(e.action, e.source) for e in events] == [
        (AuditAction.CREATE, AuditSource.API), (AuditAction.UPDATE, AuditSource.API)]
    assert events[1].after["units"] == [world.bappeda.pk]
    duplicate = client.post("coordinations", {
        "government": world.kutim.pk, "unit": world.tapem.pk, "purpose": "planning"})
    assert duplicate.status_code == 422


@pytest.mark.usefixtures("sample")
def test_the_coordinating_unit_reads_the_offices_activities(world):
    activity = make_activity(world.kec_sangatta)
    kabag = factories.user("kabag", Role.UNIT_HEAD, [world.tapem])
    assert ApiClient(kabag).get(f"planning/activities/{activity.pk}").status_code == 404
    designate(world.tapem)
    assert ApiClient(kabag).get(f"planning/activities/{activity.pk}").status_code == 200
    # Reading only: the activity cannot be changed.
    assert ApiClient(kabag).patch(f"planning/activities/{activity.pk}", {
        "version": activity.version, "budget": "1"}).status_code == 403


@pytest.mark.usefixtures("sample")
def test_the_coordinating_head_verifies_through_the_api(world):
    from sinergi.monitoring.choices import RealizationStatus
    from tests.monitoring.conftest import realization

    r = realization(make_activity(world.kec_sangatta), 1, status=RealizationStatus.SUBMITTED)
    kabag = factories.user("kabag", Role.UNIT_HEAD, [world.tapem])
    operator = world.users[Role.UNIT_OPERATOR]  # Tapem too
    url = f"monitoring/realizations/{r.pk}/verify"
    assert ApiClient(kabag).post(url, {"version": r.version}).status_code == 404
    designate(world.tapem)
    assert ApiClient(operator).post(url, {"version": r.version}).status_code == 403
    answer = ApiClient(kabag).post(url, {"version": r.version})
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == RealizationStatus.VERIFIED
