"""The home page (the user's tasks above the summary) costs a fixed number of queries per role,
pinned in tests/query_counts.json ("home"), the same with few and with many rows of everything
the tasks count: realizations in every state, meetings, invitations, follow-ups, acting terms.

Two counts per role: "home" the page as it runs most of the time, the open periods' per-unit
figures kept for the current version of the data (reports.period_figures), and "home_cold" the
first request after a write, which computes them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.core.roles import Role
from sinergi.meetings.models import FollowUp, Invitation, Meeting
from sinergi.monitoring.choices import RealizationStatus
from sinergi.regions.choices import Capacity, PositionGrade
from sinergi.regions.models import Official, Position, PositionTerm
from tests.monitoring.conftest import open_period, realization
from tests.planning.conftest import make_activity
from tests.test_query_counts import COUNTS_FILE, UPDATE

KEY, KEY_COLD = "home", "home_cold"
ROLES = (Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER)
STATES = (RealizationStatus.DRAFT, RealizationStatus.RETURNED, RealizationStatus.SUBMITTED,
          RealizationStatus.VERIFIED, None)


def grow(world, start: int, stop: int) -> None:
    year = timezone.localdate().year
    head_user = world.users[Role.UNIT_HEAD]
    now = timezone.now()
    for i in range(start, stop):
        unit = (world.tapem, world.setda, world.bappeda, world.kec_sangatta)[i % 4]
        for state in STATES:
            activity = make_activity(unit, year=year, name=f"Kegiatan {i} {state}")
            if state:
                realization(activity, 4, status=state,
                            return_reason="Perbaiki" if state == "returned" else "",
                            submitted_by=head_user if i % 2 else None)
        meeting = Meeting.objects.create(
            government=world.kutim, organizer=world.bappeda, title=f"Rakor {i}",
            starts_at=now + dt.timedelta(days=i - 5), ends_at=now + dt.timedelta(days=i - 5, hours=2),
            time_zone="Asia/Makassar")
        Invitation.objects.create(meeting=meeting, unit=unit, addressee=f"Kepala {i}")
        action = FollowUp.objects.create(government=world.kutim, meeting=meeting, description=f"RTL {i}",
                                         due_date=timezone.localdate() + dt.timedelta(days=i % 9 - 3))
        action.responsible_units.set([unit, world.tapem])
        position = Position.objects.create(government=world.kutim, unit=unit, title=f"Jabatan {i}",
                                           is_unit_head=i % 2 == 0, grade=PositionGrade.ADMINISTRATOR)
        person = Official.objects.create(government=world.kutim, name=f"Pejabat {i}")
        PositionTerm.objects.create(
            position=position, official=person, capacity=(Capacity.PLT, Capacity.PLH, Capacity.PJ)[i % 3],
            start=timezone.localdate() - dt.timedelta(days=40 * i),
            end=None if i % 2 else timezone.localdate() + dt.timedelta(days=i))


def count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def measure(client, user, on_commit) -> tuple[int, int]:
    """(warm, cold) queries. The test runs in a transaction that never commits: the figures are
    kept only when the request's commit callbacks are run."""
    client.force_login(user)
    client.get("/")  # warm the process-wide caches
    cache.clear()  # what another role's request kept
    cold = count(client)
    with on_commit(execute=True):
        client.get("/")
    return count(client), cold


@pytest.mark.django_db
def test_home_page_query_counts_do_not_grow_and_are_pinned(client, world, sample,
                                                          django_capture_on_commit_callbacks):
    open_period(world.kutim, 4, year=timezone.localdate().year, deadline=dt.date(2100, 1, 1))
    grow(world, 0, 3)
    small = {role: measure(client, world.users[role], django_capture_on_commit_callbacks) for role in ROLES}
    grow(world, 3, 15)
    large = {role: measure(client, world.users[role], django_capture_on_commit_callbacks) for role in ROLES}
    assert small == large, f"queries grow with the rows (N+1?): {small} -> {large}"

    pinned = json.loads(COUNTS_FILE.read_text(encoding="utf-8")) if COUNTS_FILE.exists() else {}
    for key, index in ((KEY, 0), (KEY_COLD, 1)):
        counts = {role: pair[index] for role, pair in large.items()}
        if UPDATE:
            pinned[key] = {str(role): n for role, n in counts.items()}
            continue
        expected = pinned.get(key, {})
        assert sorted(expected) == sorted(str(r) for r in ROLES), "run with UPDATE_QUERY_COUNTS=1"
        exceeded = {role: (expected[str(role)], n) for role, n in counts.items() if n > expected[str(role)]}
        assert not exceeded, f"{key}: more queries than pinned in {COUNTS_FILE.name} (pinned, now): " \
            f"{exceeded}"
    if UPDATE:
        COUNTS_FILE.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n", encoding="utf-8")
