"""API v1 /planning/...: activities CRUD with scope and filters, priorities, nomenclature."""

from __future__ import annotations

import pytest

from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.planning.choices import FrameworkKind
from sinergi.planning.models import Activity, NomenclatureItem, Priority, PriorityFramework
from tests.api.conftest import ApiClient, matrix
from tests.planning.conftest import SUB, SUB_2, make_activity

pytestmark = pytest.mark.django_db

BASE = "planning/activities"


@pytest.fixture
def as_role(world):
    def make(role: str) -> ApiClient:
        return ApiClient(None if role == "anonymous" else world.users[role])

    return make


@pytest.fixture
def acts(world, sample):
    return {"tapem": make_activity(world.tapem), "bappeda": make_activity(world.bappeda),
            "kec": make_activity(world.kec_sangatta), "mimika": make_activity(world.mimika_tapem)}


READ = matrix([
    # action, target:  admin coord head oper viewer anon
    ("read", "tapem", 200, 200, 200, 200, 404, 401),
    ("read", "bappeda", 200, 200, 404, 404, 404, 401),
    ("read", "kec", 200, 200, 404, 404, 200, 401),
    ("read", "mimika", 200, 404, 404, 404, 404, 401),
    ("patch", "tapem", 200, 200, 200, 200, 404, 401),
    ("patch", "kec", 200, 200, 404, 404, 403, 401),
    ("patch", "mimika", 200, 404, 404, 404, 404, 401),
    ("delete", "tapem", 204, 204, 204, 204, 404, 401),
    ("delete", "kec", 204, 204, 404, 404, 403, 401),
])


@pytest.mark.parametrize(("role", "action", "target", "status"), READ)
def test_activity_permission_matrix(as_role, acts, role, action, target, status):
    api = as_role(role)
    activity = acts[target]
    path = f"{BASE}/{activity.pk}"
    if action == "read":
        response = api.get(path)
    elif action == "patch":
        response = api.patch(path, {"name": "Renja baru", "version": activity.version})
    else:
        response = api.delete(path, version=activity.version)
    assert response.status_code == status, response.content
    after = Activity.objects.filter(pk=activity.pk).first()
    if action == "patch":
        assert (after.name == "Renja baru") == (status == 200)
    if action == "delete":
        assert (after is None) == (status == 204)


CREATE = matrix([
    ("create", "tapem", 201, 201, 201, 201, 403, 401),
    ("create", "bappeda", 201, 201, 422, 422, 403, 401),  # outside the unit roles' subtrees
    ("create", "mimika", 201, 422, 422, 422, 403, 401),  # an invisible unit is an unknown id
])


@pytest.mark.parametrize(("role", "action", "target", "status"), CREATE)
def test_activity_create_matrix(as_role, world, sample, role, action, target, status):
    unit = {"tapem": world.tapem, "bappeda": world.bappeda, "mimika": world.mimika_tapem}[target]
    response = as_role(role).post(BASE, {"unit": unit.pk, "year": 2025, "nomenclature": SUB,
                                         "budget": "1500000"})
    assert response.status_code == status, response.content
    assert Activity.objects.filter(unit=unit).exists() == (status == 201)


