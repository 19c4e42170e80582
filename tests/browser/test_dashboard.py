"""The monitoring dashboard in headless Chromium: every panel draws its ECharts canvas from the
json_script data (no inline script, no console error: conftest's watcher fails the test on
any), a bar of the unit chart drills down to the unit page and an activity there to its
history, and on a 390 px phone nothing is wider than the screen (tables scroll inside their
own container, charts follow the width)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.planning.importers import load_sample_nomenclature
from sinergi.planning.models import Priority, PriorityFramework
from sinergi.planning.services import seed_asta_cita
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Region
from tests import factories
from tests.monitoring.conftest import YEAR, make_activity, make_targets, open_period, realization

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
QUARTER = 2
PANELS = ("chart-units", "chart-trend", "chart-bands", "chart-completeness", "chart-priorities")


@pytest.fixture
def plan(world):
    """Kutai Timur 2025 up to TW II: Bappeda, Tapem and two district offices with activities
    (one at risk with a kendala), aligned to Asta Cita."""
    loaded = load_sample_nomenclature(Actor.system())
    assert loaded.ok, loaded.errors
    seed_asta_cita(PriorityFramework, Priority)
    four = Priority.objects.get(framework__name="Asta Cita", number="4")
    selatan_region = Region.objects.get(code__startswith="64.08.", name="Sangatta Selatan")
    selatan = factories.unit(world.kutim, "KEC-SGS", "Kecamatan Sangatta Selatan",
                             kind=UnitKind.DISTRICT_OFFICE, region_code=selatan_region.code)
    activities = {}
    for name, unit, q1, q2 in (("a", world.bappeda, "30", "60"), ("b", world.bappeda, "10", "10"),
                               ("c", world.tapem, "20", "45"), ("d", world.kec_sangatta, "50", "95"),
                               ("e", selatan, "40", "80")):
        activity = make_activity(unit, year=YEAR)
        make_targets(activity, ("25", "25000000"), ("50", "50000000"), ("75", "75000000"),
                     ("100", "100000000"))
        activity.priorities.add(four)
        realization(activity, 1, q1, "10000000", status=S.VERIFIED)
        realization(activity, 2, q2, "20000000", status=S.SUBMITTED,
                    problems="Lelang ulang belum selesai" if name == "b" else "")
        activities[name] = activity
    open_period(world.kutim, QUARTER)
    return activities


def _url(world) -> str:
    return f"/reports/dashboard/?government={world.kutim.pk}&year={YEAR}&quarter={QUARTER}"


def _bar_pixel(page, index: int) -> dict:
    """Page coordinates of the middle of bar `index` of the unit chart."""
    x, y = page.evaluate(
        """(index) => {
            const el = document.querySelector("[data-testid=chart-units]");
            const chart = echarts.getInstanceByDom(el);
            const value = chart.getOption().series[0].data[index].value;
            return chart.convertToPixel({gridIndex: 0}, [value / 2, index]);
        }""",
        index,
    )
    box = page.locator("[data-testid=chart-units]").bounding_box()
    return {"x": box["x"] + x, "y": box["y"] + y}


def test_dashboard_draws_every_chart_and_drills_down(page, world, plan, site, sign_in):
    sign_in(page, world.users[Role.COORDINATOR])
    page.goto(_url(world))
    for chart in PANELS:
        element = page.get_by_test_id(chart)
        expect(element.locator("canvas").first).to_be_visible()
        expect(element).to_have_attribute("data-chart-rendered", chart_kind(chart))
    kecamatan_map = page.get_by_test_id("kecamatan-map")
    expect(kecamatan_map).to_have_attribute("data-map-rendered", "18")  # Kutai Timur's districts
    expect(page.get_by_test_id("table-risks")).to_contain_text("Lelang ulang belum selesai")
    # The unit chart: sorted, the highest bar first (Kecamatan Sangatta Utara, 95 %).
    page.get_by_test_id("chart-units").scroll_into_view_if_needed()
    point = _bar_pixel(page, 0)
    page.mouse.click(point["x"], point["y"])
    expect(page).to_have_url(
        f"{site.url}/reports/dashboard/units/{world.kec_sangatta.pk}/?year={YEAR}&quarter={QUARTER}")
    expect(page.locator("h1")).to_contain_text("Kecamatan Sangatta Utara")
    expect(page.get_by_test_id("chart-activities").locator("canvas").first).to_be_visible()
    page.get_by_test_id("table-activities").get_by_test_id("drill-activity").first.click()
    expect(page).to_have_url(f"{site.url}/monitoring/activities/{plan['d'].pk}/")


def chart_kind(test_id: str) -> str:
    return {"chart-units": "bars", "chart-trend": "trend", "chart-bands": "pies",
            "chart-completeness": "stacked", "chart-priorities": "shares"}[test_id]


def test_dashboard_fits_a_phone(new_context, world, plan, sign_in):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(page, world.users[Role.COORDINATOR])
    page.goto(_url(world))
    for chart in PANELS:
        element = page.get_by_test_id(chart)
        expect(element.locator("canvas").first).to_be_attached()
        box = element.bounding_box()
        assert 0 < box["width"] <= PHONE["width"], (chart, box)
    expect(page.get_by_test_id("kecamatan-map")).to_have_attribute("data-map-rendered", "18")
    # Open every table: they scroll inside their container, the page does not.
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The unit page too.
    page.goto(f"/reports/dashboard/units/{world.bappeda.pk}/?year={YEAR}&quarter={QUARTER}")
    expect(page.get_by_test_id("chart-activities").locator("canvas").first).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
