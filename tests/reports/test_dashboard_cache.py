"""The dashboard is built once per version of its government's data (reports.dashboard_cache)
and never shows a figure older than the data: after every kind of write a user can make — entry,
submission, verification, return, reopening, an import's bulk write, a plan revision, a unit
renamed, an activity tagged with a priority — the page equals a dashboard built afresh."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.core.roles import Role
from sinergi.core.scope import scoped
from sinergi.core.services import Actor, update_object
from sinergi.monitoring import rollups
from sinergi.monitoring import services as monitoring
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.monitoring.models import Realization
from sinergi.planning import lifecycle
from sinergi.planning.choices import RevisionKind
from sinergi.planning.models import Activity
from sinergi.planning.services import set_quarter_targets
from sinergi.regions.models import Unit
from sinergi.reports import dashboard
from tests.monitoring.conftest import YEAR, open_period
from tests.reports.test_dashboard import _asta_cita, _url, plan, rpjmd  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
_commit = None


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    """The cache is filled when the reader's transaction commits; each test runs in one that
    never does, so the page reads below run their commit callbacks as a request would."""
    global _commit
    _commit = django_capture_on_commit_callbacks


def _page(client, world, quarter=2):
    with _commit(execute=True):
        response = client.get(_url(world, quarter))
    assert response.status_code == 200
    return response.context["dash"], response.context.get("charts")


def _fresh(world, user, quarter=2):
    activities = scoped(rollups.activities_for(world.kutim.pk, YEAR), user)
    units = scoped(Unit.objects.filter(government=world.kutim), user).order_by("path")
    dash = dashboard.build(activities, units, government=world.kutim, year=YEAR, quarter=quarter,
                           goal=monitoring.year_end_goal(world.kutim))
    return dash, dashboard.chart_data(dash)


def _same_as_fresh(client, world, user, quarter=2):
    dash, charts = _page(client, world, quarter)
    fresh, fresh_charts = _fresh(world, user, quarter)
    assert charts == fresh_charts
    assert dash.total == fresh.total and dash.completeness == fresh.completeness
    return charts


@pytest.fixture
def coordinator(client, world):
    open_period(world.kutim, 2)
    client.force_login(world.users[Role.COORDINATOR])
    return client


def test_the_page_is_reused_until_the_data_changes(coordinator, world, plan):  # noqa: F811
    with CaptureQueriesContext(connection) as first:
        before = _page(coordinator, world)[1]
    with CaptureQueriesContext(connection) as second:
        again = _page(coordinator, world)[1]
    assert again == before
    assert len(second.captured_queries) < len(first.captured_queries) - 10


def _entry(world, plan):  # noqa: F811
    """The operator types the quarter's figures and submits them."""
    actor = Actor(world.users[Role.UNIT_OPERATOR])
    version = Realization.objects.get(activity=plan["c"], quarter=2).version
    row = monitoring.save_draft(actor, Activity.objects.get(pk=plan["c"].pk), 2,
                                monitoring.Values(Decimal("70"), Decimal("60000000")),
                                expected_version=version)
    monitoring.submit(actor, row, expected_version=row.version)


def _submit(world, plan):  # noqa: F811
    row = Realization.objects.get(activity=plan["c"], quarter=2)
    monitoring.submit(Actor(world.users[Role.UNIT_OPERATOR]), row, expected_version=None)


def _verify(world, plan):  # noqa: F811
    row = Realization.objects.get(activity=plan["a"], quarter=2)
    monitoring.verify(Actor(world.users[Role.COORDINATOR]), row, expected_version=None)


def _return(world, plan):  # noqa: F811
    row = Realization.objects.get(activity=plan["e"], quarter=2)
    monitoring.return_realization(Actor(world.users[Role.COORDINATOR]), row, "Bukti fisik belum ada",
                                  expected_version=None)


def _reopen(world, plan):  # noqa: F811
    row = Realization.objects.get(activity=plan["d"], quarter=2)
    monitoring.reopen(Actor(world.users[Role.COORDINATOR]), row, "Angka keuangan keliru",
                      expected_version=None)


def _bulk(world, plan):  # noqa: F811
    """An import's path: several drafts in one bulk write (core.signals.rows_written)."""
    actor = Actor(world.users[Role.COORDINATOR])
    monitoring.save_drafts(actor, [
        monitoring.Entry(Activity.objects.get(pk=plan["c"].pk), 2,
                         monitoring.Values(Decimal("90"), Decimal("90000000")),
                         version=Realization.objects.get(activity=plan["c"], quarter=2).version),
        monitoring.Entry(Activity.objects.get(pk=plan["b"].pk), 3,
                         monitoring.Values(Decimal("20"), Decimal("10000000"))),
    ])
    rows = Realization.objects.filter(activity__in=[plan["c"], plan["b"]], quarter=2, status=S.DRAFT)
    monitoring.transition(actor, "submit", [(row, row.version) for row in rows])


