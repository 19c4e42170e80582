"""Indonesian by default, even for a browser that asks for English (the contexts are en-US);
the EN / ID buttons switch the interface language and the choice is remembered."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sinergi.core.roles import Role

pytestmark = pytest.mark.browser


def test_language_switch(page, world, site, sign_in):
    sign_in(page, world.users[Role.COORDINATOR])
    page.goto("/units/")
    nav = page.locator("#nav")

    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(nav.get_by_role("link", name="Pejabat", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Officials", exact=True)).to_have_count(0)

    page.get_by_test_id("lang-en").click()

    expect(page).to_have_url(f"{site.url}/units/")  # the switch stays on the page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav.get_by_role("link", name="Officials", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Pejabat", exact=True)).to_have_count(0)
    expect(page.get_by_test_id("lang-en")).to_have_class(re.compile(r"\bbtn-light\b"))

    # The choice sticks (language cookie) on the next page.
    page.goto("/officials/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Officials")

    page.get_by_test_id("lang-id").click()

    expect(page).to_have_url(f"{site.url}/officials/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_have_text("Pejabat")
    expect(nav.get_by_role("link", name="Officials", exact=True)).to_have_count(0)


def test_login_page_switches_language_before_signing_in(page, site):
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("main button[type=submit]")).to_have_text("Masuk")

    page.get_by_test_id("lang-en").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main button[type=submit]")).to_have_text("Sign in")
