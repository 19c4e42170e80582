"""The weekly digest on a phone (390 px): the coordinator opens it from the home page, reads the
four sections without sideways scrolling, finds "Kirim lewat WhatsApp" to the Bupati and copies
the text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sinergi.core.roles import Role
from sinergi.meetings.models import FollowUp, FollowUpLine, Meeting
from sinergi.regions.choices import PositionGrade
from sinergi.regions.models import Position
from tests import factories

pytestmark = pytest.mark.browser


def test_coordinator_reads_the_digest_on_a_phone(new_context, site, world, sign_in):
    position = Position.objects.create(government=world.kutim, title="Bupati Kutai Timur",
                                       grade=PositionGrade.REGIONAL_HEAD, order=1)
    bupati = factories.official(world.kutim, "Ardiansyah Sulaiman", whatsapp="081234567890")
    factories.term(position, bupati, dt.date(2021, 2, 26))
    now = timezone.now()
    meeting = Meeting.objects.create(
        government=world.kutim, organizer=world.tapem, time_zone="Asia/Makassar",
        title="Rapat Koordinasi Percepatan Penurunan Stunting dan Kemiskinan Ekstrem Tingkat Kabupaten",
        starts_at=now, ends_at=now + dt.timedelta(hours=2), venue="Ruang Meranti")
    action = FollowUp.objects.create(government=world.kutim, meeting=meeting, description="Data DPT",
                                     due_date=timezone.localdate() - dt.timedelta(days=3))
    FollowUpLine.objects.create(follow_up=action, unit=world.kec_sangatta, due_date=action.due_date)

    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(page, world.users[Role.COORDINATOR])
    page.goto("/")
    page.get_by_test_id("home-digest").click()
    expect(page.get_by_test_id("digest-government")).to_have_text("Pemerintah Kabupaten Kutai Timur")
    expect(page.get_by_test_id("digest-overdue")).to_contain_text("Kecamatan Sangatta Utara")
    expect(page.get_by_test_id("digest-meetings")).to_contain_text("Percepatan Penurunan Stunting")
    whatsapp = page.get_by_test_id("digest-whatsapp")
    expect(whatsapp).to_have_text("Kirim lewat WhatsApp")
    assert whatsapp.get_attribute("href").startswith("https://wa.me/6281234567890?text=")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    text = page.locator("#digest-text")
    assert text.input_value().startswith("*Ringkasan pekanan: Pemkab Kutai Timur*")
    page.locator("[data-copy=digest-text]").click()
    expect(page.locator("[data-copy=digest-text]")).to_have_class("btn btn-outline-secondary btn-sm active")
