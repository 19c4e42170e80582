"""A phone-sized screen: the navigation collapses behind the toggler (Bootstrap's JS)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sinergi.core.roles import Role

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_navbar_collapses_on_a_phone(new_context, world, site, sign_in):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(page, world.users[Role.COORDINATOR])
    page.goto("/")
    toggler = page.locator("button.navbar-toggler")
    units_link = page.locator("#nav").get_by_role("link", name="Unit", exact=True)

    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(units_link).to_be_hidden()
    # Nothing wider than the screen (tables scroll inside their own container).
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    toggler.click()

    expect(units_link).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    units_link.click()
    expect(page).to_have_url(f"{site.url}/units/")
    expect(page.locator("main table tbody tr")).to_have_count(4)
    # A new page starts with the menu closed again.
    expect(page.locator("#nav").get_by_role("link", name="Unit", exact=True)).to_be_hidden()


def test_navbar_is_expanded_on_a_desktop(page, world, sign_in):
    sign_in(page, world.users[Role.COORDINATOR])
    page.goto("/")
    expect(page.locator("button.navbar-toggler")).to_be_hidden()
    expect(page.locator("#nav").get_by_role("link", name="Unit", exact=True)).to_be_visible()