def test_create_read_update_with_priorities(as_role, world, sample):
    api = as_role(Role.UNIT_OPERATOR)
    asta = Priority.objects.filter(framework__name="Asta Cita")
    p4, p7 = asta.get(number="4"), asta.get(number="7")
    response = api.post(BASE, {"unit": world.tapem.pk, "year": 2025, "nomenclature": SUB,
                               "budget": "1250000000.50", "funding_source": "dak",
                               "location": "64.08", "priorities": [p4.pk]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["government"] == world.kutim.pk
    assert body["priorities"] == [p4.pk]
    assert body["display_name"] == "Penyusunan Dokumen Perencanaan Perangkat Daerah"
    assert body["quarter_targets"] == [] and body["version"] == 1
    event = AuditEvent.objects.filter(object_id=str(body["id"]),
                                      content_type__model="activity").get()
    assert event.source == AuditSource.API and event.after["priorities"] == [p4.pk]
    response = api.put(f"{BASE}/{body['id']}", {
        "unit": world.tapem.pk, "year": 2025, "nomenclature": SUB_2, "budget": "1",
        "priorities": [p4.pk, p7.pk], "version": 1})
    assert response.status_code == 200, response.content
    assert sorted(response.json()["priorities"]) == sorted([p4.pk, p7.pk])
    assert response.json()["version"] == 2
    stale = api.patch(f"{BASE}/{body['id']}", {"budget": "2", "version": 1})
    assert stale.status_code == 409


def test_create_validation_errors(as_role, world, sample):
    rpjmd = PriorityFramework.objects.create(name="RPJMD Mimika", kind=FrameworkKind.REGIONAL,
                                             government=world.mimika, start_year=2025, end_year=2029)
    foreign = Priority.objects.create(framework=rpjmd, number="1", title="Misi")
    api = as_role(Role.ADMINISTRATOR)
    cases = [
        ({"nomenclature": "1.01.01"}, "nomenclature"),
        ({"nomenclature": "9.99"}, "nomenclature"),
        ({"budget": "-1"}, "budget"),
        ({"location": "94.04"}, "location"),
        ({"priorities": [foreign.pk]}, "priorities"),
    ]
    for change, field in cases:
        data = {"unit": world.tapem.pk, "year": 2025, "nomenclature": SUB, **change}
        response = api.post(BASE, data)
        assert response.status_code == 422, (change, response.content)
        assert field in {e["field"] for e in response.json()["errors"]}, (change, response.json())
    assert not Activity.objects.exists()


def test_patch_cannot_move_to_an_invisible_unit(as_role, world, sample):
    activity = make_activity(world.tapem)
    response = as_role(Role.UNIT_OPERATOR).patch(
        f"{BASE}/{activity.pk}", {"unit": world.bappeda.pk, "version": 1})
    assert response.status_code == 422  # bappeda is outside the operator's scope: unknown id
    response = as_role(Role.UNIT_HEAD).patch(
        f"{BASE}/{activity.pk}", {"unit": world.setda.pk, "version": 1})
    assert response.status_code == 200
    assert Activity.objects.get(pk=activity.pk).unit == world.setda


def test_list_filters_and_scope(as_role, world, sample):
    a = make_activity(world.tapem, year=2025)
    b = make_activity(world.bappeda, year=2026, code=SUB_2)
    c = make_activity(world.mimika_tapem, year=2025)
    mission = Priority.objects.get(framework__name="Asta Cita", number="6")
    b.priorities.set([mission])
    admin = as_role(Role.ADMINISTRATOR)

    def ids(api=admin, **params):
        response = api.get(BASE, **params)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    assert ids() == {a.pk, b.pk, c.pk}
    assert ids(year=2025) == {a.pk, c.pk}
    assert ids(government=world.mimika.pk) == {c.pk}
    assert ids(unit=world.setda.pk) == {a.pk}
    assert ids(priority=mission.pk) == {b.pk}
    assert ids(nomenclature="5") == {b.pk}
    assert ids(as_role(Role.COORDINATOR)) == {a.pk, b.pk}
    assert ids(as_role(Role.UNIT_OPERATOR), year=2025) == {a.pk}
    assert as_role(Role.COORDINATOR).get(BASE, government=world.mimika.pk).status_code == 422


def test_priorities_api(as_role, world):
    asta = PriorityFramework.objects.get(name="Asta Cita")
    viewer = as_role(Role.VIEWER)
    response = viewer.get("planning/priorities", framework=asta.pk)
    assert response.status_code == 200 and response.json()["count"] == 8
    mission = asta.priorities.get(number="1")
    coordinator = as_role(Role.COORDINATOR)
    assert coordinator.patch(f"planning/priorities/{mission.pk}",
                             {"title": "x", "version": 1}).status_code == 403
    response = coordinator.post("planning/frameworks", {
        "name": "RPJMD Kutai Timur", "kind": "regional", "government": world.kutim.pk,
        "start_year": 2021, "end_year": 2026})
    assert response.status_code == 201, response.content
    framework = response.json()["id"]
    response = coordinator.post("planning/priorities", {"framework": framework, "number": "1",
                                                        "title": "Misi pertama"})
    assert response.status_code == 201, response.content
    assert coordinator.post("planning/frameworks", {
        "name": "Agenda", "kind": "national", "start_year": 2025, "end_year": 2029,
    }).status_code == 403
    admin = as_role(Role.ADMINISTRATOR)
    response = admin.patch(f"planning/priorities/{mission.pk}",
                           {"title": "Memperkokoh ideologi Pancasila.", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2


def test_nomenclature_api(as_role, world, sample):
    viewer = as_role(Role.VIEWER)
    response = viewer.get("planning/nomenclature", within="1.01.01.2.01", level="sub_kegiatan")
    assert response.status_code == 200 and response.json()["count"] == 7
    response = viewer.get("planning/nomenclature/1.01.01.2.01.0001")
    assert response.json()["parent"] == "1.01.01.2.01"
    assert response.json()["level"] == "sub_kegiatan"
    assert viewer.post("planning/nomenclature", {"code": "1.01.02.2.01", "name": "x"}).status_code == 403
    assert as_role(Role.COORDINATOR).patch("planning/nomenclature/1.01",
                                           {"name": "x", "version": 1}).status_code == 403
    admin = as_role(Role.ADMINISTRATOR)
    response = admin.post("planning/nomenclature", {"code": "1.01.02.2.01", "name": "Pengelolaan "
                                                    "Pendidikan Sekolah Dasar"})
    assert response.status_code == 201, response.content
    assert response.json()["level"] == "kegiatan" and response.json()["parent"] == "1.01.02"
    assert admin.post("planning/nomenclature", {"code": "1.01.02.3", "name": "x"}).status_code == 422
    assert admin.post("planning/nomenclature", {"code": "1.09.01", "name": "x"}).status_code == 422
    response = admin.patch("planning/nomenclature/1.01.02.2.01", {"name": "Pengelolaan SD",
                                                                   "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2
    assert NomenclatureItem.objects.get(code="1.01.02.2.01").name == "Pengelolaan SD"
