"""Pinned query counts for the list and detail pages (the idea of NetBox's query_counts.json).

For each page, as an administrator and as a coordinator, with realistic data:

* the number of SQL queries must not exceed the number recorded in tests/query_counts.json, so a
  change that adds queries to a page shows up in review (the JSON changes with it);
* the number must be the same with 10 and with 40 rows of everything (units, officials, terms,
  governments, users, audit events): a page whose count grows with its rows has an N+1.

Regenerate the JSON after an intended change (review the diff):

    UPDATE_QUERY_COUNTS=1 .venv/bin/pytest tests/test_query_counts.py

Each page is requested once before it is measured, so process-wide caches (content types,
translations) are warm, as they are in a running server.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.core.roles import Role
from sinergi.core.services import Actor, create_object
from sinergi.notifications.choices import Kind
from sinergi.notifications.services import notify
from sinergi.regions.choices import (
    Capacity,
    CoordinationCovers,
    CoordinationPurpose,
    PositionGrade,
    RegionLevel,
    UnitKind,
)
from sinergi.regions.models import (
    Coordination,
    Government,
    Official,
    Position,
    PositionTerm,
    Region,
    Unit,
)
from sinergi.regions.rules import government_name, government_short_name
from sinergi.regions.services import save_coordination
from tests import factories

COUNTS_FILE = Path(__file__).with_name("query_counts.json")
UPDATE = os.environ.get("UPDATE_QUERY_COUNTS", "").strip().lower() in {"1", "true", "yes"}

# (key in the JSON, how to build the URL from the data)
PAGES = [
    ("/", lambda d: "/"),
    ("/units/", lambda d: "/units/"),
    ("/units/<id>/", lambda d: f"/units/{d.unit.pk}/"),
    ("/governments/", lambda d: "/governments/"),
    ("/governments/<id>/", lambda d: f"/governments/{d.government.pk}/"),
    ("/officials/", lambda d: "/officials/"),
    ("/officials/<id>/", lambda d: f"/officials/{d.official.pk}/"),
    ("/regions/", lambda d: "/regions/"),
    ("/regions/64.08/", lambda d: "/regions/64.08/"),
    ("/accounts/users/", lambda d: "/accounts/users/"),
    ("/audit/", lambda d: "/audit/"),
    ("/coordinations/", lambda d: "/coordinations/"),
    ("/coordinations/<id>/", lambda d: f"/coordinations/{d.coordination.pk}/"),
    ("/notifications/", lambda d: "/notifications/"),
]

# Pages a role may not open: still measured (a refusal must be cheap too), with this status.
REFUSED = {(Role.COORDINATOR, "/audit/"): 403}

SMALL, LARGE = 10, 40


class Data:
    """What the pages are measured on: Kutai Timur (the coordinator's government) grows."""

    def __init__(self, world: factories.World) -> None:
        self.world = world
        self.actor = Actor(world.users[Role.ADMINISTRATOR])
        self.government = world.kutim
        self.unit = world.setda  # detail page: its sub-units, positions and holders grow
        self.official = self._create(
            Official(government=world.kutim, front_title="Drs.", name="Ardiansyah Sulaiman",
                     back_title="M.Si.")
        )  # detail page: the terms this official held grow
        self.regent = self._create(
            Position(government=world.kutim, title="Bupati Kutai Timur",
                     grade=PositionGrade.REGIONAL_HEAD, order=1)
        )
        self._create(PositionTerm(position=self.regent, official=self.official,
                                  start=dt.date(2021, 2, 26)))
        self.regencies = list(
            Region.objects.filter(level=RegionLevel.REGENCY)
            .exclude(code__in=[world.kutim.region_id, world.mimika.region_id])
            .exclude(government__isnull=False)
            .order_by("code")[:LARGE]
        )
        # The detail unit coordinates chosen units (detail page: they grow); every new unit
        # coordinates too (the list grows, and the detail unit's "coordinated by").
        self.coordination = save_coordination(self.actor, Coordination(
            government=world.kutim, unit=world.setda, purpose=CoordinationPurpose.PLANNING,
            covers=CoordinationCovers.CHOSEN), units=[world.tapem])
        self.size = 0

    def _create(self, obj):
        return create_object(self.actor, obj)

    def grow_to(self, size: int) -> None:
        """Add rows `self.size` .. `size - 1` of every kind (created through the audited
        services, so the audit log and the history tables grow too)."""
        for i in range(self.size, size):
            region = self.regencies[i]
            self._create(Government(region=region, name=government_name(region.name, region.level),
                                    short_name=government_short_name(region.name, region.level)))
            unit = self._create(Unit(
                government=self.government, code=f"UJI-{i:03}", name=f"Dinas Uji {i:03}",
                short_name=f"Uji {i:03}", kind=UnitKind.AGENCY if i % 2 else UnitKind.SECTION,
                parent=self.unit if i % 2 == 0 else None,
            ))
            person = self._create(Official(government=self.government, name=f"Pejabat Uji {i:03}",
                                           back_title="S.T."))
            head = self._create(Position(government=self.government, unit=unit,
                                         title=f"Kepala Dinas Uji {i:03}", is_unit_head=True,
                                         grade=PositionGrade.JPT_PRATAMA))
            self._create(PositionTerm(position=head, official=person, start=dt.date(2023, 1, 2)))
            # The detail official stood in for every head for a while (Plt).
            self._create(PositionTerm(position=head, official=self.official, capacity=Capacity.PLT,
                                      start=dt.date(2022, 3, 1), end=dt.date(2022, 6, 30)))
            # The detail unit gets a position per row, held today.
            expert = self._create(Position(government=self.government, unit=self.unit,
                                           title=f"Staf Ahli {i:03}"))
            self._create(PositionTerm(position=expert, official=person, start=dt.date(2024, 1, 2)))
            # One-day Plh terms for the regent: the leadership history grows.
            day = dt.date(2020, 1, 1) + dt.timedelta(days=2 * i)
            self._create(PositionTerm(position=self.regent, official=person, capacity=Capacity.PLH,
                                      start=day, end=day))
            factories.user(f"operator{i:03}", Role.UNIT_OPERATOR, [unit])
            self.coordination.units.add(unit)
            save_coordination(self.actor, Coordination(
                government=self.government, unit=unit, purpose=CoordinationPurpose.MONITORING,
                covers=CoordinationCovers.ALL_UNITS if i % 2 else CoordinationCovers.CHOSEN),
                units=[self.unit])
            # The notification centre: one more notification (with its delivery) for each role.
            notify([self.world.users[Role.ADMINISTRATOR], self.world.users[Role.COORDINATOR]],
                   Kind.PERIOD_OPENED, f"Periode {i}", "Ajukan realisasi.", "/monitoring/", f"period:{i}")
        self.size = size


def _measure(client, user, data: Data, role: str) -> dict[str, int]:
    client.force_login(user)
    counts = {}
    for key, url_for in PAGES:
        url = url_for(data)
        expected_status = REFUSED.get((role, key), 200)
        client.get(url)  # warm the process-wide caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == expected_status, (role, url, response.status_code)
        counts[key] = len(ctx.captured_queries)
    return counts


def _pinned() -> dict[str, dict[str, int]]:
    if not COUNTS_FILE.exists():
        return {}
    return json.loads(COUNTS_FILE.read_text(encoding="utf-8"))


def _write_pinned(role: str, counts: dict[str, int]) -> None:
    pinned = _pinned()
    pinned[role] = counts
    COUNTS_FILE.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n", encoding="utf-8")


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.COORDINATOR])
def test_page_query_counts(client, world, role):
    data = Data(world)
    user = world.users[role]

    data.grow_to(SMALL)
    small = _measure(client, user, data, role)
    data.grow_to(LARGE)
    assert Unit.objects.filter(government=world.kutim).count() >= LARGE
    assert Government.objects.count() >= LARGE
    large = _measure(client, user, data, role)

    growing = {key: (small[key], large[key]) for key in small if large[key] != small[key]}
    assert not growing, (
        f"{role}: the number of queries depends on the number of rows (N+1?) "
        f"(page: ({SMALL} rows, {LARGE} rows)): {growing}"
    )

    if UPDATE:
        _write_pinned(role, large)
        return
    pinned = _pinned().get(role, {})
    missing = sorted(set(large) - set(pinned))
    assert not missing, (
        f"{role}: no pinned query count for {missing}; run with UPDATE_QUERY_COUNTS=1 "
        f"and commit {COUNTS_FILE.name}"
    )
    exceeded = {key: (pinned[key], n) for key, n in large.items() if n > pinned[key]}
    assert not exceeded, (
        f"{role}: more queries than pinned in {COUNTS_FILE.name} (page: (pinned, now)): "
        f"{exceeded}. Avoid the extra queries, or if they are intended, regenerate with "
        f"UPDATE_QUERY_COUNTS=1 and commit the JSON."
    )


def test_pinned_counts_cover_every_page_and_role():
    """The JSON is complete and plausible (no page, even a refused one, runs in fewer than two
    queries: the session and the user)."""
    pinned = _pinned()
    for role in (Role.ADMINISTRATOR, Role.COORDINATOR):
        assert sorted(pinned.get(role, {})) == sorted(key for key, _url in PAGES), role
        assert all(isinstance(n, int) and n >= 2 for n in pinned[role].values()), pinned[role]
