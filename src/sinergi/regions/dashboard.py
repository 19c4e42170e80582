"""What the home page shows: the user's governments with their units and leadership today.

Three queries whatever the number of governments, units and officials (four when leaders are in
office): the governments, their units (all, district offices, those in the user's scope) and
officials counted per government (correlated counts in one query), and
the leaders in office today (the terms of the positions without a unit, then those terms with
their officials). No COUNT over a join of units and officials. The queries are compiled once per
input (core.queries.compiled_rows) and run at every request.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from sinergi.core.queries import compiled_rows
from sinergi.core.scope import Action, scope_filter, scoped, user_scope
from sinergi.regions.choices import Capacity, UnitKind
from sinergi.regions.models import Government, Official, PositionTerm, Unit
from sinergi.regions.rules import EXERCISE_ORDER


def scoped_governments(user) -> list[Government]:
    """The user's governments (with their region), in region order."""
    return list(scoped(Government.objects.select_related("region__parent").order_by("region_id"), user))


def dashboard_context(user, governments: list[Government] | None = None) -> dict:
    """`governments`: scoped_governments(user), when the caller has them already."""
    today = timezone.localdate()
    if governments is None:
        governments = scoped_governments(user)
    ids = [g.pk for g in governments]
    units: dict[int, dict] = {}
    n_units = n_officials = 0
    officials: dict[int, int] = {}
    leaders: dict[int, list[PositionTerm]] = defaultdict(list)
    if ids:
        # Units in the user's scope (a unit role: its subtrees) counted in the same query.
        scope = user_scope(user)
        mine = scope_filter(Unit.scope_spec, scope, Action.VIEW)

        def count_units():
            # Per government, correlated counts (no join of units and officials): one query.
            def counted(model, condition=None):
                rows = model.objects.filter(government_id=OuterRef("pk"))
                if condition is not None:
                    rows = rows.filter(condition)
                return Coalesce(Subquery(rows.order_by().values("government_id")
                                         .annotate(c=Count("pk")).values("c")), 0)

            return (Government.objects.filter(pk__in=ids).order_by()
                    .annotate(n=counted(Unit), offices=counted(Unit, Q(kind=UnitKind.DISTRICT_OFFICE)),
                              mine=counted(Unit, mine) if mine is not None else counted(Unit),
                              people=counted(Official))
                    .values_list("pk", "n", "offices", "mine", "people"))

        key = tuple(ids)
        for government_id, n, offices, in_scope, people in compiled_rows(("summary:counts", key, scope),
                                                                          count_units):
            units[government_id] = {"n": n, "offices": offices}
            n_units += in_scope
            # Officials are seen government-wide: the scoped count is the sum over the governments.
            officials[government_id] = people
        n_officials = sum(officials.values())
        # The leaders today: per position without a unit (in the positions' order), the term
        # that exercises the office (definitive before Pj, Plt, ...).
        found = compiled_rows(("summary:leaders", key, today), lambda: (
            PositionTerm.objects.active_on(today)
            .filter(position__unit__isnull=True, position__government_id__in=ids)
            .order_by("position__government_id", "position__order", "position__title",
                      "position_id", "-start", "id").values_list("pk")))
        terms = []
        if found:
            order = {pk: i for i, (pk,) in enumerate(found)}
            terms = sorted(PositionTerm.objects.filter(pk__in=order).select_related("official", "position"),
                           key=lambda t: order[t.pk])
        by_position: dict[int, list[PositionTerm]] = defaultdict(list)
        for term in terms:
            by_position[term.position_id].append(term)
        for position_terms in by_position.values():
            first = sorted(position_terms, key=lambda t: EXERCISE_ORDER.index(t.capacity))[0]
            leaders[first.position.government_id].append(first)
    rows = []
    for government in governments:
        counted = units.get(government.pk, {})
        government.n_units = counted.get("n", 0)
        government.n_district_offices = counted.get("offices", 0)
        government.n_officials = officials.get(government.pk, 0)
        rows.append({"government": government, "leaders": leaders.get(government.pk, [])})
    acting = sum(
        1 for row in rows for term in row["leaders"] if term.capacity != Capacity.DEFINITIVE
    )
    return {
        "today": today,
        "rows": rows,
        "n_governments": len(rows),
        "n_units": n_units,
        "n_officials": n_officials,
        "n_acting": acting,
    }
