"""Creating a unit through the form and finding it in the list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Unit

pytestmark = pytest.mark.browser

NAME = "Dinas Komunikasi dan Informatika"


def test_coordinator_creates_a_unit_and_finds_it_in_the_list(page, world, site, sign_in):
    coordinator = world.users[Role.COORDINATOR]
    sign_in(page, coordinator)

    page.goto("/units/")
    page.locator("main a[href='/units/add/']").click()
    expect(page).to_have_url(f"{site.url}/units/add/")
    form = page.locator("main form[method=post]")
    # A coordinator of Kutai Timur can only add units to Kutai Timur.
    expect(form.locator("#id_government option[value]:not([value=''])")).to_have_count(1)
    form.locator("#id_government").select_option(str(world.kutim.pk))
    form.locator("#id_code").fill("DISKOMINFO")
    form.locator("#id_name").fill(NAME)
    form.locator("#id_short_name").fill("Diskominfo")
    form.locator("#id_kind").select_option(UnitKind.AGENCY)
    form.locator("button[type=submit]").click()

    unit = Unit.objects.get(government=world.kutim, code="DISKOMINFO")
    expect(page).to_have_url(f"{site.url}/units/{unit.pk}/")
    expect(page.locator("h1")).to_have_text(NAME)
    assert (unit.name, unit.short_name, unit.kind, unit.parent_id) == (
        NAME, "Diskominfo", UnitKind.AGENCY, None
    )
    event = AuditEvent.objects.get(object_id=str(unit.pk), content_type__model="unit")
    assert (event.actor, event.source) == (coordinator, AuditSource.WEB)

    page.goto("/units/")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(5)  # Kutai Timur's four units and the new one; not Mimika's
    search = page.locator("main form[role=search]")
    search.locator("#id_q").fill("komunikasi")
    search.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/units/\?.*q=komunikasi"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NAME)
    expect(rows.first).to_contain_text("DISKOMINFO")
    rows.first.get_by_role("link", name=NAME).click()
    expect(page).to_have_url(f"{site.url}/units/{unit.pk}/")


def test_invalid_unit_form_shows_the_error_and_saves_nothing(page, world, site, sign_in):
    sign_in(page, world.users[Role.COORDINATOR])
    page.goto("/units/add/")
    form = page.locator("main form[method=post]")
    form.locator("#id_government").select_option(str(world.kutim.pk))
    form.locator("#id_code").fill("KEC-BARU")
    form.locator("#id_name").fill("Kecamatan Baru")
    form.locator("#id_kind").select_option(UnitKind.DISTRICT_OFFICE)  # without its district
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(f"{site.url}/units/add/")
    expect(form.locator("#id_region.is-invalid")).to_be_visible()
    expect(form.locator(".invalid-feedback")).to_have_count(1)
    expect(form.locator("#id_name")).to_have_value("Kecamatan Baru")
    assert not Unit.objects.filter(code="KEC-BARU").exists()
