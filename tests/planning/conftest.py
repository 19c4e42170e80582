"""Planning fixtures: the shipped sample nomenclature and activity builders."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sinergi.core.services import Actor
from sinergi.planning.importers import load_sample_nomenclature
from sinergi.planning.models import Activity, QuarterTarget

SUB = "1.01.01.2.01.0001"  # Penyusunan Dokumen Perencanaan Perangkat Daerah
SUB_2 = "5.01.01.2.01.0007"  # Evaluasi Kinerja Perangkat Daerah


@pytest.fixture
def sample(db):
    result = load_sample_nomenclature(Actor.system())
    assert result.ok, result.errors
    return result


def make_activity(unit, *, year: int = 2025, code: str = SUB, budget: str = "100000000",
                  **extra) -> Activity:
    activity = Activity(unit=unit, year=year, nomenclature_id=code, budget=Decimal(budget),
                        **extra).sync_government()
    activity.full_clean()
    activity.save()
    return activity


def make_targets(activity, *values) -> list[QuarterTarget]:
    """values: (physical, financial) for quarters 1, 2, ..."""
    targets = []
    for quarter, (physical, financial) in enumerate(values, start=1):
        t = QuarterTarget(activity=activity, quarter=quarter, physical=Decimal(physical),
                          financial=Decimal(financial))
        t.full_clean()
        t.save()
        targets.append(t)
    return targets
