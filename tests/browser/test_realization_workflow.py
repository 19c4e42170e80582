"""The quarterly realization workflow in the browser: a unit operator enters and submits the
quarter's figures, the unit head returns them with a reason (and cannot return them without one).
The pages answer in Indonesian, the default language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sinergi.core.models import AuditAction, AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.monitoring import services
from sinergi.monitoring.choices import RealizationStatus
from sinergi.monitoring.models import Realization
from sinergi.monitoring.services import Values
from sinergi.planning.importers import load_sample_nomenclature
from tests import factories
from tests.monitoring.conftest import YEAR, make_activity, make_targets, open_period

pytestmark = pytest.mark.browser

QUARTER = 1
KENDALA = "Keterlambatan pengadaan barang"
REASON = "Angka keuangan belum sesuai SP2D"


@pytest.fixture
def setup(world):
    """Tapem's activity with its quarter targets, Q1 open for reporting, and an operator and a
    head of Tapem (two different users)."""
    loaded = load_sample_nomenclature(Actor.system())
    assert loaded.ok, loaded.errors
    activity = make_activity(world.tapem, year=YEAR)
    make_targets(activity, ("25", "20000000"), ("50", "50000000"), ("75", "75000000"),
                 ("100", "100000000"))
    open_period(world.kutim, QUARTER)
    operator = factories.user("operator_tapem", Role.UNIT_OPERATOR, [world.tapem])
    head = factories.user("head_tapem", Role.UNIT_HEAD, [world.tapem])
    return activity, operator, head


def _entry_url(activity) -> str:
    return f"/monitoring/units/{activity.unit_id}/{YEAR}/{QUARTER}/"


def _realization_events(realization) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(content_type__model="realization",
                                          object_id=str(realization.pk)).order_by("id"))


def test_operator_submits_and_head_returns_with_a_reason(new_context, setup, site, sign_in):
    activity, operator, head = setup

    # (1) The operator enters the quarter's figures and submits them.
    operator_page = new_context().new_page()
    sign_in(operator_page, operator)
    operator_page.goto(_entry_url(activity))
    row = operator_page.locator(f"table[data-testid=entry] tr[data-activity='{activity.pk}']")
    expect(row).to_contain_text("belum diisi")  # not yet entered
    row.locator(f"input[name=physical_{activity.pk}]").fill("20")
    row.locator(f"input[name=financial_{activity.pk}]").fill("15000000")
    row.locator(f"textarea[name=problems_{activity.pk}]").fill(KENDALA)
    submit = operator_page.locator("main form button[name=action][value=submit]")
    expect(submit).to_have_text("Simpan dan ajukan")
    submit.click()

    expect(operator_page).to_have_url(f"{site.url}{_entry_url(activity)}")
    expect(operator_page.locator("main .alert-success")).to_have_text("1 realisasi telah diajukan.")
    expect(row.locator(".badge")).to_have_text("Diajukan")
    expect(row.locator(f"input[name=physical_{activity.pk}]")).to_be_disabled()
    realization = Realization.objects.get(activity=activity, quarter=QUARTER)
    assert (realization.status, realization.physical, realization.financial, realization.problems,
            realization.submitted_by) == (
        RealizationStatus.SUBMITTED, Decimal("20.00"), Decimal("15000000.00"), KENDALA, operator)

    # (2) The head returns it with a reason on the verification page.
    head_page = new_context().new_page()
    sign_in(head_page, head)
    verify_url = f"{_entry_url(activity)}verify/"
    head_page.goto(verify_url)
    row = head_page.locator(f"table[data-testid=verification] tr[data-realization='{realization.pk}']")
    expect(row.locator(".badge")).to_have_text("Diajukan")
    expect(row).to_contain_text(KENDALA)
    expect(row).to_contain_text("operator_tapem")
    row.get_by_label("Alasan").fill(REASON)
    row.get_by_role("button", name="Kembalikan").click()

    expect(head_page).to_have_url(f"{site.url}{verify_url}")
    expect(head_page.locator("main .alert-success")).to_have_text("Realisasi telah dikembalikan ke unit.")
    expect(row.locator(".badge")).to_have_text("Dikembalikan")
    expect(row.locator(".text-danger")).to_have_text(REASON)
    expect(row.get_by_role("button", name="Kembalikan")).to_have_count(0)

    # The operator sees it returned, with the reason, and may correct it again.
    operator_page.goto(_entry_url(activity))
    row = operator_page.locator(f"table[data-testid=entry] tr[data-activity='{activity.pk}']")
    expect(row.locator(".badge")).to_have_text("Dikembalikan")
    expect(row.locator(".text-danger")).to_have_text(REASON)
    expect(row.locator(f"input[name=physical_{activity.pk}]")).to_be_enabled()

    # (3) The database: returned, the reason stored, each step audited with its actor.
    realization.refresh_from_db()
    assert (realization.status, realization.return_reason) == (RealizationStatus.RETURNED, REASON)
    events = _realization_events(realization)
    assert [(e.action, e.actor, e.source) for e in events] == [
        (AuditAction.CREATE, operator, AuditSource.WEB),  # the draft saved with the submission
        (AuditAction.UPDATE, operator, AuditSource.WEB),  # the submission
        (AuditAction.UPDATE, head, AuditSource.WEB),      # the return
    ]
    submitted, returned = events[1], events[2]
    assert (submitted.before["status"], submitted.after["status"]) == (
        RealizationStatus.DRAFT, RealizationStatus.SUBMITTED)
    assert (returned.before["status"], returned.after["status"]) == (
        RealizationStatus.SUBMITTED, RealizationStatus.RETURNED)
    assert returned.after["return_reason"] == REASON


def test_returning_without_a_reason_shows_an_error_and_changes_nothing(page, setup, site, sign_in):
    activity, operator, head = setup
    realization = services.save_draft(Actor(operator), activity, QUARTER,
                                      Values(Decimal(20), Decimal(15000000), KENDALA))
    realization = services.submit(Actor(operator), realization, expected_version=realization.version)
    version, events = realization.version, len(_realization_events(realization))

    sign_in(page, head)
    verify_url = f"{_entry_url(activity)}verify/"
    page.goto(verify_url)
    row = page.locator(f"table[data-testid=verification] tr[data-realization='{realization.pk}']")
    reason = row.get_by_label("Alasan")
    button = row.get_by_role("button", name="Kembalikan")

    # An empty reason: the browser does not send the form (the field is required).
    button.click()
    assert reason.evaluate("input => input.validity.valueMissing")
    expect(page.locator("main .alert")).to_have_count(0)

    # Only blanks get past the browser; the server refuses them.
    reason.fill("   ")
    button.click()
    expect(page).to_have_url(f"{site.url}{verify_url}")
    expect(page.locator("main .alert-danger")).to_have_text("Cantumkan alasannya.")
    expect(row.locator(".badge")).to_have_text("Diajukan")
    expect(row.get_by_role("button", name="Kembalikan")).to_be_visible()

    realization.refresh_from_db()
    assert (realization.status, realization.return_reason, realization.version) == (
        RealizationStatus.SUBMITTED, "", version)
    assert len(_realization_events(realization)) == events
