"""The yearly cooperation evaluation in the browser: a unit fills and submits its evaluation of
an agreement; the coordinator returns it with a reason (a blank reason changes nothing)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from sinergi.cooperation import evaluation as ev
from sinergi.cooperation.models import Evaluation
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.monitoring.choices import RealizationStatus
from tests.cooperation.test_evaluation import agreement

pytestmark = pytest.mark.browser
REASON = "Lampirkan bukti kegiatan 2024."


def test_unit_submits_coordinator_returns(new_context, world, site, sign_in):
    agreement(world, "Pengelolaan Sampah Regional", [world.tapem])
    coordinator, operator = world.users[Role.COORDINATOR], world.users[Role.UNIT_OPERATOR]
    evaluation_round = ev.open_round(
        Actor(coordinator), world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31)
    )
    evaluation = Evaluation.objects.get(round=evaluation_round)
    url = f"/cooperation/evaluations/{evaluation.pk}/"

    unit_page = new_context().new_page()
    sign_in(unit_page, operator)
    unit_page.goto(url)
    form = unit_page.locator("[data-testid=evaluation-form]")
    form.locator("select[name=implementation]").select_option("completed")
    form.locator("textarea[name=benefit]").fill("Sampah terangkut 40 ton per bulan.")
    form.locator("select[name=recommendation]").select_option("continue")
    unit_page.locator("[data-testid=evaluation-submit]").click()
    expect(unit_page.locator("[data-testid=evaluation-status]")).to_have_text("Diajukan")
    expect(unit_page.locator("[data-testid=evaluation-form]")).to_have_count(0)

    coordinator_page = new_context().new_page()
    sign_in(coordinator_page, coordinator)
    coordinator_page.goto(f"/cooperation/rounds/{evaluation_round.pk}/")
    expect(coordinator_page.locator("[data-testid=evaluation-row]")).to_contain_text(
        "Pengelolaan Sampah Regional"
    )
    coordinator_page.goto(url)
    coordinator_page.locator("[data-testid=evaluation-return]").click()  # no reason given
    expect(coordinator_page.locator("[data-testid=evaluation-status]")).to_have_text("Diajukan")
    evaluation.refresh_from_db()
    assert evaluation.status == RealizationStatus.SUBMITTED
    coordinator_page.locator("[data-testid=return-reason-input]").fill(REASON)
    coordinator_page.locator("[data-testid=evaluation-return]").click()
    expect(coordinator_page.locator("[data-testid=evaluation-status]")).to_have_text("Dikembalikan")

    unit_page.goto(url)
    expect(unit_page.locator("[data-testid=return-reason]")).to_contain_text(REASON)
    expect(unit_page.locator("[data-testid=evaluation-form]")).to_be_visible()
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.return_reason) == (RealizationStatus.RETURNED, REASON)


def test_dashboard_timeline_and_a_decision_followed_on_the_agreement(new_context, world, site, sign_in):
    """The coordinator sees the agreements in force on the timeline, links the evaluation
    meeting to the round, and records a decision as a follow-up on one agreement; the unit
    finds it on its agreement's page."""
    from sinergi.meetings.models import Decision
    from tests.meetings.conftest import make_meeting

    sampah = agreement(world, "Pengelolaan Sampah Regional", [world.tapem])
    agreement(world, "Beasiswa Daerah", [world.bappeda])
    coordinator = world.users[Role.COORDINATOR]
    evaluation_round = ev.open_round(
        Actor(coordinator), world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31)
    )
    meeting = make_meeting(world, title="Sosialisasi Evaluasi Kerja Sama Daerah 2024")
    Decision.objects.create(meeting=meeting, order=1, text="Perangkat daerah melengkapi dokumen PKS.")

    page = new_context().new_page()
    sign_in(page, coordinator)
    page.goto(f"/cooperation/government/{world.kutim.pk}/dashboard/")
    expect(page.locator("[data-testid=coop-timeline]")).to_have_attribute("data-chart-rendered", "timeline")
    expect(page.locator("[data-testid=coop-timeline] canvas")).to_have_count(1)

    page.goto(f"/cooperation/rounds/{evaluation_round.pk}/")
    page.locator("[data-testid=round-meeting-form] button").click()
    page.locator("[data-testid=round-follow-ups]").click()
    form = page.locator("[data-testid=agreement-follow-up-form]")
    form.locator("select[name=decision]").select_option(label="Perangkat daerah melengkapi dokumen PKS.")
    form.locator("select[name=agreements]").select_option(label="Pengelolaan Sampah Regional")
    form.locator("input[name=due_date]").fill("2025-03-31")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=agreement-follow-ups]")).to_contain_text("Pengelolaan Sampah Regional")

    unit_page = new_context().new_page()
    sign_in(unit_page, world.users[Role.UNIT_OPERATOR])
    unit_page.goto(f"/cooperation/{sampah.pk}/")
    expect(unit_page.locator("[data-testid=agreement-follow-ups]")).to_contain_text("melengkapi dokumen PKS")
