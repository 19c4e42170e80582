"""The problems register: raise (scoped to the raising unit), record steps of the resolution,
filters, who sees what."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.problems.choices import ProblemStatus
from sinergi.problems.models import Problem
from tests import factories


def test_raise_and_resolve(client, world):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(
        reverse("problems:problem_add"),
        {
            "unit": world.tapem.pk,
            "category": "electoral",
            "title": "Lokasi TPS belum ditetapkan",
            "severity": "high",
            "raised_on": "2024-11-01",
        },
    )
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert problem.government == world.kutim
    refused = client.post(
        problem.get_absolute_url(), {"status": "resolved", "note": " ", "version": problem.version}
    )
    problem.refresh_from_db()
    assert refused.status_code == 302 and problem.status == ProblemStatus.OPEN
    client.post(
        problem.get_absolute_url(),
        {"status": "resolved", "note": "Ditetapkan KPU", "version": problem.version},
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED and problem.resolved_on == dt.date.today()
    assert problem.updates.get().note == "Ditetapkan KPU"
    listing = client.get(reverse("problems:problem_list"), {"category": "electoral"}).content.decode()
    assert "Lokasi TPS belum ditetapkan" in listing


def test_who_may(client, world):
    problem = Problem.objects.create(
        government=world.kutim,
        unit=world.tapem,
        category="budget",
        title="Dana",
        raised_on=dt.date(2024, 11, 1),
    )
    client.force_login(world.users[Role.VIEWER])
    assert client.get(problem.get_absolute_url()).status_code == 200
    assert client.post(problem.get_absolute_url(), {"status": "closed", "note": "x"}).status_code == 403
    client.force_login(factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]))
    assert client.get(problem.get_absolute_url()).status_code == 404


def test_link_a_follow_up_action(client, world):
    from sinergi.core.services import Actor
    from sinergi.meetings import followups
    from tests.meetings.conftest import make_meeting

    meeting = make_meeting(world)
    action = followups.create(
        Actor(world.users[Role.COORDINATOR]),
        meeting,
        "Tetapkan lokasi TPS",
        [world.tapem],
        dt.date(2024, 12, 1),
    )
    problem = Problem.objects.create(
        government=world.kutim,
        unit=world.tapem,
        category="electoral",
        title="Lokasi TPS",
        raised_on=dt.date(2024, 11, 1),
    )
    client.force_login(world.users[Role.UNIT_OPERATOR])
    client.post(problem.get_absolute_url(), {"follow_up": action.pk})
    assert list(problem.follow_ups.all()) == [action]
    assert "Tetapkan lokasi TPS" in client.get(problem.get_absolute_url()).content.decode()


def test_area_picker_offers_the_governments_own_places_searchable(client, world):
    import re

    from sinergi.regions.models import Region

    client.force_login(world.users[Role.UNIT_OPERATOR])
    page = client.get(reverse("problems:problem_add")).content.decode()
    select = re.search(r'<select name="region"[^>]*>(.*?)</select>', page, re.S)
    assert "data-search" in select.group(0)
    codes = set(re.findall(r'<option value="([\d.]+)"', select.group(1)))
    own = set(Region.objects.filter(code__startswith=world.kutim.region_id + ".", level="district")
              .values_list("code", flat=True))
    assert codes == own and len(codes) < 100  # not the 7,286 kecamatan of Indonesia
    assert "Sangatta Utara (" in select.group(1)  # named with its regency
    elsewhere = (Region.objects.filter(level="district")
                 .exclude(code__startswith=world.kutim.region_id).first())
    response = client.post(reverse("problems:problem_add"), {
        "unit": world.tapem.pk, "category": "electoral", "title": "Jalan putus", "severity": "medium",
        "region": elsewhere.code, "raised_on": "2026-12-01"})
    assert response.status_code in (200, 400)
    assert "Jalan putus" not in client.get(reverse("problems:problem_list")).content.decode()
