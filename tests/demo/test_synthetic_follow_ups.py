"""sinergi.demo.synthetic.generate_follow_ups: synthetic follow-up work and people for the
reminder benchmarks (one government)."""

from __future__ import annotations

import datetime as dt

import pytest

from sinergi.accounts.models import User
from sinergi.demo.synthetic import FOLLOW_UP_MEETING_TITLE, generate_follow_ups
from sinergi.meetings.choices import LINE_ACTIVE
from sinergi.meetings.models import FollowUp, FollowUpLine, Meeting
from sinergi.meetings.tasks import REMINDER_DAYS, due_lines

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 11, 3)


def test_one_government_mixed_lines_and_people_then_skipped():
    summary = generate_follow_ups(scale="kabupaten", government_code="64.08", today=TODAY,
                                  units_per_government=12, actions_per_government=10)
    assert (summary.governments, summary.units, summary.actions) == (1, 12, 10)
    meeting = Meeting.objects.get(title=FOLLOW_UP_MEETING_TITLE)
    assert meeting.government.region_id == "64.08" and meeting.time_zone == "Asia/Makassar"
    lines = FollowUpLine.objects.filter(follow_up__meeting=meeting)
    assert lines.count() == summary.lines
    # Responsible units match the lines, each line of the action's government.
    for action in FollowUp.objects.filter(meeting=meeting):
        assert set(action.responsible_units.values_list("pk", flat=True)) == set(
            action.lines.values_list("unit_id", flat=True))
    statuses = set(lines.values_list("status", flat=True))
    assert {"not_started", "in_progress", "compliant"} <= statuses
    days = {(d - TODAY).days for d in lines.values_list("due_date", flat=True)}
    assert any(d < 0 for d in days) and any(0 < d <= REMINDER_DAYS for d in days)
    assert 0 not in days and REMINDER_DAYS + 1 not in days  # today's and tomorrow's reminders agree
    assert len(due_lines(TODAY)) == summary.lines_due == len(due_lines(TODAY + dt.timedelta(days=1)))
    assert lines.filter(status__in=LINE_ACTIVE).exists()
    people = User.objects.filter(scope_units__government=meeting.government)
    assert people.count() == summary.users
    assert people.exclude(email="").exists() and people.exclude(whatsapp="").exists()
    assert people.filter(email="", whatsapp="").exists()
    assert not any(u.has_usable_password() for u in people)

    again = generate_follow_ups(scale="kabupaten", government_code="64.08", today=TODAY)
    assert (again.governments, again.skipped, again.lines) == (0, 1, 0)
