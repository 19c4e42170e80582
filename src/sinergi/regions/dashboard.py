"""What the home page shows: the user's governments with their units and leadership today."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from sinergi.core.scope import scoped
from sinergi.regions.choices import Capacity
from sinergi.regions.models import Government, Official, Position, PositionTerm, Unit
from sinergi.regions.rules import EXERCISE_ORDER


def dashboard_context(user) -> dict:
    today = timezone.localdate()
    active_terms = PositionTerm.objects.active_on(today).select_related("official", "position")
    governments = (
        scoped(Government.objects.select_related("region__parent").order_by("region_id"), user)
        .annotate(
            n_units=Count("units", distinct=True),
            n_district_offices=Count(
                "units", filter=Q(units__kind="district_office"), distinct=True
            ),
            n_officials=Count("officials", distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=Position.objects.filter(unit__isnull=True).prefetch_related(
                    Prefetch("terms", queryset=active_terms, to_attr="active")
                ),
                to_attr="leadership",
            )
        )
    )
    rows = []
    for government in governments:
        leaders = []
        for position in government.leadership:
            terms = sorted(position.active, key=lambda t: EXERCISE_ORDER.index(t.capacity))
            if terms:
                leaders.append(terms[0])
        rows.append({"government": government, "leaders": leaders})
    acting = sum(
        1 for row in rows for term in row["leaders"] if term.capacity != Capacity.DEFINITIVE
    )
    return {
        "today": today,
        "rows": rows,
        "n_governments": len(rows),
        "n_units": scoped(Unit.objects.all(), user).count(),
        "n_officials": scoped(Official.objects.all(), user).count(),
        "n_acting": acting,
    }
