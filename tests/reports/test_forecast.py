"""The forecast of the rakor's question: at this pace, will the goal (90 % by default) be
reached by the year's end — and which units cannot reach it at their own pace?"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.monitoring import rollups
from sinergi.monitoring.choices import RealizationStatus
from sinergi.regions.models import Unit
from sinergi.reports import dashboard
from sinergi.reports.forecast import DEFAULT_GOAL, read_goal
from tests.monitoring.conftest import realization
from tests.planning.conftest import make_activity, make_targets

YEAR = 2025


def test_goal_as_typed():
    assert read_goal("87,5") == Decimal("87.5") and read_goal("87.5 %") == Decimal("87.5")
    for garbage in ("", None, "abc", "0", "101", "NaN", "1e3", "∞", "9" * 50, "-5"):
        assert read_goal(garbage) == DEFAULT_GOAL


@pytest.fixture
def year_so_far(world, sample):
    """Tata Pemerintahan on a steady pace (20 points a quarter: 60 % after TW III) and
    Bappeda slow (5, 10, 15 %), equal budgets, every activity reported."""
    steady = make_activity(world.tapem, year=YEAR)
    slow = make_activity(world.bappeda, year=YEAR)
    for activity in (steady, slow):
        make_targets(activity, ("25", "25000000"), ("50", "50000000"), ("75", "75000000"),
                     ("100", "100000000"))
    for quarter, (a, b) in enumerate((("20", "5"), ("40", "10"), ("60", "15")), start=1):
        realization(steady, quarter, physical=a, financial="1000", status=RealizationStatus.VERIFIED)
        realization(slow, quarter, physical=b, financial="1000", status=RealizationStatus.VERIFIED)
    return steady, slow


def build(world, goal=None):
    activities = rollups.activities_for(world.kutim.pk, YEAR)
    return dashboard.build(activities, Unit.objects.filter(government=world.kutim).order_by("path"),
                           government=world.kutim, year=YEAR, quarter=3, goal=goal)


@pytest.mark.django_db
def test_what_the_government_needs_per_remaining_quarter(world, year_so_far):
    forecast = build(world).forecast
    t = forecast.trajectory
    assert forecast.goal == Decimal(90)
    assert t.current == Decimal("37.5")  # (60 + 15) / 2
    assert t.required_per_quarter == Decimal("52.5")  # all of it in TW IV
    assert [label for label, _value in forecast.path] == ["TW IV"] or len(forecast.path) == 1
    assert forecast.projection_shown == Decimal("50")  # 37,5 × 4 / 3
    assert forecast.reachable_at_pace is False
    # Both units fall short of 90 % at their best pace so far (20 and 5 points a quarter).
    assert {pace.unit for pace in forecast.unreachable} == {world.tapem, world.bappeda}
    assert forecast.unreachable[0].unit == world.bappeda  # the furthest behind first


@pytest.mark.django_db
def test_a_lower_goal_leaves_only_the_slow_unit(world, year_so_far):
    forecast = build(world, goal=Decimal(70)).forecast
    assert [pace.unit for pace in forecast.unreachable] == [world.bappeda]
    assert forecast.trajectory.required_per_quarter == Decimal("32.5")


@pytest.mark.django_db
def test_dashboard_answers_with_the_goal_set_on_the_page(client, world, year_so_far):
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("reports:dashboard") + f"?government={world.kutim.pk}&year={YEAR}&quarter=3&goal=70"
    page = client.get(url).content.decode()
    assert 'data-testid="forecast"' in page
    assert "70 %" in page or "70,0 %" in page
    assert "32,5" in page  # points per remaining quarter, the Indonesian way
    assert "Badan Perencanaan" in page.split('data-testid="forecast-units"')[1].split("</table>")[0]
    # Garbage in the goal falls back to the default, never a 500.
    for goal in ("abc", "10" * 500, "\x00", "-1"):
        assert client.get(url.replace("goal=70", f"goal={goal}")).status_code in (200, 400)


@pytest.mark.django_db
def test_api_forecast(client, world, year_so_far):
    client.force_login(world.users[Role.COORDINATOR])
    url = f"/api/v1/monitoring/forecast?government={world.kutim.region_id}&year={YEAR}&quarter=3&goal=70"
    answer = client.get(url).json()
    assert answer["goal"] == "70.0" or float(answer["goal"]) == 70
    assert float(answer["current"]) == 37.5 and float(answer["required_per_quarter"]) == 32.5
    assert [p["quarter"] for p in answer["path"]] == [4]
    assert [u["unit"] for u in answer["unreachable_units"]] == [world.bappeda.pk]
    assert client.get(url.replace("goal=70", "goal=500")).status_code == 422
    # A government outside the caller's scope is not found.
    client.force_login(world.users[Role.UNIT_OPERATOR])
    assert client.get(url.replace(world.kutim.region_id, world.mimika.region_id)).status_code == 404


@pytest.mark.django_db
def test_meeting_brief_answers_the_question(world, year_so_far):
    import datetime as dt

    from django.utils import timezone

    from sinergi.meetings.models import Meeting
    from sinergi.reports.meeting_brief import brief_data, brief_pdf

    now = timezone.now()
    meeting = Meeting.objects.create(government=world.kutim, organizer=world.tapem, title="Rakor TW III",
                                     starts_at=now, ends_at=now + dt.timedelta(hours=2),
                                     time_zone="Asia/Makassar", period_year=YEAR, period_quarter=3)
    outlook = brief_data(meeting)["forecast"]
    assert "90 %" in outlook["text"] and "52,5 poin" in outlook["text"] and "Triwulan IV" in outlook["text"]
    assert {u["name"] for u in outlook["units"]} == {world.tapem.name, world.bappeda.name}
    assert brief_pdf(meeting).startswith(b"%PDF")


@pytest.mark.django_db
def test_series_in_one_query_equals_the_rollups_quarter_by_quarter(world, year_so_far):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    activities = rollups.activities_for(world.kutim.pk, YEAR)
    with CaptureQueriesContext(connection) as ctx:
        series = rollups.unit_achievement_series(activities, [1, 2, 3])
    assert len(ctx.captured_queries) == 1
    for q in (1, 2, 3):
        expected = {unit: r.physical_achievement for unit, r in rollups.unit_rollups(activities, q).items()}
        assert {unit: values[q] for unit, values in series.items()} == expected


@pytest.mark.django_db
def test_the_coordinator_keeps_a_goal_for_the_government(client, world, year_so_far):
    """A goal typed on the page can be kept as the government's own (coordinator only, audited):
    the dashboard, the API and the meeting brief then measure against it without `?goal=`."""
    from sinergi.core.models import AuditEvent
    from sinergi.monitoring.models import MonitoringSettings
    from sinergi.monitoring.services import year_end_goal

    dashboard_url = reverse("reports:dashboard") + f"?government={world.kutim.pk}&year={YEAR}&quarter=3"
    keep = reverse("monitoring:year_end_goal", args=[world.kutim.pk])
    client.force_login(world.users[Role.COORDINATOR])
    page = client.get(dashboard_url + "&goal=70").content.decode()
    assert 'data-testid="forecast-goal-keep"' in page
    assert 'data-testid="forecast-goal-keep"' not in client.get(dashboard_url).content.decode()
    response = client.post(keep, {"goal": "70", "next": dashboard_url})
    assert response.status_code == 302 and response["Location"] == dashboard_url
    assert year_end_goal(world.kutim) == Decimal(70)
    assert AuditEvent.objects.filter(content_type__model="monitoringsettings").count() == 1
    # Without ?goal= the page now measures against 70 %; a viewer may not keep another goal.
    assert "32,5" in client.get(dashboard_url).content.decode()
    client.force_login(world.users[Role.VIEWER])
    assert 'data-testid="forecast-goal-keep"' not in client.get(dashboard_url + "&goal=80").content.decode()
    api = client.get(f"/api/v1/monitoring/forecast?government={world.kutim.region_id}&year={YEAR}&quarter=3")
    assert float(api.json()["goal"]) == 70
    # Garbage is refused with the reason; others may not keep a goal at all.
    client.force_login(world.users[Role.COORDINATOR])
    for garbage in ("", "abc", "0", "101", "87,55", "\x00"):
        page = client.post(keep, {"goal": garbage, "next": dashboard_url}, follow=True)
        assert page.status_code == (400 if garbage == "\x00" else 200)  # unprintable: refused whole
    assert year_end_goal(world.kutim) == Decimal(70)
    for role in (Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER):
        client.force_login(world.users[role])
        assert client.post(keep, {"goal": "50"}).status_code in (403, 404)
    assert client.get(keep).status_code == 405
    assert MonitoringSettings.objects.get(government=world.kutim).year_end_goal == Decimal(70)
