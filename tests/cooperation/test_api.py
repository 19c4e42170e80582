"""API of the cooperation registry: who sees and writes which agreement (the partner region's
coordinator reads, never writes), the evaluation steps, stale versions."""

from __future__ import annotations

import datetime as dt

import pytest

from sinergi.cooperation.models import Evaluation, Partner
from sinergi.core.roles import Role
from sinergi.regions.models import Region
from tests import factories
from tests.api.conftest import ApiClient
from tests.cooperation.test_evaluation import agreement


@pytest.fixture
def waste(world):
    a = agreement(world, "Sampah", [world.tapem])
    Partner.objects.create(agreement=a, region=Region.objects.get(name="Kabupaten Mimika"))
    return a


@pytest.mark.parametrize(
    ("role", "sees", "writes"),
    [
        (Role.ADMINISTRATOR, True, True),
        (Role.COORDINATOR, True, True),
        (Role.UNIT_HEAD, True, True),
        (Role.UNIT_OPERATOR, True, True),
        (Role.VIEWER, False, False),
    ],
)
def test_agreement_scope_by_role(world, waste, role, sees, writes):
    api = ApiClient(world.users[role])
    response = api.get(f"cooperation/agreements/{waste.pk}")
    assert response.status_code == (200 if sees else 404)
    patch = api.patch(f"cooperation/agreements/{waste.pk}", {"version": waste.version, "notes": "x"})
    assert patch.status_code == (200 if writes else 404)


def test_partner_region_coordinator_reads_only(world, waste):
    api = ApiClient(factories.user("coord-mimika", Role.COORDINATOR, [world.mimika_tapem]))
    body = api.get(f"cooperation/agreements/{waste.pk}").json()
    assert body["title"] == "Sampah" and body["editable"] is False
    assert api.patch(f"cooperation/agreements/{waste.pk}", {"version": 1, "notes": "x"}).status_code == 403
    assert [a["id"] for a in api.get("cooperation/agreements").json()] == [waste.pk]


def test_create_scoped_to_the_units_of_the_user(world):
    operator = ApiClient(world.users[Role.UNIT_OPERATOR])  # Tapem
    own = {
        "government": world.kutim.pk,
        "title": "Air bersih",
        "kind": "region_voluntary",
        "responsible_units": [world.tapem.pk],
    }
    assert operator.post("cooperation/agreements", own).status_code == 201
    other = {**own, "title": "Beasiswa", "responsible_units": [world.bappeda.pk]}
    assert operator.post("cooperation/agreements", other).status_code == 422  # the unit is not visible to it


def test_stale_patch_and_evaluation_steps(world, waste):
    coordinator = ApiClient(world.users[Role.COORDINATOR])
    assert (
        coordinator.patch(
            f"cooperation/agreements/{waste.pk}", {"version": waste.version - 1 or 99, "notes": "x"}
        ).status_code
        == 409
    )
    from sinergi.cooperation import evaluation as ev
    from sinergi.core.services import Actor

    evaluation_round = ev.open_round(
        Actor(world.users[Role.COORDINATOR]), world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31)
    )
    evaluation = Evaluation.objects.get(round=evaluation_round)
    operator = ApiClient(world.users[Role.UNIT_OPERATOR])
    saved = operator.patch(
        f"cooperation/evaluations/{evaluation.pk}", {"version": evaluation.version, "benefit": "Manfaat"}
    ).json()
    submitted = operator.post(
        f"cooperation/evaluations/{evaluation.pk}/submit", {"version": saved["version"]}
    )
    assert submitted.json()["status"] == "submitted"
    head = ApiClient(world.users[Role.UNIT_HEAD])
    blank = head.post(
        f"cooperation/evaluations/{evaluation.pk}/return", {"version": submitted.json()["version"]}
    )
    assert blank.status_code == 422
    rounds = coordinator.get("cooperation/rounds", government=world.kutim.pk).json()
    assert rounds[0]["agreements"] == 1 and rounds[0]["agreements_evaluated"] == 1
