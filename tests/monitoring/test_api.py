"""API v1 for monitoring: realizations (scope, drafts, versions, the workflow steps) and the
quarter rollup."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.monitoring.models import Realization
from tests.api.conftest import ApiClient
from tests.monitoring.conftest import make_activity, open_period, realization

pytestmark = pytest.mark.django_db
D = Decimal
URL = "monitoring/realizations"


def _client(world, role):
    return ApiClient(world.users[role])


def test_operator_creates_updates_and_submits_a_draft(world, tapem_activity):
    api = _client(world, Role.UNIT_OPERATOR)
    response = api.post(URL, {"activity": tapem_activity.pk, "quarter": 1, "physical": "30",
                              "financial": "25000000", "problems": "Cuaca"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["unit"], body["government"], body["year"]) == (
        S.DRAFT, world.tapem.pk, world.kutim.pk, 2025)
    assert D(body["physical"]) == D(30)
    event = AuditEvent.objects.get(content_type__model="realization", object_id=str(body["id"]))
    assert event.source == AuditSource.API
    # A second draft for the same quarter is refused: update the existing one.
    again = api.post(URL, {"activity": tapem_activity.pk, "quarter": 1, "physical": "1",
                           "financial": "1"})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "quarter"
    patched = api.patch(f"{URL}/{body['id']}", {"physical": "35", "version": body["version"]})
    assert patched.status_code == 200 and D(patched.json()["physical"]) == D(35)
    stale = api.patch(f"{URL}/{body['id']}", {"physical": "36", "version": body["version"]})
    assert stale.status_code == 409
    version = patched.json()["version"]
    closed = api.post(f"{URL}/{body['id']}/submit", {"version": version})
    assert closed.status_code == 422
    open_period(world.kutim, 1)
    submitted = api.post(f"{URL}/{body['id']}/submit", {"version": version})
    assert submitted.status_code == 200 and submitted.json()["status"] == S.SUBMITTED
    assert submitted.json()["submitted_by"] == world.users[Role.UNIT_OPERATOR].pk
    # Locked for editing once submitted.
    locked = api.put(f"{URL}/{body['id']}", {"physical": "40", "financial": "1",
                                            "version": submitted.json()["version"]})
    assert locked.status_code == 422


def test_rules_answer_422_with_the_field(world, tapem_activity):
    api = _client(world, Role.UNIT_OPERATOR)
    over = api.post(URL, {"activity": tapem_activity.pk, "quarter": 1, "physical": "10",
                          "financial": str(tapem_activity.budget + 1)})
    assert over.status_code == 422 and over.json()["errors"][0]["field"] == "financial"
    realization(tapem_activity, 1, "50", "10", status=S.VERIFIED)
    lower = api.post(URL, {"activity": tapem_activity.pk, "quarter": 2, "physical": "40",
                           "financial": "10"})
    assert lower.status_code == 422 and lower.json()["errors"][0]["field"] == "physical"
    bad = api.post(URL, {"activity": tapem_activity.pk, "quarter": 5, "physical": "1",
                         "financial": "1"})
    assert bad.status_code == 422


def test_verify_return_reopen(world, tapem_activity):
    r = realization(tapem_activity, 1, status=S.SUBMITTED)
    head, operator, coordinator = (_client(world, role) for role in
                                   (Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.COORDINATOR))
    assert operator.post(f"{URL}/{r.pk}/verify", {"version": r.version}).status_code == 403
    no_reason = head.post(f"{URL}/{r.pk}/return", {"version": r.version})
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "return_reason"
    verified = head.post(f"{URL}/{r.pk}/verify", {"version": r.version})
    assert verified.status_code == 200 and verified.json()["status"] == S.VERIFIED
    version = verified.json()["version"]
    assert head.post(f"{URL}/{r.pk}/reopen", {"version": version, "reason": "x"}).status_code == 403
    assert coordinator.post(f"{URL}/{r.pk}/reopen", {"version": version - 1, "reason": "x"}
                            ).status_code == 409
    reopened = coordinator.post(f"{URL}/{r.pk}/reopen", {"version": version, "reason": "Koreksi"})
    assert reopened.status_code == 200
    assert (reopened.json()["status"], reopened.json()["return_reason"]) == (S.RETURNED, "Koreksi")


def test_reopen_is_refused_while_the_period_is_closed(world, tapem_activity):
    """Issue 16: the service refuses to reopen a verified realization of a closed period; the
    API answers with the refusal and changes nothing."""
    from sinergi.core.services import Actor
    from sinergi.monitoring import services

    period = open_period(tapem_activity.government, 1)
    r = realization(tapem_activity, 1, status=S.VERIFIED)
    services.close_period(Actor.system(), period, expected_version=period.version)
    refused = _client(world, Role.COORDINATOR).post(f"{URL}/{r.pk}/reopen",
                                                    {"version": r.version, "reason": "Koreksi"})
    assert refused.status_code == 422, refused.content
    assert Realization.objects.get(pk=r.pk).status == S.VERIFIED


def test_scope_of_lists_and_lookups(world, tapem_activity, mimika_activity):
    mine = realization(tapem_activity, 1)
    theirs = realization(mimika_activity, 1)
    ids = {r["id"] for r in _client(world, Role.UNIT_OPERATOR).get(URL).json()["items"]}
    assert ids == {mine.pk}
    assert _client(world, Role.VIEWER).get(URL).json()["count"] == 0
    assert {r["id"] for r in _client(world, Role.ADMINISTRATOR).get(URL).json()["items"]} == {
        mine.pk, theirs.pk}
    coordinator = _client(world, Role.COORDINATOR)
    assert coordinator.get(f"{URL}/{theirs.pk}").status_code == 404
    assert coordinator.post(f"{URL}/{theirs.pk}/verify", {"version": 1}).status_code == 404
    create = coordinator.post(URL, {"activity": mimika_activity.pk, "quarter": 2, "physical": "1",
                                    "financial": "1"})
    assert create.status_code == 422 and create.json()["errors"][0]["field"] == "activity"
    viewer = ApiClient(world.users[Role.VIEWER])
    assert viewer.post(f"{URL}/{mine.pk}/submit", {"version": 1}).status_code == 404
    filtered = _client(world, Role.ADMINISTRATOR).get(URL, government=world.mimika.pk, quarter=1)
    assert [r["id"] for r in filtered.json()["items"]] == [theirs.pk]
    assert _client(world, Role.ADMINISTRATOR).get(URL, unit=world.setda.pk).json()["count"] == 1
    assert ApiClient().get(URL).status_code == 401
    assert Realization.objects.count() == 2


def test_rollup(world, tapem_activity, sample):
    other = make_activity(world.bappeda, budget="300000000")
    realization(tapem_activity, 1, "20", "15000000", status=S.SUBMITTED)
    realization(other, 1, "80", "0", status=S.VERIFIED, submitted_late=True)
    api = _client(world, Role.COORDINATOR)
    response = api.get("monitoring/rollup", government="64.08", year=2025, quarter=1)
    assert response.status_code == 200, response.json()
    body = response.json()
    groups = {g["code"]: g for g in body["groups"]}
    assert [g["code"] for g in body["groups"]] == ["BAPPEDA", "TAPEM"]
    assert D(groups["TAPEM"]["physical_achievement"]) == D(20)
    assert groups["TAPEM"]["band"] == "sangat_rendah"
    assert D(groups["TAPEM"]["physical_deviation"]) == D(-5)
    assert (groups["BAPPEDA"]["late"], groups["BAPPEDA"]["on_time"], groups["BAPPEDA"]["band"]) == (
        1, 0, "tinggi")
    # (100 jt × 20 + 300 jt × 80) ÷ 400 jt = 65 %.
    assert D(body["total"]["physical_achievement"]) == D(65)
    assert body["total"]["activities"] == 2 and D(body["total"]["reporting_rate"]) == D(100)
    # The head of Setda sees its subtree only.
    head = _client(world, Role.UNIT_HEAD).get("monitoring/rollup", government="64.08", year=2025,
                                               quarter=1).json()
    assert [g["code"] for g in head["groups"]] == ["TAPEM"]
    assert api.get("monitoring/rollup", government="64.08", year=2025, quarter=1,
                   group_by="weekday").status_code == 422
    assert api.get("monitoring/rollup", government="94.04", year=2025, quarter=1).status_code == 404
    assert api.get("monitoring/rollup", government="64.08", year=2025, quarter=5).status_code == 422
