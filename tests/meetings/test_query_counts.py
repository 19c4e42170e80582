"""The meeting pages do not grow their number of queries with their rows (no N+1): measured
with few and with many meetings, invitations, attendees, decisions and follow-up actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import attendance, closing, followups, invitations
from sinergi.meetings.choices import DecisionKind
from sinergi.regions.choices import UnitKind
from tests import factories
from tests.meetings.conftest import make_meeting


def grow(world, meeting, start: int, end: int) -> None:
    actor = Actor(world.users[Role.COORDINATOR])
    for i in range(start, end):
        unit = factories.unit(world.kutim, f"OPD-{i:02}", f"Dinas Uji {i:02}", kind=UnitKind.AGENCY)
        invitations.invite_units(actor, meeting, [unit])
        attendance.manual_checkin(actor, meeting, name=f"Peserta {i:02}", unit=unit, position="Kepala")
        closing.add_decision(actor, meeting, f"Arahan {i:02}", DecisionKind.DIRECTIVE)
        followups.create(actor, meeting, f"Tindak lanjut {i:02}", [unit], dt.date(2024, 12, 20 + i % 5))
        make_meeting(world, title=f"Rapat {i:02}")


@pytest.mark.parametrize("page", ["list", "calendar", "detail", "board"])
def test_meeting_pages_do_not_grow_with_rows(client, world, meeting, page):
    urls = {
        "list": reverse("meetings:meeting_list"),
        "calendar": reverse("meetings:meeting_calendar") + "?year=2024&month=12",
        "detail": meeting.get_absolute_url(),
        "board": reverse("meetings:followup_board") + f"?government={world.kutim.pk}",
    }
    client.force_login(world.users[Role.COORDINATOR])
    counts = []
    for start, end in ((0, 3), (3, 12)):
        grow(world, meeting, start, end)
        client.get(urls[page])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(urls[page]).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
