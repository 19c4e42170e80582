"""Signing in through the login form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sinergi.core.roles import Role

pytestmark = pytest.mark.browser


def test_coordinator_signs_in_and_lands_on_the_dashboard(page, world, site):
    username = world.users[Role.COORDINATOR].username
    page.goto("/units/")
    # Not signed in: sent to the login form, which remembers where the user was going.
    expect(page).to_have_url(re.compile(r"/login/\?next=/units/$"))
    form = page.locator("main form")

    form.locator("#id_username").fill(username)
    form.locator("#id_password").fill("not-the-password")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/login/\?next=/units/$"))
    expect(form.locator(".alert-danger")).to_be_visible()
    expect(form.locator("#id_username")).to_have_value(username)
    expect(page.get_by_test_id("current-user")).to_have_count(0)

    form.locator("#id_password").fill("Rahasia-123!")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(f"{site.url}/units/")
    expect(page.get_by_test_id("current-user")).to_have_text(username)

    page.get_by_role("link", name="Sinergi").click()
    expect(page).to_have_url(f"{site.url}/")
    # The coordinator's scope is Kutai Timur: its four units, not Mimika's.
    expect(page.get_by_test_id("stat-governments")).to_have_text("1")
    expect(page.get_by_test_id("stat-units")).to_have_text("4")


def test_sign_in_without_next_lands_on_the_dashboard(page, world, site):
    page.goto("/login/")
    form = page.locator("main form")
    form.locator("#id_username").fill("coordinator")
    form.locator("#id_password").fill("Rahasia-123!")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(f"{site.url}/")
    expect(page.get_by_test_id("stat-units")).to_have_text("4")
    expect(page.get_by_test_id("current-user")).to_have_text("coordinator")
