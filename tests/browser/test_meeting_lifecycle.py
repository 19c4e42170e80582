"""A rakor from start to finish in the browser: plan it (WITA), invite all kecamatan in one step,
open it, a participant checks in on a phone-sized screen through the QR link, the organizer
writes the minutes (a script in them stays text), adds a directive and makes it a follow-up
action, closes the meeting and downloads the notulen/berita acara, whose text is read back."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from sinergi.core.roles import Role
from sinergi.meetings.models import Attendance, FollowUp, Meeting

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_meeting_lifecycle(new_context, world, site, sign_in):
    organizer = world.users[Role.UNIT_OPERATOR]
    page = new_context().new_page()
    sign_in(page, organizer)

    # Plan.
    page.goto("/meetings/add/")
    form = page.locator("[data-testid=meeting-form]")
    form.locator("select[name=organizer]").select_option(str(world.tapem.pk))
    form.locator("input[name=title]").fill("Rakor Camat Triwulan IV")
    form.locator("input[name=day]").fill("2024-12-10")
    form.locator("input[name=start]").fill("09:00")
    form.locator("input[name=end]").fill("12:00")
    form.locator("input[name=venue]").fill("Ruang Meranti")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=meeting-when]")).to_have_text(
        "Selasa, 10 Desember 2024, 09.00–12.00 WITA"
    )
    meeting = Meeting.objects.get(title="Rakor Camat Triwulan IV")

    # Invite every kecamatan in one step, then open the meeting.
    page.locator("[data-testid=invite-all-kecamatan]").click()
    expect(page.locator("[data-testid=invitation-row]")).to_contain_text("Camat Sangatta Utara")
    page.locator("[data-testid=meeting-open]").click()
    expect(page.locator("[data-testid=meeting-status]")).to_have_text("Berlangsung")

    # A participant checks in on a phone (no account).
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"/meetings/checkin/{meeting.checkin_key}/")
    phone.locator("#checkin-name").fill("Hasdiah, S.Sos.")
    phone.locator("#checkin-unit").select_option(str(world.kec_sangatta.pk))
    phone.locator("#checkin-position").fill("Camat Sangatta Utara")
    phone.locator("[data-testid=checkin-submit]").click()
    expect(phone.locator("[data-testid=checkin-done]")).to_contain_text("Hasdiah")
    assert Attendance.objects.get(meeting=meeting).invitation.unit == world.kec_sangatta

    # Minutes (a script stays text), a directive, and a follow-up action made of it.
    page.reload()
    expect(page.locator("[data-testid=attendance-count]")).to_contain_text("1")
    if not page.locator("[data-testid=minutes-form]").is_visible():
        page.locator("#minutes summary").click()  # the editor is folded once minutes exist
    page.locator("[data-testid=minutes-form] textarea").fill(
        "## Arahan\n\nCamat **wajib** hadir. <script>alert(1)</script>"
    )
    page.locator("[data-testid=minutes-form] button[type=submit]").click()
    expect(page.locator("[data-testid=minutes-html] strong")).to_have_text("wajib")
    expect(page.locator("[data-testid=minutes-html]")).to_contain_text("<script>alert(1)</script>")
    decision = page.locator("[data-testid=decision-form]")
    decision.locator("select[name=kind]").select_option("directive")
    decision.locator("input[name=text]").fill("Camat memperbarui data DPT")
    decision.locator("button[type=submit]").click()
    page.locator("[data-testid=decisions] a").first.click()
    follow_up = page.locator("[data-testid=followup-form]")
    expect(follow_up.locator("textarea")).to_have_value("Camat memperbarui data DPT")
    follow_up.locator("select[name=units]").select_option(str(world.kec_sangatta.pk))
    follow_up.locator("input[name=due_date]").fill("2024-12-31")
    follow_up.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=followup-list]")).to_contain_text("Camat memperbarui data DPT")
    assert FollowUp.objects.get(meeting=meeting).responsible_units.get() == world.kec_sangatta

    # Close, then the record: frozen, and its PDF reads back.
    page.locator("[data-testid=meeting-close]").click()
    expect(page.locator("[data-testid=frozen-parts]")).to_contain_text("1")  # the confirmation page
    page.locator("[data-testid=meeting-close-confirm]").click()
    expect(page.locator("[data-testid=meeting-status]")).to_have_text("Ditutup")
    expect(page.locator("[data-testid=decision-form]")).to_have_count(0)
    with page.expect_download() as download:
        page.locator("[data-testid=record-pdf]").click()
    data = download.value.path().read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    for expected in (
        "NOTULEN RAPAT",
        "Rakor Camat Triwulan IV",
        "Selasa, 10 Desember 2024",
        "Hasdiah",
        "Camat memperbarui data DPT",
        "<script>alert(1)</script>",
    ):
        assert expected in text, expected
    assert "DRAF" not in text
