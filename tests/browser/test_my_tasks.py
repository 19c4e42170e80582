"""Tugas saya in the browser, on a phone (390 px): the operator signs in, finds the row the head
returned with its reason on the home page, follows the link to the entry page that lists that
row, corrects and resubmits it, and the task is gone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sinergi.core.services import Actor
from sinergi.monitoring.choices import RealizationStatus
from sinergi.monitoring.models import Realization
from sinergi.planning.importers import load_sample_nomenclature
from tests.monitoring.conftest import YEAR, make_activity, make_targets, open_period, realization

pytestmark = pytest.mark.browser

REASON = "Angka keuangan belum sesuai SP2D"


@pytest.fixture
def returned(world):
    loaded = load_sample_nomenclature(Actor.system())
    assert loaded.ok, loaded.errors
    activity = make_activity(world.tapem, year=YEAR, name="Penyusunan Renja Bagian Tapem")
    make_targets(activity, ("25", "20000000"), ("50", "50000000"), ("75", "75000000"),
                 ("100", "100000000"))
    open_period(world.kutim, 4)
    for quarter in (1, 2, 3):
        realization(activity, quarter, physical=str(20 * quarter), financial=str(10_000_000 * quarter),
                    status=RealizationStatus.VERIFIED)
    return realization(activity, 4, physical="70", financial="32000000",
                       status=RealizationStatus.RETURNED, return_reason=REASON)


def test_operator_fixes_a_returned_row_from_the_home_page(new_context, site, world, returned):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto("/login/")
    form = page.locator("main form")
    form.locator("#id_username").fill("operator")
    form.locator("#id_password").fill("Rahasia-123!")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{site.url}/")

    tasks = page.get_by_test_id("my-tasks")
    expect(tasks).to_contain_text("Tugas saya")
    task = tasks.locator("[data-kind=returned]")
    expect(task).to_contain_text("1 baris dikembalikan untuk diperbaiki")
    expect(task).to_contain_text(REASON)
    # Readable on a phone: the task fits the screen, no sideways scrolling.
    box = task.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    task.click()
    expect(page.get_by_test_id("status-filter")).to_be_visible()
    row = page.locator(f"table[data-testid=entry] tr[data-activity='{returned.activity_id}']")
    expect(row).to_contain_text(REASON)
    row.locator(f"input[name=financial_{returned.activity_id}]").fill("40000000")
    page.locator("main form button[name=action][value=submit]").click()
    expect(page.locator("main .alert-success")).to_have_text("1 realisasi telah diajukan.")

    fixed = Realization.objects.get(pk=returned.pk)
    assert fixed.status == RealizationStatus.SUBMITTED
    assert fixed.financial == 40_000_000

    page.get_by_role("link", name="Sinergi").click()
    expect(page).to_have_url(f"{site.url}/")
    expect(page.get_by_test_id("my-tasks").locator("[data-kind=returned]")).to_have_count(0)
    expect(page.get_by_test_id("no-tasks")).to_have_text("Tidak ada tugas")
