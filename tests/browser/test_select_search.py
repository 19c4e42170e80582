"""The problem form's area picker: only the government's own kecamatan, with a search box that
narrows the list as the user types (static/sinergi/js/select-search.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sinergi.core.roles import Role

pytestmark = pytest.mark.browser


def test_typing_narrows_the_kecamatan(new_context, world, sign_in, site):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, world.users[Role.UNIT_OPERATOR])
    page.goto(f"{site.url}/problems/add/")
    select = page.locator("select[name=region]")
    search = page.locator("input[type=search][aria-controls='id_region']")
    expect(search).to_be_visible()
    total = select.locator("option[value]:not([value=''])").count()
    assert 1 < total < 100
    search.fill("sangatta")
    visible = select.evaluate("s => Array.from(s.options).filter(o => !o.hidden && o.value).map(o => o.text)")
    assert visible and all("sangatta" in text.lower() for text in visible) and len(visible) < total
    search.fill("")
    assert select.evaluate("s => Array.from(s.options).filter(o => !o.hidden && o.value).length") == total
    assert not errors
