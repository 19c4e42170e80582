"""The bell: it shows the unread count, and the count goes when the notifications are read
(on a desktop and on a phone)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sinergi.core.roles import Role
from sinergi.notifications.choices import Kind
from sinergi.notifications.services import notify

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _two_notifications(user) -> None:
    notify([user], Kind.PERIOD_OPENED, "Periode pelaporan Triwulan I 2025 dibuka",
           "Ajukan realisasi paling lambat 10 April 2025.", "/monitoring/", "period:1")
    notify([user], Kind.REALIZATION_RETURNED, "Realisasi Triwulan I 2025 dikembalikan",
           "Alasan: bukti belum lengkap", "/monitoring/", "realizations:1")


def test_bell_counts_and_clears(page, world, sign_in):
    operator = world.users[Role.UNIT_OPERATOR]
    _two_notifications(operator)
    sign_in(page, operator)
    page.goto("/")
    bell = page.get_by_test_id("bell")
    expect(page.get_by_test_id("bell-count")).to_have_text("2")

    bell.click()
    expect(page).to_have_url(f"{page.url.split('/notifications')[0]}/notifications/")
    items = page.get_by_test_id("notification")
    expect(items).to_have_count(2)
    items.first.get_by_test_id("mark-read").click()
    expect(page.get_by_test_id("bell-count")).to_have_text("1")
    page.get_by_test_id("mark-all-read").click()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
    expect(page.get_by_test_id("mark-read")).to_have_count(0)
    # Each notification links to where the work is done.
    page.get_by_role("link", name="Realisasi Triwulan I 2025 dikembalikan").click()
    expect(page).to_have_url(f"{page.url.split('/monitoring')[0]}/monitoring/")


def test_bell_on_a_phone(new_context, world, sign_in):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    operator = world.users[Role.UNIT_OPERATOR]
    _two_notifications(operator)
    sign_in(page, operator)
    page.goto("/notifications/")
    expect(page.get_by_test_id("bell-count")).to_have_text("2")  # outside the collapsed menu
    expect(page.get_by_test_id("notification")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_test_id("mark-all-read").click()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
    page.goto("/notifications/preferences/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
