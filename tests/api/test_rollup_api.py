"""GET /api/v1/monitoring/rollup for every grouping (unit, priority, region) and level
(government, province, nation): figures, order, who may ask what (a government's users see their
part of it; province and nation are for national users, 403 for others), bad parameters (422 with
field and reason), and query counts pinned in tests/query_counts.json that do not grow with data."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.planning.importers import load_sample_nomenclature
from sinergi.planning.models import Priority
from sinergi.regions.models import Region
from tests import factories
from tests.api.conftest import ApiClient
from tests.monitoring.conftest import make_activity, make_targets, realization
from tests.test_query_counts import COUNTS_FILE, UPDATE

pytestmark = pytest.mark.django_db
D = Decimal
URL = "monitoring/rollup"
PINNED_KEY = "monitoring_rollup_api"


def asta_cita(number: str) -> Priority:
    return Priority.objects.get(framework__government__isnull=True, number=number)


@pytest.fixture
def sample(db):
    result = load_sample_nomenclature(Actor.system())
    assert result.ok, result.errors


@pytest.fixture
def data(world, sample):
    """Kutai Timur: A (Tapem, Sangatta Utara, 100 jt, 40 %, Asta Cita 4 and 6), B (Bappeda, Muara
    Ancalong, 300 jt, 60 % of 80, late, Asta Cita 4), C (Bappeda, the regency, 100 jt, not
    reported). The province government (64): P (500 jt, 80 %, Asta Cita 6). Mimika: R (999 jt,
    30 %, Asta Cita 4)."""
    p4, p6 = asta_cita("4"), asta_cita("6")
    province = factories.government("64")
    prov_unit = factories.unit(province, "BAPPEDA", "Bappeda Provinsi")
    a = make_activity(world.tapem, budget="100000000", location_id="64.08.04")
    a.priorities.set([p4, p6])
    realization(a, 1, "40", "30000000", status=S.SUBMITTED)
    b = make_activity(world.bappeda, budget="300000000", location_id="64.08.01")
    make_targets(b, ("25", "0"), ("50", "0"), ("60", "0"), ("80", "240000000"))
    b.priorities.set([p4])
    realization(b, 1, "60", "90000000", status=S.VERIFIED, submitted_late=True)
    make_activity(world.bappeda, budget="100000000", location_id="64.08")
    p = make_activity(prov_unit, budget="500000000")
    p.priorities.set([p6])
    realization(p, 1, "80", "100000000", status=S.VERIFIED)
    r = make_activity(world.mimika_tapem, budget="999000000")
    r.priorities.set([p4])
    realization(r, 1, "30", "1000", status=S.VERIFIED)
    return {"p4": p4, "p6": p6, "province": province}


def _get(world, role, **params):
    params = {"year": 2025, "quarter": 1, **params}
    return ApiClient(world.users[role]).get(URL, **params)


def _ok(response) -> dict:
    assert response.status_code == 200, response.json()
    return response.json()


def _errors(response, status: int) -> dict:
    assert response.status_code == status, response.content
    return {e["field"]: e["reason"] for e in response.json()["errors"]}


# ---------------------------------------------------------------------------- a government


def test_by_priority_lists_every_priority_with_double_counting(world, data):
    body = _ok(_get(world, Role.COORDINATOR, government="64.08", group_by="priority"))
    assert (body["scope"], body["government"], body["region"]) == ("government", world.kutim.pk, "64.08")
    # Every Asta Cita mission, in order, zeros where no activity serves it (the gap).
    assert [g["code"] for g in body["groups"]] == [str(n) for n in range(1, 9)]
    groups = {g["code"]: g for g in body["groups"]}
    four, six = groups["4"], groups["6"]
    assert four["key"] == data["p4"].pk and four["framework"] == data["p4"].framework_id
    assert four["framework_name"] == "Asta Cita" and four["name"] == data["p4"].title
    # Asta Cita 4: A (100 jt, 40 %) and B (300 jt, 75 %): (4000 + 22500) ÷ 400 = 66.25 %.
    assert (four["activities"], D(four["budget"])) == (2, D(400_000_000))
    assert D(four["physical_achievement"]) == D("66.25") and four["band"] == "sedang"
    assert (four["on_time"], four["late"], four["missing"]) == (1, 1, 0)
    # Asta Cita 6: A again, in full (the province's P is another government).
    assert (six["activities"], D(six["physical_achievement"])) == (1, D(40))
    assert groups["1"]["activities"] == 0 and groups["1"]["physical_achievement"] is None
    assert four["at_risk"] is None
    # The total counts each activity once: A, B, C = 500 jt.
    total = body["total"]
    assert (total["activities"], D(total["budget"]), total["missing"]) == (3, D(500_000_000), 1)
    assert D(total["physical_achievement"]) == D(53)  # (4000 + 22500 + 0) ÷ 500


def test_by_region_lists_every_kecamatan_and_the_regency_bucket(world, data):
    body = _ok(_get(world, Role.COORDINATOR, government="64.08", group_by="region"))
    codes = [g["code"] for g in body["groups"]]
    kecamatan = list(Region.objects.filter(parent_id="64.08").order_by("code").values_list("code", flat=True))
    assert codes == ["64.08", *kecamatan]
    groups = {g["code"]: g for g in body["groups"]}
    assert groups["64.08"]["level"] == "regency" and groups["64.08"]["name"] == "Kabupaten Kutai Timur"
    assert groups["64.08"]["activities"] == 1 and groups["64.08"]["missing"] == 1  # C
    assert groups["64.08.04"]["level"] == "district" and groups["64.08.04"]["name"] == "Sangatta Utara"
    assert D(groups["64.08.04"]["physical_achievement"]) == D(40)
    assert D(groups["64.08.01"]["physical_achievement"]) == D(75)
    assert groups["64.08.02"]["activities"] == 0
    assert sum(g["activities"] for g in body["groups"]) == body["total"]["activities"] == 3
    assert D(body["total"]["physical_achievement"]) == D(53)
    assert body["total"]["code"] == "64.08"


def test_unit_grouping_keeps_its_shape(world, data):
    body = _ok(_get(world, Role.COORDINATOR, government="64.08"))
    assert body["group_by"] == "unit" and body["scope"] == "government"
    # Issue 16: Bappeda (56,25 %) reported 1 of its 2 activities; Tapem (40 %) all of its one.
    # Only complete units are ranked: Tapem first, Bappeda after it, flagged incomplete.
    assert [(g["code"], g["complete"]) for g in body["groups"]] == [("TAPEM", True), ("BAPPEDA", False)]
    assert body["total"]["complete"] is False
    assert all(isinstance(g["at_risk"], bool) for g in body["groups"])
    assert body["groups"][0]["level"] is None and body["groups"][0]["framework"] is None


def test_a_province_government_is_a_government(world, data):
    body = _ok(_get(world, Role.ADMINISTRATOR, government="64", group_by="region"))
    assert body["government"] == data["province"].pk and body["total"]["activities"] == 1
    assert body["groups"][0]["code"] == "64" and body["groups"][0]["activities"] == 1
    assert {g["level"] for g in body["groups"]} == {"province"}  # a province has no kecamatan


def test_government_users_see_their_part(world, data):
    # The head of Setda sees Tapem's activity A only, in every grouping.
    for group_by in ("unit", "priority", "region"):
        body = _ok(_get(world, Role.UNIT_HEAD, government="64.08", group_by=group_by))
        assert body["total"]["activities"] == 1, group_by
    assert _get(world, Role.COORDINATOR, government="94.04", group_by="region").status_code == 404
    assert _get(world, Role.COORDINATOR, government="64", group_by="priority").status_code == 404


# ---------------------------------------------------------------------------- province, nation


def test_province_by_government(world, data):
    body = _ok(_get(world, Role.ADMINISTRATOR, province="64", group_by="region"))
    assert (body["scope"], body["government"], body["region"]) == ("province", None, "64")
    # Only regions with a government are listed: the province's own, then Kutai Timur.
    assert [(g["code"], g["level"], g["activities"]) for g in body["groups"]] == [
        ("64", "province", 1), ("64.08", "regency", 3)]
    assert body["total"]["name"] == "Kalimantan Timur" and body["total"]["activities"] == 4
    # (4000 + 22500 + 0 + 500 × 80) ÷ 1000.
    assert D(body["total"]["physical_achievement"]) == D("66.5")


def test_nation_by_province_and_by_priority(world, data):
    body = _ok(_get(world, Role.ADMINISTRATOR, group_by="region"))
    assert (body["scope"], body["government"], body["region"]) == ("nation", None, None)
    provinces = Region.objects.filter(level="province").count()
    assert len(body["groups"]) == provinces and body["groups"][0]["code"] == "11"
    groups = {g["code"]: g for g in body["groups"]}
    assert (groups["64"]["activities"], groups["94"]["activities"], groups["11"]["activities"]) == (4, 1, 0)
    assert body["total"]["activities"] == 5
    assert D(body["total"]["budget"]) == D(1_999_000_000)
    by_priority = _ok(_get(world, Role.ADMINISTRATOR, group_by="priority"))
    four = next(g for g in by_priority["groups"] if g["code"] == "4")
    six = next(g for g in by_priority["groups"] if g["code"] == "6")
    assert (four["activities"], six["activities"]) == (3, 2)  # A, B, R; A, P
    assert by_priority["total"]["activities"] == 5
    in_province = _ok(_get(world, Role.ADMINISTRATOR, province="64", group_by="priority"))
    assert next(g for g in in_province["groups"] if g["code"] == "4")["activities"] == 2


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER])
def test_province_and_nation_are_for_national_users(world, data, role):
    assert "province" in _errors(_get(world, role, province="64", group_by="region"), 403)
    assert "government" in _errors(_get(world, role, group_by="priority"), 403)


def test_anonymous_is_refused(world, data):
    assert ApiClient().get(URL, government="64.08", year=2025, quarter=1).status_code == 401
    assert ApiClient().get(URL, year=2025, quarter=1, group_by="region").status_code == 401


@pytest.mark.parametrize(("params", "field"), [
    ({"government": "64.08", "group_by": "weekday"}, "group_by"),
    ({"government": "64.08", "province": "64", "group_by": "region"}, "province"),
    ({"province": "64.08", "group_by": "region"}, "province"),
    ({"province": "99", "group_by": "region"}, "province"),
    ({"province": "64"}, "group_by"),  # unit needs a government
    ({"group_by": "unit"}, "group_by"),
    ({"government": "64.08", "quarter": 0}, "quarter"),
    ({"government": "64.08", "quarter": "x"}, "quarter"),
    ({"government": "64.08", "year": 1999}, "year"),
])
def test_bad_parameters(world, data, params, field):
    errors = _errors(_get(world, Role.ADMINISTRATOR, **params), 422)
    assert errors.get(field)


def test_missing_year_is_named(world, data):
    response = ApiClient(world.users[Role.ADMINISTRATOR]).get(URL, government="64.08", quarter=1)
    assert "year" in _errors(response, 422)


# ---------------------------------------------------------------------------- query counts

CASES = [
    (Role.ADMINISTRATOR, "government:unit", {"government": "64.08"}),
    (Role.ADMINISTRATOR, "government:priority", {"government": "64.08", "group_by": "priority"}),
    (Role.ADMINISTRATOR, "government:region", {"government": "64.08", "group_by": "region"}),
    (Role.ADMINISTRATOR, "province:priority", {"province": "64", "group_by": "priority"}),
    (Role.ADMINISTRATOR, "province:region", {"province": "64", "group_by": "region"}),
    (Role.ADMINISTRATOR, "nation:priority", {"group_by": "priority"}),
    (Role.ADMINISTRATOR, "nation:region", {"group_by": "region"}),
    (Role.COORDINATOR, "government:unit", {"government": "64.08"}),
    (Role.COORDINATOR, "government:priority", {"government": "64.08", "group_by": "priority"}),
    (Role.COORDINATOR, "government:region", {"government": "64.08", "group_by": "region"}),
    (Role.COORDINATOR, "nation:region", {"group_by": "region"}),  # refused: cheap too
]


def _more(world, data, n: int) -> None:
    units = [world.tapem, world.bappeda, world.kec_sangatta]
    districts = list(Region.objects.filter(parent_id="64.08").values_list("code", flat=True))
    for i in range(n):
        activity = make_activity(units[i % 3], budget="1000000", location_id=districts[i % len(districts)])
        activity.priorities.set([data["p4"] if i % 2 else data["p6"]])
        realization(activity, 1, "10", "1000", status=S.SUBMITTED)


def _count(world, role, params) -> int:
    api = ApiClient(world.users[role])
    api.get(URL, year=2025, quarter=1, **params)  # warm process-wide caches
    with CaptureQueriesContext(connection) as queries:
        api.get(URL, year=2025, quarter=1, **params)
    return len(queries)


def test_query_counts_are_pinned_and_do_not_grow(world, data):
    small = {(role, key): _count(world, role, params) for role, key, params in CASES}
    _more(world, data, 30)
    large = {(role, key): _count(world, role, params) for role, key, params in CASES}
    assert small == large, {k: (small[k], large[k]) for k in small if small[k] != large[k]}
    pinned = json.loads(COUNTS_FILE.read_text(encoding="utf-8")) if COUNTS_FILE.exists() else {}
    entry = pinned.setdefault(PINNED_KEY, {})
    counts = {f"{role}:{key}": n for (role, key), n in large.items()}
    if UPDATE:
        entry.update(counts)
        COUNTS_FILE.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return
    missing = sorted(set(counts) - set(entry))
    assert not missing, f"no pinned count for {missing}: run with UPDATE_QUERY_COUNTS=1"
    exceeded = {key: (entry[key], n) for key, n in counts.items() if n > entry[key]}
    assert not exceeded, f"more queries than pinned in {COUNTS_FILE.name} (pinned, now): {exceeded}"
