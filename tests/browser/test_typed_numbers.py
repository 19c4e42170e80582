"""Figures typed the Indonesian way in the browser: the operator types "86,5" and
"183.410.900" in the realization entry table (text inputs: a type=number input would refuse
"183.410.900"), saves, and reads them back the same way, each input wide enough to show its
whole value, on a desktop and on a phone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.monitoring.models import Realization
from sinergi.planning.importers import load_sample_nomenclature
from tests import factories
from tests.monitoring.conftest import YEAR, make_activity

pytestmark = pytest.mark.browser


@pytest.fixture
def setup(world):
    loaded = load_sample_nomenclature(Actor.system())
    assert loaded.ok, loaded.errors
    activity = make_activity(world.tapem, year=YEAR, budget="250000000")
    operator = factories.user("operator_tapem", Role.UNIT_OPERATOR, [world.tapem])
    return activity, operator


def _fits(locator) -> bool:
    """Whether the input shows its whole value (nothing scrolled out of sight)."""
    return locator.evaluate("el => el.scrollWidth <= el.clientWidth && el.clientWidth > 0")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_operator_types_figures_the_indonesian_way(new_context, setup, sign_in, viewport):
    activity, operator = setup
    page = new_context(viewport=viewport).new_page()
    sign_in(page, operator)
    url = f"/monitoring/units/{activity.unit_id}/{YEAR}/1/"
    page.goto(url)
    row = page.locator(f"table[data-testid=entry] tr[data-activity='{activity.pk}']")
    physical = row.locator(f"input[name=physical_{activity.pk}]")
    financial = row.locator(f"input[name=financial_{activity.pk}]")
    expect(physical).to_have_attribute("type", "text")
    expect(physical).to_have_attribute("inputmode", "decimal")
    physical.fill("86,5")
    financial.fill("183.410.900")
    page.locator("main form button[name=action][value=save]").click()

    expect(page.locator("main .alert-success")).to_be_visible()
    realization = Realization.objects.get(activity=activity, quarter=1)
    assert (realization.physical, realization.financial) == (Decimal("86.5"), Decimal("183410900"))
    expect(physical).to_have_value("86,5")
    expect(financial).to_have_value("183.410.900")
    assert _fits(physical) and _fits(financial)
    # The widest percentage, too.
    physical.fill("100,00")
    assert _fits(physical)
