"""regions.dashboard (the summary under the home page's tasks) gives, for every role, the same
figures as counting each thing directly: units per government (all, district offices), officials
per government, the user's scoped totals, and the leader in office today per top position."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sinergi.core.roles import Role
from sinergi.core.scope import scoped
from sinergi.regions.choices import Capacity, PositionGrade, UnitKind
from sinergi.regions.dashboard import dashboard_context
from sinergi.regions.models import Government, Official, Position, PositionTerm, Unit
from sinergi.regions.rules import EXERCISE_ORDER
from tests import factories

ROLES = (Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER)


def expected(user) -> dict:
    today = timezone.localdate()
    rows, acting = [], 0
    for government in scoped(Government.objects.order_by("region_id"), user):
        leaders = []
        for position in Position.objects.filter(government=government, unit__isnull=True):
            terms = sorted(PositionTerm.objects.active_on(today).filter(position=position),
                           key=lambda t: EXERCISE_ORDER.index(t.capacity))
            if terms:
                leaders.append(terms[0].pk)
                acting += terms[0].capacity != Capacity.DEFINITIVE
        rows.append((government.pk, Unit.objects.filter(government=government).count(),
                     Unit.objects.filter(government=government, kind=UnitKind.DISTRICT_OFFICE).count(),
                     Official.objects.filter(government=government).count(), leaders))
    return {"rows": rows, "n_units": scoped(Unit.objects.all(), user).count(),
            "n_officials": scoped(Official.objects.all(), user).count(), "n_acting": acting}


def got(user) -> dict:
    context = dashboard_context(user)
    rows = [(r["government"].pk, r["government"].n_units, r["government"].n_district_offices,
             r["government"].n_officials, [t.pk for t in r["leaders"]]) for r in context["rows"]]
    return {"rows": rows, **{key: context[key] for key in ("n_units", "n_officials", "n_acting")}}


@pytest.mark.django_db
def test_summary_figures_are_those_counted_directly(world):
    today = timezone.localdate()
    regent = Position.objects.create(government=world.kutim, title="Bupati", order=1,
                                     grade=PositionGrade.REGIONAL_HEAD)
    deputy = Position.objects.create(government=world.kutim, title="Wakil Bupati", order=2,
                                     grade=PositionGrade.REGIONAL_HEAD)
    mimika_head = Position.objects.create(government=world.mimika, title="Bupati Mimika", order=1,
                                          grade=PositionGrade.REGIONAL_HEAD)
    people = [Official.objects.create(government=world.kutim, name=f"Pejabat {i}") for i in range(4)]
    PositionTerm.objects.create(position=regent, official=people[0], start=today - dt.timedelta(days=400))
    # A Plh while the regent is away (regions.rules.EXERCISE_ORDER decides who exercises).
    PositionTerm.objects.create(position=regent, official=people[1], capacity=Capacity.PLH,
                                start=today - dt.timedelta(days=2), end=today + dt.timedelta(days=2))
    PositionTerm.objects.create(position=deputy, official=people[2], capacity=Capacity.PLT,
                                start=today - dt.timedelta(days=20))
    PositionTerm.objects.create(position=deputy, official=people[3],  # ended
                                start=today - dt.timedelta(days=900), end=today - dt.timedelta(days=30))
    PositionTerm.objects.create(position=mimika_head, official=Official.objects.create(
        government=world.mimika, name="Pejabat Mimika"), capacity=Capacity.PJ, start=today)
    users = [world.users[role] for role in ROLES]
    users.append(factories.user("operator-kecamatan", Role.UNIT_OPERATOR, [world.kec_sangatta]))
    for user in users:
        assert got(user) == expected(user), user.username
    leaders = {t for row in got(world.users[Role.ADMINISTRATOR])["rows"] for t in row[4]}
    assert deputy.terms.get(official=people[2]).pk in leaders  # not the ended term
    assert len([t for t in leaders if t in set(regent.terms.values_list("pk", flat=True))]) == 1
