"""Saving the entry page costs a fixed number of queries whatever the number of rows (scope is
checked for the batch, the relations the checks follow are read with the rows), and
core.services.bulk_update_objects keeps its guarantees while doing so."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor, bulk_update_objects
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.monitoring.models import (
    Realization,
    RealizationOutput,
    ReportingPeriod,
    deferred_cumulative_check,
)
from sinergi.planning.models import Indicator
from tests.monitoring.conftest import YEAR, make_activity, open_period, realization

pytestmark = pytest.mark.django_db
D = Decimal


def _save_costs(client, world, n: int) -> tuple[int, int, int]:
    """Queries of: creating n drafts (with an output each), updating them, updating and
    submitting them — on Tapem's entry page, as Tapem's operator."""
    activities = [make_activity(world.tapem) for _ in range(n)]
    indicators = {a.pk: Indicator.objects.create(activity=a, name="Dok", measure_unit="dok",
                                                 annual_target=D(4)) for a in activities}
    url = reverse("monitoring:entry", args=[world.tapem.pk, YEAR, 1])

    def data(physical, output, action="save"):
        versions = dict(Realization.objects.values_list("activity_id", "version"))
        body = {"action": action}
        for a in activities:
            body.update({f"physical_{a.pk}": physical, f"financial_{a.pk}": "100",
                         f"version_{a.pk}": versions.get(a.pk, ""),
                         f"output_{indicators[a.pk].pk}": output})
        return body

    counts = []
    for args in (("10", "1"), ("20", "2"), ("30", "3", "submit")):
        if args[-1] == "submit":
            open_period(world.kutim, 1)
        body = data(*args)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, body)
        assert response.status_code == 302, (body["action"], response.content.decode()[-6000:])
        counts.append(len(queries))
    assert Realization.objects.filter(status=S.SUBMITTED).count() == n
    assert set(RealizationOutput.objects.values_list("value", flat=True)) == {D(3)}
    return tuple(counts)


@pytest.mark.parametrize("role", [Role.UNIT_OPERATOR, Role.COORDINATOR])
def test_entry_save_queries_are_constant(client, world, sample, role):
    """Before: updating cost ~4 queries per row, updating and submitting ~8 per row
    (24 -> 100 and 39 -> 191 queries for 1 -> 20 rows); now the same number for both."""
    client.force_login(world.users[role])
    costs = []
    for n in (1, 1, 20):  # the first round warms process-wide caches (content types)
        Realization.objects.all().delete()
        ReportingPeriod.objects.all().delete()
        costs.append(_save_costs(client, world, n))
    _warm, one, twenty = costs
    assert one == twenty, (one, twenty)
    # (+2 per bulk write for the stored rollups: the governments written, their stamps raised;
    # +1 per write of audit events for the audit chain's head, +1 more for its lock on PostgreSQL)
    assert max(twenty) <= 56


def test_entry_page_queries_with_outputs_are_constant(client, world, sample):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    url = reverse("monitoring:entry", args=[world.tapem.pk, YEAR, 2])
    counts = []
    for n in (1, 20):
        for _ in range(n):
            activity = make_activity(world.tapem)
            ind = Indicator.objects.create(activity=activity, name="Dok", measure_unit="dok",
                                           annual_target=D(4))
            q1 = realization(activity, 1, "10", "100", status=S.VERIFIED)
            q2 = realization(activity, 2, "20", "200")
            RealizationOutput.objects.create(realization=q1, indicator=ind, value=D(1))
            RealizationOutput.objects.create(realization=q2, indicator=ind, value=D(2))
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# ---------------------------------------------------------------------------- core guarantees


def _drafts(world, n):
    return [realization(make_activity(world.tapem), 1, "10", "100") for _ in range(n)]


@pytest.mark.parametrize("n", [1, 15])
def test_bulk_update_with_select_related_costs_no_query_per_row(world, sample, n):
    rows = _drafts(world, n)
    actor = Actor(world.users[Role.UNIT_OPERATOR])
    changes = [(r, {"physical": D(20)}, r.version) for r in rows]
    bulk_update_objects(actor, [(r, {"physical": D(15)}, r.version) for r in rows[:1]],
                        select_related=("activity__unit", "activity__nomenclature"))  # warm
    changes = [(r, {"physical": D(20)}, Realization.objects.get(pk=r.pk).version) for r in rows]
    with CaptureQueriesContext(connection) as queries, deferred_cumulative_check():
        written = bulk_update_objects(actor, changes,
                                      select_related=("activity__unit", "activity__nomenclature"))
    assert len(written) == n
    # Savepoint, locked read, scope, update, the audit chain's head (and lock on PostgreSQL),
    # audit insert, the government's rollup stamp (its id, then the raise), release: no query
    # per row.
    assert len(queries) <= 10, [q["sql"][:80] for q in queries]
    assert AuditEvent.objects.filter(content_type__model="realization", action="update").count() == n + 1


def test_bulk_update_still_refuses_rows_outside_the_scope(world, sample):
    inside = _drafts(world, 2)
    outside = realization(make_activity(world.bappeda), 1, "10", "100")
    operator = Actor(world.users[Role.UNIT_OPERATOR])
    with pytest.raises(PermissionDenied):
        bulk_update_objects(operator, [(r, {"physical": D(50)}, None) for r in [*inside, outside]],
                            select_related=("activity__unit",))
    assert set(Realization.objects.values_list("physical", flat=True)) == {D(10)}


def test_bulk_update_still_refuses_moving_a_row_out_of_the_scope(world, sample):
    [row] = _drafts(world, 1)
    elsewhere = make_activity(world.bappeda)
    operator = Actor(world.users[Role.UNIT_OPERATOR])
    with pytest.raises(PermissionDenied):
        bulk_update_objects(operator, [(row, {"activity": elsewhere}, None)],
                            select_related=("activity__unit",))
    assert Realization.objects.get(pk=row.pk).activity_id == row.activity_id


def test_bulk_update_checks_scope_in_chunks(world, sample, monkeypatch):
    from sinergi.core import services as core_services

    monkeypatch.setattr(core_services, "SCOPE_CHUNK", 2)
    inside = _drafts(world, 5)
    operator = Actor(world.users[Role.UNIT_OPERATOR])
    assert operator.user.scope  # resolved once per request (units and coordinations), before the batch
    with CaptureQueriesContext(connection) as queries, deferred_cumulative_check():
        written = bulk_update_objects(operator, [(r, {"physical": D(50)}, None) for r in inside],
                                      select_related=("activity__unit", "activity__nomenclature"))
    assert len(written) == 5
    # the subtree filter: a range on the unit path (SQLite >=, PostgreSQL's pattern operator ~>=~)
    scope_queries = [q for q in queries if '"path" >=' in q["sql"] or '"path" ~>=~' in q["sql"]]
    assert len(scope_queries) == 3  # 5 rows, 2 per query
    outside = realization(make_activity(world.bappeda), 1, "10", "100")
    with pytest.raises(PermissionDenied):
        bulk_update_objects(operator, [(r, {"physical": D(60)}, None) for r in [*inside, outside]],
                            select_related=("activity__unit",))
    assert set(Realization.objects.filter(activity__unit=world.tapem)
               .values_list("physical", flat=True)) == {D(50)}
