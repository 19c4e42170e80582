"""What the home page shows: the user's governments with their units and leadership today.

Four queries whatever the number of governments, units and officials (five when leaders are in
office): the governments, the units counted per government (all, district offices, those in the
user's scope: conditional counts in one grouped query), the officials counted per government, and
the leaders in office today (the terms of the positions without a unit, then those terms with
their officials). No COUNT over a join of units and officials. The queries are compiled once per
input (core.queries.compiled_rows) and run at every request.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q
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
            counts = {"n": Count("pk"), "offices": Count("pk", filter=Q(kind=UnitKind.DISTRICT_OFFICE)),
                      "mine": Count("pk", filter=mine) if mine is not None else Count("pk")}
            return (Unit.objects.filter(government_id__in=ids).order_by()
                    .values("government_id").annotate(**counts)
                    .values_list("government_id", "n", "offices", "mine"))

        key = tuple(ids)
        for government_id, n, offices, in_scope in compiled_rows(("summary:units", key, scope), count_units):
            units[government_id] = {"n": n, "offices": offices}
            n_units += in_scope
        # Officials are seen government-wide: the scoped count is the sum over the governments.
        officials = dict(compiled_rows(("summary:officials", key), lambda: (
            Official.objects.filter(government_id__in=ids).order_by()
            .values("government_id").annotate(n=Count("pk")).values_list("government_id", "n"))))
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