def _revision(world, plan):  # noqa: F811
    coordinator = Actor(world.users[Role.COORDINATOR])
    lifecycle.adopt(coordinator, world.kutim, YEAR, reference="DPA 1/2025")
    lifecycle.start_revision(coordinator, lifecycle.plan_of(world.kutim.pk, YEAR),
                             kind=RevisionKind.PERGESERAN, effective_quarter=2)
    b = Activity.objects.get(pk=plan["b"].pk)
    update_object(coordinator, b, {"budget": Decimal("300000000")}, expected_version=None)
    set_quarter_targets(coordinator, Activity.objects.get(pk=b.pk),
                        {q: (Decimal(p), Decimal(f)) for q, (p, f) in
                         {1: ("25", "75000000"), 2: ("50", "150000000"), 3: ("75", "225000000"),
                          4: ("100", "300000000")}.items()})
    lifecycle.adopt_revision(coordinator, lifecycle.plan_of(world.kutim.pk, YEAR))


def _rename(world, plan):  # noqa: F811
    unit = Unit.objects.get(pk=world.bappeda.pk)
    update_object(Actor(world.users[Role.ADMINISTRATOR]), unit, {"name": "Bappelitbangda Kutai Timur"},
                  expected_version=None)


def _tag(world, plan):  # noqa: F811
    Activity.objects.get(pk=plan["b"].pk).priorities.add(_asta_cita("6"))


WRITES = {"entry": _entry, "submission": _submit, "verification": _verify, "return": _return,
          "reopen": _reopen, "import (bulk)": _bulk, "plan revision": _revision, "unit renamed": _rename,
          "priority tagged": _tag}


@pytest.mark.parametrize("write", list(WRITES))
def test_after_every_kind_of_write_the_page_shows_the_data(coordinator, world, plan, write):  # noqa: F811
    user = world.users[Role.COORDINATOR]
    before = _same_as_fresh(coordinator, world, user)
    _page(coordinator, world)  # cached now
    WRITES[write](world, plan)
    after = _same_as_fresh(coordinator, world, user)
    if write not in ("verification", "submission"):  # both still count as reported
        assert after != before, "the write should change what the page shows"


def test_readers_with_another_scope_never_share_an_entry(client, world, plan):  # noqa: F811
    open_period(world.kutim, 2)
    client.force_login(world.users[Role.COORDINATOR])
    everything = _page(client, world)[0]
    client.force_login(world.users[Role.UNIT_HEAD])
    own = _page(client, world)[0]
    assert {f.unit.pk for f in own.units} < {f.unit.pk for f in everything.units}
    assert own.total == _fresh(world, world.users[Role.UNIT_HEAD])[0].total


def test_a_status_change_in_the_background_is_seen(coordinator, world, plan):  # noqa: F811
    """A write outside the services (the admin, a shell) goes through the model's signals."""
    _page(coordinator, world)
    row = Realization.objects.get(activity=plan["e"], quarter=2)
    row.status = S.DRAFT
    row.save()
    _same_as_fresh(coordinator, world, world.users[Role.COORDINATOR])


def test_the_unit_page_follows_the_data_too(coordinator, world, plan):  # noqa: F811
    from django.urls import reverse

    url = reverse("reports:dashboard_unit", args=[world.kec_sangatta.pk]) + f"?year={YEAR}&quarter=2"

    def unit_page():
        with _commit(execute=True):
            response = coordinator.get(url)
        assert response.status_code == 200
        return response.context["dash"]

    before = unit_page()
    unit_page()
    _reopen(world, plan)  # Sangatta Utara's TW II goes back to draft: 0 % now
    after = unit_page()
    assert after.total != before.total
    user = world.users[Role.COORDINATOR]
    activities = scoped(rollups.activities_for(world.kutim.pk, YEAR), user).filter(
        unit__path__subtree=world.kec_sangatta.path)
    units = scoped(Unit.objects.filter(path__subtree=world.kec_sangatta.path), user).order_by("path")
    fresh = dashboard.build(activities, units, government=world.kutim, year=YEAR, quarter=2,
                            unit=world.kec_sangatta)
    assert after.total == fresh.total
