"""Sub-units on the entry and verification pages: a head of Setda sees, enters and verifies the
activities of Setda's sections (its scope is the subtree), grouped by unit, with a toggle to
show the unit alone; an operator of a sibling section sees none of them. Queries stay
constant in the number of units and rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.accounts.models import User
from sinergi.core.roles import Role
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.monitoring.models import Realization, RealizationOutput
from sinergi.planning.models import Indicator
from sinergi.regions.choices import UnitKind
from tests import factories
from tests.monitoring.conftest import YEAR, make_activity, make_targets, realization

pytestmark = pytest.mark.django_db
D = Decimal


def _entry(unit, quarter=1, query=""):
    return reverse("monitoring:entry", args=[unit.pk, YEAR, quarter]) + query


def _verification(unit, quarter=1, query=""):
    return reverse("monitoring:verification", args=[unit.pk, YEAR, quarter]) + query


@pytest.fixture
def hukum(world):
    """A sibling of Tapem under Setda, with its own operator."""
    unit = factories.unit(world.kutim, "HUKUM", "Bagian Hukum", kind=UnitKind.SECTION,
                          parent=world.setda)
    factories.user("operator_hukum", Role.UNIT_OPERATOR, [unit])
    return unit


def test_head_sees_and_enters_the_sections_activities(client, world, tapem_activity, hukum):
    own = make_activity(world.setda)
    theirs = make_activity(hukum)
    client.force_login(world.users[Role.UNIT_HEAD])
    html = client.get(_entry(world.setda)).content.decode()
    for activity in (own, tapem_activity, theirs):
        assert f'data-activity="{activity.pk}"' in html
    # Grouped by unit in tree order: Setda's own rows first, each section under its heading.
    assert html.index(f'data-unit="{world.setda.pk}"') < html.index(f'data-activity="{own.pk}"')
    assert html.index(f'data-unit="{world.tapem.pk}"') < html.index(f'data-activity="{tapem_activity.pk}"')
    assert 'data-testid="subunits"' in html and "?subunits=0" in html
    # The unit alone.
    html = client.get(_entry(world.setda, query="?subunits=0")).content.decode()
    assert f'data-activity="{own.pk}"' in html
    assert f'data-activity="{tapem_activity.pk}"' not in html and 'data-unit=' not in html
    # Saving a section's row from Setda's page, and staying on the same view.
    key = tapem_activity.pk
    response = client.post(_entry(world.setda), {
        f"physical_{key}": "30", f"financial_{key}": "1000", f"version_{key}": "", "action": "save"})
    assert response.status_code == 302 and response["Location"] == _entry(world.setda)
    assert Realization.objects.get(activity=tapem_activity).physical == D(30)


def test_head_verifies_a_sections_realization_from_its_page(client, world, tapem_activity, hukum):
    submitted = realization(tapem_activity, 1, status=S.SUBMITTED)
    other = realization(make_activity(hukum), 1, status=S.SUBMITTED)
    client.force_login(world.users[Role.UNIT_HEAD])
    page = client.get(_verification(world.setda))
    html = page.content.decode()
    assert f'data-realization="{submitted.pk}"' in html and f'data-realization="{other.pk}"' in html
    verify = reverse("monitoring:realization_action", args=[submitted.pk, "verify"])
    assert verify in html
    response = client.post(verify, {"version": submitted.version, "next": _verification(world.setda)})
    assert response.status_code == 302 and response["Location"] == _verification(world.setda)
    assert Realization.objects.get(pk=submitted.pk).status == S.VERIFIED
    html = client.get(_verification(world.setda, query="?subunits=0")).content.decode()
    assert f'data-realization="{submitted.pk}"' not in html


def test_sibling_operator_sees_nothing_of_tapem(client, world, tapem_activity, hukum):
    theirs = make_activity(hukum)
    r = realization(tapem_activity, 1, status=S.SUBMITTED)
    client.force_login(User.objects.get(username="operator_hukum"))
    assert client.get(_entry(world.setda)).status_code == 404
    assert client.get(_entry(world.tapem)).status_code == 404
    assert client.get(_verification(world.tapem)).status_code == 404
    assert client.get(_verification(world.setda)).status_code == 404
    html = client.get(_entry(hukum)).content.decode()
    assert f'data-activity="{theirs.pk}"' in html and f'data-activity="{tapem_activity.pk}"' not in html
    assert 'data-testid="subunits"' not in html  # no sections below Hukum
    response = client.post(reverse("monitoring:realization_action", args=[r.pk, "verify"]),
                           {"version": r.version})
    assert response.status_code == 404


def test_tapem_operator_page_is_tapem_only(client, world, tapem_activity):
    setda_own = make_activity(world.setda)
    client.force_login(world.users[Role.UNIT_OPERATOR])
    html = client.get(_entry(world.tapem)).content.decode()
    assert f'data-activity="{tapem_activity.pk}"' in html and f'data-activity="{setda_own.pk}"' not in html


def _grow(world, n_units: int, per_unit: int) -> None:
    """Sections under Setda with activities, indicators, targets, outputs and realizations."""
    start = Realization.objects.count()
    for u in range(n_units):
        unit = factories.unit(world.kutim, f"SEK-{start}-{u}", kind=UnitKind.SECTION, parent=world.setda)
        for _ in range(per_unit):
            activity = make_activity(unit)
            make_targets(activity, ("10", "0"), ("20", "0"))
            ind = Indicator.objects.create(activity=activity, name="Dok", measure_unit="dok",
                                           annual_target=D(2))
            q1 = realization(activity, 1, "10", "100", status=S.VERIFIED)
            q2 = realization(activity, 2, "15", "200", status=S.SUBMITTED)
            RealizationOutput.objects.create(realization=q1, indicator=ind, value=D(1))
            RealizationOutput.objects.create(realization=q2, indicator=ind, value=D(2))


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", [_entry, _verification])
def test_queries_do_not_grow_with_units_and_rows(client, world, sample, page):
    client.force_login(world.users[Role.UNIT_HEAD])
    url = page(world.setda, 2)
    _grow(world, 1, 1)
    small = _count(client, url)
    _grow(world, 4, 5)
    large = _count(client, url)
    assert Realization.objects.filter(quarter=2).count() == 21
    assert small == large, (small, large)
