"""Recording a meeting from a press release, as a coordinator does it (issue 18): the review
page keeps who chaired for whom, leaves a time the report does not give unknown, proposes the
due date the report states, and a correction made there is exported as an annotated case once
the draft is confirmed."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from sinergi.extraction.models import ReportSource
from sinergi.meetings.choices import MeetingStatus
from sinergi.meetings.models import FollowUp, Meeting
from tests import factories

pytestmark = pytest.mark.browser

REPORT = (
    "Camat Diminta Segera Laporkan Realisasi Dana Kelurahan\n\n"
    "BATULICIN - Bupati Tanah Bumbu, Zairullah Azhar, melalui Kepala Bagian Pemerintahan Setda Tanah "
    "Bumbu, Ismail, membuka rapat koordinasi camat se-Kabupaten Tanah Bumbu di Aula Kantor Bupati, "
    "Selasa (10/12/2024). Ismail meminta seluruh camat menyampaikan laporan realisasi dana kelurahan "
    "paling lambat 31 Desember 2024.\n"
)


def test_review_page_representation_unknown_time_due_date_and_an_exported_correction(
        page, site, sign_in, tmp_path):
    tanbu = factories.government("63.10")
    tapem = factories.unit(tanbu, "TAPEM", "Bagian Pemerintahan")
    kecamatan = factories.unit(tanbu, "KEC-BTL", "Kecamatan Batulicin")
    coordinator = factories.user("koord-tanbu", "coordinator", [tapem])
    sign_in(page, coordinator)

    page.goto("/meetings/from-report/")
    page.locator("textarea[name=text]").fill(REPORT)
    page.get_by_test_id("report-read-form").locator("button[type=submit]").click()
    form = page.get_by_test_id("report-review-form")
    expect(form).to_be_visible()
    expect(page.get_by_test_id("report-headline")).to_contain_text("Camat Diminta Segera")

    # Representation: Ismail chaired, for the Bupati.
    chair = form.locator("select[name=chair]")
    chair_for = form.locator("select[name=chair_for]")
    expect(chair.locator("option:checked")).to_have_text("Ismail")
    expect(chair_for.locator("option:checked")).to_contain_text("Zairullah")
    # No time in the report: the time fields are empty, not 09.00-12.00.
    expect(form.locator("input[name=start]")).to_have_value("")
    expect(form.locator("input[name=end]")).to_have_value("")
    # The due date the report states is proposed.
    expect(form.locator("input[name=fu_0_due]")).to_have_value("2024-12-31")
    expect(form.locator("input[name=title]")).not_to_have_value(
        "Camat Diminta Segera Laporkan Realisasi Dana Kelurahan")

    # The reviewer corrects the place and gives the follow-up its responsible unit.
    form.locator("input[name=venue]").fill("Aula Kantor Bupati Tanah Bumbu, Batulicin")
    form.locator("select[name=fu_0_units]").select_option(str(kecamatan.pk))
    form.locator("select[name=organizer]").select_option(str(tapem.pk))
    page.get_by_test_id("save-report").click()

    note = page.get_by_test_id("report-source-note")
    expect(note).to_be_visible()
    expect(page.get_by_test_id("meeting-when")).to_contain_text("2024")
    expect(page.get_by_test_id("meeting-when")).to_contain_text("waktu tidak disebutkan")
    meeting = Meeting.objects.get(government=tanbu)
    assert meeting.chair.name.startswith("Zairullah") and meeting.chair_delegate.name == "Ismail"
    follow_up = FollowUp.objects.get(meeting=meeting)
    assert follow_up.due_date.isoformat() == "2024-12-31"
    assert meeting.status == MeetingStatus.PLANNED  # a draft until confirmed

    page.get_by_test_id("report-confirm").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Ditutup")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    assert ReportSource.objects.get(meeting=meeting).confirmed_by == coordinator

    call_command("export_review_cases", str(tmp_path), "--corrected-only")
    (case_file,) = (tmp_path / "annotations").glob("*.json")
    case = json.loads(case_file.read_text())
    assert case["venue"] == "Aula Kantor Bupati Tanah Bumbu, Batulicin"
    assert "venue" in case["_note"]
    assert case["chair"]["name"] == "Ismail" and case["chair_for"]["name"].startswith("Zairullah")
