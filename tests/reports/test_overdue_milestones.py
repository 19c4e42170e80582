"""Overdue milestones (planned before today in the government's time zone, not achieved): the
rule, the activity page, the dashboard's early warning (a count with a link, the list) and the
meeting brief's "Tahapan terlambat"."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import invitations
from sinergi.monitoring import rollups
from sinergi.planning import rules
from sinergi.planning.models import Milestone
from sinergi.reports import dashboard
from tests.meetings.conftest import make_meeting
from tests.monitoring.conftest import YEAR
from tests.reports.test_dashboard import _build, _url, plan, rpjmd  # noqa: F401

pytestmark = pytest.mark.django_db
WITA = dt.timezone(dt.timedelta(hours=8))


def ssk(activity, *achieved_planned):
    """Milestones M1.. of `activity`: (planned, achieved or None)."""
    return [Milestone.objects.create(activity=activity, order=i, name=f"M{i} SSK", planned_date=planned,
                                     achieved_date=achieved)
            for i, (planned, achieved) in enumerate(achieved_planned, start=1)]


def test_rule():
    today = dt.date(2025, 7, 15)
    assert rules.milestone_overdue(dt.date(2025, 7, 14), None, today)
    assert not rules.milestone_overdue(dt.date(2025, 7, 15), None, today)  # due today: not yet
    assert not rules.milestone_overdue(dt.date(2025, 7, 1), dt.date(2025, 7, 20), today)
    assert not rules.milestone_overdue(None, None, today)
    assert rules.days_late(dt.date(2025, 7, 5), today) == 10


def test_today_is_the_governments_day(world):
    # 16.30 UTC on 10 June: already 11 June in Mimika (WIT, UTC+9), still 10 June in Jakarta.
    now = dt.datetime(2025, 6, 10, 16, 30, tzinfo=dt.UTC)
    with mock.patch.object(timezone, "now", return_value=now):
        assert world.mimika.today() == dt.date(2025, 6, 11)
        assert world.kutim.today() == dt.date(2025, 6, 11)  # WITA, UTC+8: 00.30
    with mock.patch.object(timezone, "now", return_value=now - dt.timedelta(hours=1)):
        assert world.mimika.today() == dt.date(2025, 6, 11)
        assert world.kutim.today() == dt.date(2025, 6, 10)


@pytest.fixture
def late(world, plan):  # noqa: F811
    """A (Bappeda): M1 achieved, M2 overdue since 1 July, M3 due 1 August; D (kecamatan): M1
    overdue since 1 June. Mimika's F has an overdue one too (never counted for Kutai Timur)."""
    a = ssk(plan["a"], (dt.date(2025, 5, 1), dt.date(2025, 5, 3)), (dt.date(2025, 7, 1), None),
            (dt.date(2025, 8, 1), None))
    d = ssk(plan["d"], (dt.date(2025, 6, 1), None))
    ssk(plan["f"], (dt.date(2025, 1, 1), None))
    return {"a": a, "d": d}


def test_dashboard_lists_and_counts_the_overdue_milestones(world, late):
    dash = dashboard.build(
        rollups.activities_for(world.kutim.pk, YEAR), [], government=world.kutim, year=YEAR,
        quarter=2, today=dt.date(2025, 7, 15))
    assert dash.overdue_count == 2
    assert [(o.milestone, o.days_late) for o in dash.overdue] == [(late["d"][0], 44), (late["a"][1], 14)]
    shown, count = dashboard.overdue_entries(rollups.activities_for(world.kutim.pk, YEAR),
                                             dt.date(2025, 8, 2), limit=1)
    assert count == 3 and len(shown) == 1
    assert _build(world).overdue_count == 3  # today (after 2025) in Kutai Timur's zone


def test_dashboard_page_shows_a_count_with_a_link_and_the_list(client, world, late, english):
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(_url(world)).content.decode()
    headline = html.split('data-testid="headline-overdue"')[1].split("</div>")[0]
    assert 'href="#overdue-milestones"' in headline and "3 tahapan terlambat" in headline  # Indonesian page
    assert 'id="overdue-milestones"' in html
    section = html.split('data-testid="table-overdue"')[1]
    assert f'data-milestone="{late["d"][0].pk}"' in section
    assert reverse("planning:activity_detail", args=[late["a"][1].activity_id]) in section


def test_activity_page_flags_the_overdue_milestone(client, world, late, english):
    client.force_login(world.users[Role.COORDINATOR])
    with mock.patch.object(timezone, "now", return_value=dt.datetime(2025, 7, 15, 2, tzinfo=dt.UTC)):
        response = client.get(reverse("planning:activity_detail", args=[late["a"][0].activity_id]))
    assert response.context["overdue_milestones"] == {late["a"][1].pk}
    html = response.content.decode()
    assert html.count('data-testid="milestone-overdue"') == 1
    assert 'data-testid="overdue-milestones-count"' in html


def test_meeting_brief_has_the_overdue_milestones(client, world, late):
    from sinergi.reports.meeting_brief import brief_data

    meeting = make_meeting(world, title="Rakor TW II 2025", period_year=2025, period_quarter=2,
                           starts_at=dt.datetime(2025, 7, 15, 9, tzinfo=WITA),
                           ends_at=dt.datetime(2025, 7, 15, 12, tzinfo=WITA))
    invitations.invite_units(Actor(None), meeting, [world.bappeda])
    with mock.patch.object(timezone, "now", return_value=dt.datetime(2025, 7, 15, 2, tzinfo=dt.UTC)):
        data = brief_data(meeting)
        client.force_login(world.users[Role.COORDINATOR])
        response = client.get(reverse("reports:meeting_brief", args=[meeting.pk]))
    assert [(o["milestone"], o["late"]) for o in data["overdue"]] == [("M2 SSK", "14 hari")]  # Bappeda only
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Tahapan terlambat" in text and "M2 SSK" in text and "14 hari" in text
