"""Monitoring fixtures: activities with targets in Kutai Timur (inside every non-admin role's
scope: tapem is under setda) and Mimika (outside), an open reporting period, helpers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sinergi.core.services import Actor
from sinergi.monitoring import services
from sinergi.monitoring.models import Realization, ReportingPeriod
from sinergi.planning.importers import load_sample_nomenclature
from tests.planning.conftest import SUB, make_activity, make_targets

__all__ = ["SUB", "make_activity", "make_targets"]

YEAR = 2025
SYSTEM = Actor.system()


@pytest.fixture
def sample(db):
    result = load_sample_nomenclature(Actor.system())
    assert result.ok, result.errors
    return result


def open_period(government, quarter: int = 1, *, deadline: dt.date | None = None,
                year: int = YEAR) -> ReportingPeriod:
    deadline = deadline or dt.date(2100, 1, 1)
    return services.open_period(
        SYSTEM, government, year, quarter, opens_on=min(dt.date(year, 3 * quarter, 1), deadline),
        deadline=deadline)


def realization(activity, quarter: int = 1, physical="50", financial="1000000", *,
                status: str | None = None, **extra) -> Realization:
    """A realization written straight to the database (no workflow), in `status`."""
    r = Realization(activity=activity, quarter=quarter, physical=Decimal(physical),
                    financial=Decimal(financial), **extra)
    if status:
        r.status = status
    r.full_clean()
    r.save()
    return r


@pytest.fixture
def tapem_activity(world, sample):
    activity = make_activity(world.tapem)
    make_targets(activity, ("25", "20000000"), ("50", "50000000"), ("75", "75000000"),
                 ("100", "100000000"))
    return activity


@pytest.fixture
def mimika_activity(world, sample):
    return make_activity(world.mimika_tapem)
