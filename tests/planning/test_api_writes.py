"""API v1 writes of an activity's parts: indicators and milestones (create, update, delete) and
the quarterly targets set as a whole (PUT /planning/activities/{id}/targets): scope, stale
versions (409), validation errors naming the field (422), audit with source "api"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.planning.models import Indicator, Milestone, QuarterTarget
from tests.api.conftest import ApiClient
from tests.planning.conftest import make_activity, make_targets

pytestmark = pytest.mark.django_db
D = Decimal
OP = Role.UNIT_OPERATOR


@pytest.fixture
def activity(world, sample):
    return make_activity(world.tapem, budget="100000000")


def _api(world, role=OP) -> ApiClient:
    return ApiClient(world.users[role])


def _fields(response) -> list[str | None]:
    return [e["field"] for e in response.json()["errors"]]


# ---------------------------------------------------------------------------- indicators


def test_indicator_create_update_delete(world, activity):
    api = _api(world)
    response = api.post("planning/indicators", {"activity": activity.pk, "name": "Dokumen Renja",
                                                "measure_unit": "dokumen", "annual_target": "4"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["activity"], body["measure_unit"], D(body["annual_target"]), body["version"]) == (
        activity.pk, "dokumen", D(4), 1)
    url = f"planning/indicators/{body['id']}"
    # The activity shows it; the list filters by activity.
    shown = api.get(f"planning/activities/{activity.pk}").json()["indicators"]
    assert [i["id"] for i in shown] == [body["id"]]
    other = make_activity(world.tapem)
    Indicator.objects.create(activity=other, name="X", measure_unit="x", annual_target=D(1))
    listed = api.get("planning/indicators", activity=activity.pk).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert api.get("planning/indicators").json()["count"] == 2
    # Update (PUT whole, PATCH part), stale version 409.
    put = api.put(url, {"name": "Dokumen Renja 2026", "measure_unit": "dokumen",
                        "annual_target": "5", "version": 1})
    assert put.status_code == 200 and put.json()["version"] == 2
    assert api.patch(url, {"annual_target": "6", "version": 1}).status_code == 409
    patched = api.patch(url, {"annual_target": "6", "version": 2})
    assert patched.status_code == 200 and D(patched.json()["annual_target"]) == D(6)
    # The activity is not changed through an update.
    moved = api.patch(url, {"activity": other.pk, "version": 3})
    assert moved.status_code in (200, 422)
    assert Indicator.objects.get(pk=body["id"]).activity_id == activity.pk
    # Delete with a stale version: 409; with the current one: 204.
    version = Indicator.objects.get(pk=body["id"]).version
    assert api.delete(url, version=version - 1).status_code == 409
    assert api.delete(url, version=version).status_code == 204
    assert not Indicator.objects.filter(pk=body["id"]).exists()
    events = AuditEvent.objects.filter(content_type__model="indicator", object_id=str(body["id"]))
    assert sorted(e.action for e in events) == ["create", "delete", "update", "update"]
    assert {e.source for e in events} == {AuditSource.API}


def test_indicator_validation_errors_name_the_field(world, activity):
    api = _api(world)
    bad = api.post("planning/indicators", {"activity": activity.pk, "name": "Dokumen",
                                           "measure_unit": "dokumen", "annual_target": "-1"})
    assert bad.status_code == 422 and _fields(bad) == ["annual_target"]
    missing = api.post("planning/indicators", {"activity": activity.pk, "name": "Dokumen"})
    assert missing.status_code == 422 and "measure_unit" in _fields(missing)
    blank = api.post("planning/indicators", {"activity": activity.pk, "name": "",
                                             "measure_unit": "x", "annual_target": "1"})
    assert blank.status_code == 422 and _fields(blank) == ["name"]
    unknown = api.post("planning/indicators", {"activity": 999999, "name": "Dokumen",
                                               "measure_unit": "dokumen", "annual_target": "1"})
    assert unknown.status_code == 422 and _fields(unknown) == ["activity"]
    assert not Indicator.objects.exists()


# ---------------------------------------------------------------------------- milestones


def test_milestone_create_update_delete(world, activity):
    api = _api(world, Role.UNIT_HEAD)
    response = api.post("planning/milestones", {
        "activity": activity.pk, "order": 1, "name": "M1 Pembentukan Pokja",
        "planned_date": "2025-03-31"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["planned_date"], body["achieved_date"], body["evidence"]) == ("2025-03-31", None, "")
    url = f"planning/milestones/{body['id']}"
    done = api.patch(url, {"achieved_date": "2025-03-20", "evidence": "SK Pokja", "version": 1})
    assert done.status_code == 200 and done.json()["achieved_date"] == "2025-03-20"
    assert api.put(url, {"order": 2, "name": "M2", "version": 1}).status_code == 409
    bad = api.patch(url, {"planned_date": "31-03-2025", "version": 2})
    assert bad.status_code == 422 and _fields(bad) == ["planned_date"]
    shown = api.get(f"planning/activities/{activity.pk}").json()["milestones"]
    assert [m["id"] for m in shown] == [body["id"]]
    assert api.delete(url, version=2).status_code == 204
    assert not Milestone.objects.exists()
    assert AuditEvent.objects.filter(content_type__model="milestone", source=AuditSource.API).count() == 3


# ---------------------------------------------------------------------------- quarter targets


def _targets(*values, versions=None):
    versions = versions or {}
    return {"targets": [{"quarter": q, "physical": p, "financial": f, "version": versions.get(q)}
                        for q, (p, f) in enumerate(values, start=1)]}


def test_targets_are_set_as_a_whole(world, activity):
    api = _api(world)
    url = f"planning/activities/{activity.pk}/targets"
    assert api.get(url).json() == []
    response = api.put(url, _targets(("25", "20000000"), ("50", "50000000"), ("75", "75000000"),
                                     ("100", "100000000")))
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(t["quarter"], D(t["physical"]), t["version"]) for t in body] == [
        (1, D(25), 1), (2, D(50), 1), (3, D(75), 1), (4, D(100), 1)]
    assert api.get(url).json() == body
    # Raising every quarter at once is consistent only as a whole: accepted.
    versions = {t["quarter"]: t["version"] for t in body}
    raised = api.put(url, _targets(("60", "20000000"), ("70", "50000000"), ("80", "75000000"),
                                   ("100", "100000000"), versions=versions))
    assert raised.status_code == 200
    assert [t["version"] for t in raised.json()] == [2, 2, 2, 1]  # Q4 unchanged: not written
    # The versions read before that save are stale now.
    stale = api.put(url, _targets(("61", "20000000"), ("70", "50000000"), ("80", "75000000"),
                                  ("100", "100000000"), versions=versions))
    assert stale.status_code == 409
    # "There was none" while there is one: stale too.
    assert api.put(url, _targets(("61", "1"), ("70", "1"), ("80", "1"), ("100", "1"))).status_code == 409
    events = AuditEvent.objects.filter(content_type__model="quartertarget")
    assert events.count() == 7 and {e.source for e in events} == {AuditSource.API}


def test_targets_validation_names_the_item(world, activity):
    api = _api(world)
    url = f"planning/activities/{activity.pk}/targets"
    decreasing = api.put(url, _targets(("30", "0"), ("20", "0"), ("50", "0"), ("100", "0")))
    assert decreasing.status_code == 422 and _fields(decreasing) == ["targets.1.physical"]
    over_budget = api.put(url, _targets(("10", "0"), ("20", "0"), ("50", "0"), ("100", "100000001")))
    assert over_budget.status_code == 422 and _fields(over_budget) == ["targets.3.financial"]
    too_much = api.put(url, _targets(("10", "0"), ("20", "0"), ("50", "0"), ("101", "0")))
    assert too_much.status_code == 422 and _fields(too_much) == ["targets.3.physical"]
    three = api.put(url, _targets(("10", "0"), ("20", "0"), ("50", "0")))
    assert three.status_code == 422 and _fields(three) == ["targets"]
    twice = _targets(("10", "0"), ("20", "0"), ("50", "0"), ("100", "0"))
    twice["targets"][3]["quarter"] = 3
    assert _fields(api.put(url, twice)) == ["targets"]
    no_version = {"targets": [{"quarter": q, "physical": "1", "financial": "0"} for q in (1, 2, 3, 4)]}
    response = api.put(url, no_version)
    assert response.status_code == 422 and "targets.0.version" in _fields(response)
    assert not QuarterTarget.objects.exists()


def test_targets_scope(world, sample):
    kec = make_activity(world.kec_sangatta)
    mimika = make_activity(world.mimika_tapem)
    make_targets(kec, ("10", "0"))
    body = _targets(("10", "0"), ("20", "0"), ("50", "0"), ("100", "0"))
    assert _api(world, Role.VIEWER).get(f"planning/activities/{kec.pk}/targets").status_code == 200
    assert _api(world, Role.VIEWER).put(f"planning/activities/{kec.pk}/targets", body).status_code == 403
    assert _api(world).put(f"planning/activities/{kec.pk}/targets", body).status_code == 404
    assert _api(world, Role.COORDINATOR).put(f"planning/activities/{mimika.pk}/targets",
                                             body).status_code == 404
    assert QuarterTarget.objects.count() == 1
