"""Maps of regions (static/sinergi/js/map.js with ECharts): a region page draws the outlines of
its subdivisions on a canvas, names a subdivision under the pointer and opens it on a click; on
a phone the first tap names it and the second opens it. The problem watcher of conftest fails
the tests on any console error, CSP violation or failed request."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import expect

from sinergi.core.roles import Role
from sinergi.regions import boundaries

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _inside(point, ring) -> bool:
    """Ray casting: is `point` inside the closed `ring` of [lng, lat] pairs?"""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _target(code: str) -> tuple[str, str, list[float]]:
    """A subdivision of `code` whose centroid lies inside its own outline (to point at it), the
    one with the longest outline (the largest, roughly): (code, name, [lng, lat])."""
    candidates = []
    for feature in boundaries.children(code)["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        centroid = feature["properties"]["centroid"]
        if any(_inside(centroid, polygon[0]) for polygon in polygons):
            size = sum(len(polygon[0]) for polygon in polygons)
            candidates.append((size, feature["properties"]["code"], feature["properties"]["name"], centroid))
    _size, child, name, centroid = max(candidates)
    return child, name, centroid


def _pixel(page, centroid) -> dict:
    """Page coordinates of a [lng, lat] point on the map."""
    x, y = page.evaluate(
        """([lng, lat]) => {
            const el = document.querySelector("[data-region-map]");
            return echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, [lng, lat]);
        }""",
        centroid,
    )
    box = page.locator("[data-region-map]").bounding_box()
    return {"x": box["x"] + x, "y": box["y"] + y}


def _painted_pixels(page) -> int:
    return page.evaluate(
        """() => {
            const canvas = document.querySelector("[data-region-map] canvas");
            const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
            return painted;
        }"""
    )


def test_region_page_draws_its_districts_and_opens_one(page, world, site, sign_in):
    sign_in(page, world.users[Role.VIEWER])
    page.goto("/regions/94.04/")
    region_map = page.locator("[data-region-map]")
    expect(region_map.locator("canvas").first).to_be_visible()
    expect(region_map).to_have_attribute("data-map-rendered", "18")  # Mimika's 18 districts
    box = region_map.bounding_box()
    assert box["width"] > 600 and 240 <= box["height"] <= 0.7 * 900 + 1
    assert _painted_pixels(page) > 10_000  # the outlines are drawn, not an empty canvas

    code, name, centroid = _target("94.04")
    point = _pixel(page, centroid)
    page.mouse.move(point["x"], point["y"])
    expect(region_map).to_contain_text(name)  # the tooltip: name and code
    expect(region_map).to_contain_text(code)

    page.mouse.click(point["x"], point["y"])
    expect(page).to_have_url(f"{site.url}/regions/{code}/")
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator("[data-region-map]")).to_have_count(0)  # a district has no subdivisions


def test_on_a_phone_the_first_tap_names_the_region_and_the_second_opens_it(new_context, world, site,
                                                                           sign_in):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(page, world.users[Role.COORDINATOR])
    page.goto(world.kutim.get_absolute_url())
    region_map = page.locator("[data-region-map]")
    expect(region_map).to_have_attribute("data-map-rendered", "18")  # Kutai Timur's districts
    box = region_map.bounding_box()
    assert box["width"] <= PHONE["width"] and box["height"] >= 240
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    code, name, centroid = _target("64.08")
    region_map.scroll_into_view_if_needed()
    point = _pixel(page, centroid)
    page.touchscreen.tap(point["x"], point["y"])
    expect(region_map).to_contain_text(name)
    expect(page).to_have_url(re.compile(r"/governments/\d+/$"))

    page.touchscreen.tap(point["x"], point["y"])
    expect(page).to_have_url(f"{site.url}/regions/{code}/")


def _held_tap(page, point, held_ms: int) -> None:
    """A tap whose finger stays down `held_ms` (a deliberate tap, or one on a slow phone whose
    page handles the lifting late): still a tap for the browser, well short of a long press."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    page.wait_for_timeout(held_ms)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_on_a_phone_a_tap_held_longer_still_names_and_opens_the_region(new_context, world, site, sign_in):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(page, world.users[Role.VIEWER])
    page.goto("/regions/94.04/")
    region_map = page.locator("[data-region-map]")
    expect(region_map).to_have_attribute("data-map-rendered", "18")
    code, name, centroid = _target("94.04")
    region_map.scroll_into_view_if_needed()
    point = _pixel(page, centroid)

    _held_tap(page, point, 400)
    expect(region_map).to_contain_text(name)
    page.wait_for_timeout(800)  # longer than the browser's double-tap window
    expect(page).to_have_url(f"{site.url}/regions/94.04/")  # the first tap only names it

    _held_tap(page, point, 400)
    expect(page).to_have_url(f"{site.url}/regions/{code}/")
