"""An acting term left running past its usual length is flagged where its holder is shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sinergi.core.roles import Role
from sinergi.regions.choices import Capacity, PositionGrade
from sinergi.regions.models import Official, Position, PositionTerm


def term(world, capacity, days_ago, end=None, title=None):
    title = title or f"Jabatan {capacity} {days_ago}"
    position = Position.objects.create(government=world.kutim, unit=world.tapem, title=title,
                                       is_unit_head=True, grade=PositionGrade.ADMINISTRATOR)
    person = Official.objects.create(government=world.kutim, name=f"Pejabat {capacity} {days_ago}")
    return PositionTerm.objects.create(position=position, official=person, capacity=capacity,
                                       start=timezone.localdate() - dt.timedelta(days=days_ago), end=end)


@pytest.mark.django_db
def test_overrun_since(world):
    plh = term(world, Capacity.PLH, 150)
    assert plh.overrun_since is not None and plh.overrun_since < timezone.localdate()
    assert term(world, Capacity.PLH, 30).overrun_since is None  # within 3 months
    assert term(world, Capacity.DEFINITIVE, 3000).overrun_since is None
    assert term(world, Capacity.PJS, 800).overrun_since is not None  # "acting" two years on
    ended = term(world, Capacity.PLT, 400, end=timezone.localdate() - dt.timedelta(days=10))
    assert ended.overrun_since is None


@pytest.mark.django_db
def test_flag_on_the_official_page(client, world):
    plh = term(world, Capacity.PLH, 150)
    client.force_login(world.users[Role.COORDINATOR])
    assert 'data-testid="acting-overrun"' in client.get(plh.official.get_absolute_url()).content.decode()
    fresh = term(world, Capacity.PLH, 10, title="Kepala Sub Bagian")
    page = client.get(fresh.official.get_absolute_url()).content.decode()
    assert 'data-testid="acting-overrun"' not in page
