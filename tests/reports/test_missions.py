"""The dashboard's Asta Cita view: each national mission with the government's regional (RPJMD)
priorities serving it (Priority.serves) and the activities aligned to it directly or through
them, each activity counted once per mission (rollups.mission_rollups)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.core.roles import Role
from sinergi.monitoring import rollups
from sinergi.planning.models import Activity, Priority
from sinergi.reports import dashboard
from tests.monitoring.conftest import YEAR, open_period
from tests.reports.test_dashboard import _asta_cita, _build, _url, plan, rpjmd  # noqa: F401

pytestmark = pytest.mark.django_db
M = Decimal(1_000_000)


@pytest.fixture
def served(world, plan, rpjmd):  # noqa: F811
    """RPJMD M1 serves Asta Cita 4 and 3, M2 serves 6; B is aligned to M1 only, C to M1 and M2.
    An expired RPJMD priority serves Asta Cita 1 and Mimika's serves 2: neither counts here."""
    rpjmd["m1"].serves.add(_asta_cita("4"), _asta_cita("3"))
    rpjmd["m2"].serves.add(_asta_cita("6"))
    Priority.objects.get(title="Expired priority").serves.add(_asta_cita("1"))
    Priority.objects.get(title="Mimika priority").serves.add(_asta_cita("2"))
    plan["b"].priorities.add(rpjmd["m1"])
    plan["c"].priorities.add(rpjmd["m1"], rpjmd["m2"])
    return plan


def test_each_mission_with_its_regional_priorities_and_activities_counted_once(world, served):
    dash = _build(world)
    by_label = {m.label: m for m in dash.missions}
    assert list(by_label) == [f"Asta Cita {n}" for n in range(1, 9)]
    four = by_label["Asta Cita 4"]
    assert [p.number for p in four.regional] == ["M1"]
    # A (directly and through M1: once), B and C (through M1), D (directly).
    assert four.rollup.count == 4 and four.rollup.budget == 500 * M
    ids = [served[k].pk for k in "abcd"]
    assert four.rollup == rollups.total_rollup(Activity.objects.filter(pk__in=ids), 2)
    three = by_label["Asta Cita 3"]
    assert three.rollup.count == 3 and three.rollup.budget == 400 * M
    six = by_label["Asta Cita 6"]
    assert [p.number for p in six.regional] == ["M2"]
    assert six.rollup.count == 2 and six.rollup.budget == 300 * M  # E directly, C through M2
    assert by_label["Asta Cita 1"].rollup.count == 0
    assert [m.label for m in dash.unserved_missions] == [
        "Asta Cita 1", "Asta Cita 2", "Asta Cita 5", "Asta Cita 7", "Asta Cita 8"]


def test_mission_view_costs_three_queries_whatever_the_links(world, served, rpjmd):  # noqa: F811
    activities = rollups.activities_for(world.kutim.pk, YEAR)
    priorities = list(dashboard.active_priorities(world.kutim, YEAR))
    with CaptureQueriesContext(connection) as ctx:
        dashboard.mission_figures(activities, 2, world.kutim, YEAR, priorities)
    assert len(ctx.captured_queries) == 3
    rpjmd["m2"].serves.add(_asta_cita("7"), _asta_cita("8"))
    served["e"].priorities.add(rpjmd["m2"])
    with CaptureQueriesContext(connection) as ctx:
        figures = dashboard.mission_figures(activities, 2, world.kutim, YEAR, priorities)
    assert len(ctx.captured_queries) == 3
    assert {m.label: m.rollup.count for m in figures}["Asta Cita 6"] == 2  # E still once


def test_dashboard_page_shows_the_missions_panel(client, world, served, english):
    open_period(world.kutim, 2)
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(_url(world)).content.decode()
    assert 'data-testid="panel-missions"' in html
    panel = html.split('data-testid="panel-missions"')[1].split('data-testid="panel-risks"')[0]
    assert f'data-mission="{_asta_cita("4").pk}"' in panel and "RPJMD Kutai Timur M1" in panel
    unserved = panel.split('data-testid="unserved-missions"')[1]
    assert "Asta Cita 5" in unserved and "Asta Cita 4" not in unserved


def test_api_gives_the_missions_with_their_serving_priorities(client, world, served):
    """GET /api/v1/monitoring/missions: the same figures as the panel; scoped to the caller."""
    client.force_login(world.users[Role.COORDINATOR])
    url = f"/api/v1/monitoring/missions?government={world.kutim.region_id}&year={YEAR}&quarter=2"
    answer = client.get(url).json()
    by_number = {m["number"]: m for m in answer["missions"]}
    assert list(by_number) == [str(n) for n in range(1, 9)]
    four = by_number["4"]
    assert four["served"] and [p["number"] for p in four["regional_priorities"]] == ["M1"]
    assert four["activities"] == 4 and Decimal(four["budget"]) == 500 * M
    assert by_number["6"]["activities"] == 2
    assert answer["unserved"] == [by_number[n]["id"] for n in ("1", "2", "5", "7", "8")]
    # Another government's figures are not found; bad input is a 4xx, never a 500.
    client.force_login(world.users[Role.UNIT_OPERATOR])
    assert client.get(url.replace(world.kutim.region_id, world.mimika.region_id)).status_code == 404
    for bad in ("quarter=9", "year=abc", "government=%00"):
        key = bad.split("=")[0]
        broken = "&".join(p if not p.startswith(key + "=") else bad for p in url.split("?")[1].split("&"))
        assert 400 <= client.get(url.split("?")[0] + "?" + broken).status_code < 500
    client.logout()
    assert client.get(url).status_code == 401
