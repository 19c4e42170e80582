"""The API permission matrix, continued for the writes of an activity's parts: indicators and
milestones (create, read, update, delete), quarterly targets (read and set as a whole) and the
outputs realized of a realization (set as a whole).

Same world and columns as test_permissions: each part hangs off an activity of Tapem (inside
the head's and the operator's subtrees), of the Sangatta Utara district office (the viewer's,
outside the unit roles'), of Bappeda (the coordinator's government only) or of Mimika (nobody's
but the administrator's). The resources are registered in test_permissions.RESOURCES, so
`check` builds the requests the same way."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sinergi.core.services import Actor
from sinergi.monitoring.models import Realization
from sinergi.planning.importers import load_sample_nomenclature
from sinergi.planning.models import Activity, Indicator, Milestone
from tests.api.conftest import matrix
from tests.api.test_permissions import RESOURCES, check

pytestmark = pytest.mark.django_db

SUB = "1.01.01.2.01.0001"
PLACES = {"tapem": "tapem", "kec": "kec", "bappeda": "bappeda", "mimika": "mimika_tapem"}


@pytest.fixture
def objs(objs):
    """The shared objects plus, per place, an activity (`act_<place>`) with an indicator
    (`ind_<place>`), a milestone (`ms_<place>`) and a draft realization (`real_<place>`)."""
    result = load_sample_nomenclature(Actor.system())
    assert result.ok, result.errors
    for place, unit in PLACES.items():
        activity = Activity(unit=objs[unit], year=2025, nomenclature_id=SUB,
                            budget=Decimal(100_000_000)).sync_government()
        activity.full_clean()
        activity.save()
        objs[f"act_{place}"] = activity
        objs[f"ind_{place}"] = Indicator.objects.create(
            activity=activity, name="Dokumen", measure_unit="dokumen", annual_target=Decimal(4))
        objs[f"ms_{place}"] = Milestone.objects.create(activity=activity, name="M1")
        objs[f"real_{place}"] = Realization.objects.create(
            activity=activity, quarter=1, physical=Decimal(10), financial=Decimal(1000))
    return objs


def _targets(_activity) -> dict:
    return {"targets": [{"quarter": q, "physical": str(25 * q), "financial": "0", "version": None}
                        for q in (1, 2, 3, 4)]}


RESOURCES.update({
    "indicators": {
        "url": "planning/indicators",
        "create": lambda o, t: {"activity": o[f"act_{t}"].pk, "name": "Peserta",
                                "measure_unit": "orang", "annual_target": "30"},
        "put": lambda o: {"name": "Dokumen Renja", "measure_unit": "dokumen", "annual_target": "5",
                          "version": o.version},
        "patch": lambda o: {"annual_target": "5", "version": o.version},
    },
    "milestones": {
        "url": "planning/milestones",
        "create": lambda o, t: {"activity": o[f"act_{t}"].pk, "name": "M2", "order": 2},
        "put": lambda o: {"order": 1, "name": "M1 Pokja", "planned_date": "2025-03-31",
                          "version": o.version},
        "patch": lambda o: {"achieved_date": "2025-03-20", "version": o.version},
    },
    "targets": {
        "url": "planning/activities",
        "key": lambda o: f"{o.pk}/targets",
        "put": _targets,
    },
    "outputs": {
        "url": "monitoring/realizations",
        "key": lambda o: f"{o.pk}/outputs",
        "put": lambda o: {"version": o.version, "outputs": [
            {"indicator": o.activity.indicators.get().pk, "value": "2"}]},
    },
})

#   action    target          admin coord head  oper  viewer anon
PARTS = [
    ("list",   None,           200,  200,  200,  200,  200,   401),
    ("get",    "{}_tapem",     200,  200,  200,  200,  404,   401),
    ("get",    "{}_kec",       200,  200,  404,  404,  200,   401),
    ("get",    "{}_mimika",    200,  404,  404,  404,  404,   401),
    ("create", "tapem",        201,  201,  201,  201,  403,   401),
    ("create", "bappeda",      201,  201,  422,  422,  403,   401),  # invisible: unknown id
    ("create", "mimika",       201,  422,  422,  422,  403,   401),
    ("put",    "{}_tapem",     200,  200,  200,  200,  404,   401),
    ("put",    "{}_kec",       200,  200,  404,  404,  403,   401),
    ("put",    "{}_mimika",    200,  404,  404,  404,  404,   401),
    ("patch",  "{}_tapem",     200,  200,  200,  200,  404,   401),
    ("patch",  "{}_kec",       200,  200,  404,  404,  403,   401),
    ("delete", "{}_tapem",     204,  204,  204,  204,  404,   401),
    ("delete", "{}_kec",       204,  204,  404,  404,  403,   401),
    ("delete", "{}_mimika",    204,  404,  404,  404,  404,   401),
]


def _named(rows: list[tuple], prefix: str) -> list[tuple]:
    return [(action, target.format(prefix) if target else target, *statuses)
            for action, target, *statuses in rows]


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(_named(PARTS, "ind")))
def test_indicators(as_role, objs, role, action, target, status):
    check(as_role, objs, "indicators", role, action, target, status)
    if action in ("put", "patch"):
        changed = Indicator.objects.get(pk=objs[target].pk).annual_target == Decimal(5)
        assert changed == (status == 200)
    if action == "delete":
        assert Indicator.objects.filter(pk=objs[target].pk).exists() == (status != 204)


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(_named(PARTS, "ms")))
def test_milestones(as_role, objs, role, action, target, status):
    check(as_role, objs, "milestones", role, action, target, status)
    if action == "create":
        assert Milestone.objects.filter(name="M2").exists() == (status == 201)
    if action == "delete":
        assert Milestone.objects.filter(pk=objs[target].pk).exists() == (status != 204)


TARGETS = [
    ("get",    "act_tapem",    200,  200,  200,  200,  404,   401),
    ("get",    "act_kec",      200,  200,  404,  404,  200,   401),
    ("get",    "act_mimika",   200,  404,  404,  404,  404,   401),
    ("put",    "act_tapem",    200,  200,  200,  200,  404,   401),
    ("put",    "act_kec",      200,  200,  404,  404,  403,   401),
    ("put",    "act_bappeda",  200,  200,  404,  404,  404,   401),
    ("put",    "act_mimika",   200,  404,  404,  404,  404,   401),
]


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(TARGETS))
def test_targets(as_role, objs, role, action, target, status):
    check(as_role, objs, "targets", role, action, target, status)
    if action == "put":
        assert objs[target].quarter_targets.count() == (4 if status == 200 else 0)


OUTPUTS = [
    ("put",    "real_tapem",   200,  200,  200,  200,  404,   401),
    ("put",    "real_kec",     200,  200,  404,  404,  403,   401),
    ("put",    "real_bappeda", 200,  200,  404,  404,  404,   401),
    ("put",    "real_mimika",  200,  404,  404,  404,  404,   401),
]


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(OUTPUTS))
def test_outputs(as_role, objs, role, action, target, status):
    check(as_role, objs, "outputs", role, action, target, status)
    assert objs[target].outputs.count() == (1 if status == 200 else 0)
