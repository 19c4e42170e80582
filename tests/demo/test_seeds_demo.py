"""Issue 16's seeds in the demo: the synthetic RPJMD missions serve Asta Cita missions (the
Kalteng rakor's synchronization), and Mahakam Ulu's Pokja PKP has the SSK milestones M1–M4
(mahulu-rakor-pokja-pkp.txt) with M4 overdue."""

from __future__ import annotations

import pytest

from sinergi.demo.loader import load_demo
from sinergi.demo.synthetic import RPJMD_NAME
from sinergi.monitoring import rollups
from sinergi.planning.models import Activity, Priority
from sinergi.regions.models import Government, Unit
from sinergi.reports import dashboard

pytestmark = pytest.mark.django_db


def test_demo_seeds_the_mission_links_and_the_pokja_milestones():
    result = load_demo()
    assert result.skipped == []
    kutim = Government.objects.get(region_id="64.08")
    rpjmd = {p.number: p for p in Priority.objects.filter(framework__government=kutim,
                                                          framework__name=RPJMD_NAME)}
    assert set(rpjmd["2"].serves.values_list("number", flat=True)) == {"3", "6"}
    assert set(rpjmd["4"].serves.values_list("number", flat=True)) == {"7"}
    dash = dashboard.build(rollups.activities_for(kutim.pk, 2026), [], government=kutim, year=2026, quarter=4)
    assert [m.label for m in dash.unserved_missions] == ["Asta Cita 1"]
    assert all(m.rollup.count > 0 for m in dash.missions if m.served)

    mahulu = Government.objects.get(region_id="64.11")
    pokja = Unit.objects.get(government=mahulu, code="POKJA-PKP")
    activity = Activity.objects.get(unit=pokja, year=2024)
    milestones = list(activity.milestones.order_by("order"))
    assert [m.name[:2] for m in milestones] == ["M1", "M2", "M3", "M4"]
    assert [m.achieved_date is not None for m in milestones] == [True, True, True, False]
    today = mahulu.today()
    assert [m.is_overdue(today) for m in milestones] == [False, False, False, True]
    mahulu_dash = dashboard.build(rollups.activities_for(mahulu.pk, 2024), [], government=mahulu,
                                  year=2024, quarter=4)
    assert mahulu_dash.overdue_count == 1 and mahulu_dash.overdue[0].milestone == milestones[3]

    again = load_demo()
    assert again.created_total == 0 and again.skipped == []
    assert Activity.objects.filter(unit=pokja).count() == 1
