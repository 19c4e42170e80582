"""API v1 /planning/plans/{government}/{year}/versions: the versions of a government's annual
plan (status, number, kind, adopted at/by, totals) and what each changed, read only, seen by
whoever sees the government."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sinergi.core.roles import Role
from sinergi.core.services import Actor, update_object
from sinergi.planning import lifecycle
from sinergi.planning.choices import RevisionKind
from sinergi.planning.models import Activity, Indicator
from sinergi.planning.services import set_quarter_targets
from tests.api.conftest import ApiClient
from tests.planning.conftest import make_activity, make_targets

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def versions(world, sample):
    """Kutai Timur's 2025 plan: the DPA (two activities of 100 million), revision 1 adopted
    (B's pagu, TW IV target and indicator raised), revision 2 cancelled, revision 3 open (A's
    pagu raised)."""
    a = make_activity(world.tapem, year=YEAR, budget="100000000")
    b = make_activity(world.tapem, year=YEAR, budget="100000000", name="Kegiatan B")
    for activity in (a, b):
        make_targets(activity, ("25", "25000000"), ("50", "50000000"), ("75", "75000000"),
                     ("100", "100000000"))
    indicator = Indicator.objects.create(activity=b, name="Jumlah dokumen", measure_unit="dokumen",
                                         annual_target=Decimal(4))
    coordinator = Actor(world.users[Role.COORDINATOR])
    lifecycle.adopt(coordinator, world.kutim, YEAR, reference="DPA 1", decided_on=dt.date(2025, 1, 2))

    def plan():
        return lifecycle.plan_of(world.kutim.pk, YEAR)

    lifecycle.start_revision(coordinator, plan(), kind=RevisionKind.PERUBAHAN, effective_quarter=3)
    b = update_object(coordinator, Activity.objects.get(pk=b.pk), {"budget": Decimal("200000000")},
                      expected_version=None)
    set_quarter_targets(coordinator, b, {4: (Decimal("100"), Decimal("200000000"))})
    update_object(coordinator, indicator, {"annual_target": Decimal(6)}, expected_version=None)
    lifecycle.adopt_revision(coordinator, plan(), reference="Perda 5/2025")
    lifecycle.start_revision(coordinator, plan(), kind=RevisionKind.PERGESERAN, effective_quarter=4)
    lifecycle.cancel_revision(coordinator, plan(), reason="Ditolak")
    lifecycle.start_revision(coordinator, plan(), kind=RevisionKind.PERGESERAN, effective_quarter=4)
    update_object(coordinator, Activity.objects.get(pk=a.pk), {"budget": Decimal("150000000")},
                  expected_version=None)
    return a, b, indicator


def url(government, year=YEAR, number=None) -> str:
    base = f"planning/plans/{government}/{year}/versions"
    return base if number is None else f"{base}/{number}"


def test_the_versions_with_status_who_and_totals(world, versions):
    response = ApiClient(world.users[Role.COORDINATOR]).get(url(world.kutim.pk))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["government"], body["year"], body["status"]) == (world.kutim.pk, YEAR, "revising")
    rows = body["versions"]
    assert [(v["number"], v["kind"], v["status"]) for v in rows] == [
        (0, "dpa", "adopted"), (1, "perubahan", "adopted"), (2, "pergeseran", "cancelled"),
        (3, "pergeseran", "open")]
    coordinator = world.users[Role.COORDINATOR].pk
    assert rows[0]["adopted_by"] == coordinator and rows[0]["adopted_at"] and rows[0]["reference"] == "DPA 1"
    assert [(v["activities"], v["budget_total"] and Decimal(v["budget_total"])) for v in rows] == [
        (2, Decimal("200000000")), (2, Decimal("300000000")), (None, None), (2, Decimal("350000000"))]
    assert rows[2]["cancelled_by"] == coordinator and rows[2]["cancel_reason"] == "Ditolak"
    assert rows[3]["adopted_at"] is None and rows[3]["effective_quarter"] == 4


def test_a_revisions_diff_per_activity(world, versions):
    _a, b, indicator = versions
    api = ApiClient(world.users[Role.UNIT_OPERATOR])  # whoever sees the government reads it
    body = api.get(url(world.kutim.pk, number=1)).json()
    assert body["compared_with"] == 0 and body["version"]["status"] == "adopted"
    assert (Decimal(body["budget_before"]), Decimal(body["budget_after"])) == (
        Decimal("200000000"), Decimal("300000000"))
    [change] = body["changes"]
    assert (change["activity"], change["kind"]) == (b.pk, "changed")
    assert (Decimal(change["budget_before"]), Decimal(change["budget_after"])) == (
        Decimal("100000000"), Decimal("200000000"))
    [target] = change["targets"]
    assert target["quarter"] == 4
    assert Decimal(target["before"]["financial"]) == Decimal("100000000")
    assert Decimal(target["after"]["financial"]) == Decimal("200000000")
    [changed] = change["indicators"]
    assert changed["indicator"] == indicator.pk
    assert (Decimal(changed["before"]["annual_target"]), Decimal(changed["after"]["annual_target"])) == (4, 6)
    assert changed["after"]["measure_unit"] == "dokumen"

    dpa = api.get(url(world.kutim.pk, number=0)).json()
    assert dpa["compared_with"] is None
    assert {c["kind"] for c in dpa["changes"]} == {"added"} and len(dpa["changes"]) == 2
    assert all(len(c["targets"]) == 4 and c["targets"][0]["before"] is None for c in dpa["changes"])
    assert api.get(url(world.kutim.pk, number=2)).json()["changes"] == []  # cancelled
    opened = api.get(url(world.kutim.pk, number=3)).json()
    assert opened["compared_with"] == 1 and opened["version"]["status"] == "open"
    assert [Decimal(c["budget_after"]) for c in opened["changes"]] == [Decimal("150000000")]


def test_scope_and_anonymous(world, versions):
    for role in (Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER):
        api = ApiClient(world.users[role])
        assert api.get(url(world.kutim.pk)).status_code == 200
        # Another government's plan: as if it did not exist.
        assert api.get(url(world.mimika.pk)).status_code == 404
        assert api.get(url(world.mimika.pk, number=0)).status_code == 404
    admin = ApiClient(world.users[Role.ADMINISTRATOR])
    assert admin.get(url(world.mimika.pk)).json()["versions"] == []  # a draft: no versions
    assert admin.get(url(world.mimika.pk, number=0)).status_code == 404
    assert admin.get(url(world.kutim.pk, number=9)).status_code == 404
    assert admin.get(url(world.kutim.pk, year=1999)).status_code == 404
    for garbage in (url(10**15), url(10**30), url(0), url(world.kutim.pk, year=10**30),
                    url(world.kutim.pk, number=10**30), url(world.kutim.pk, number=-1)):
        assert admin.get(garbage).status_code == 404, garbage
    assert admin.get(url("x")).status_code == 422
    anonymous = ApiClient()
    for path in (url(world.kutim.pk), url(world.kutim.pk, number=1)):
        response = anonymous.get(path)
        assert response.status_code == 401 and "errors" in response.json()
